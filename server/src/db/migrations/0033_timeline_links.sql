-- A timeline item (a note or an activity) shown on a record's timeline beyond what its own fields
-- link it to: a converted lead's history carried on to its contact, company and deal (decision 025).
-- The item keeps its own links (the lead's timeline still shows it); who may see it is still the
-- item's own rule. `via_*` names the record whose history it was carried from.
CREATE TABLE timeline_links (
  object_type text NOT NULL,
  record_id uuid NOT NULL,
  item_kind text NOT NULL,
  item_id uuid NOT NULL,
  via_object text,
  via_id uuid,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (object_type, record_id, item_kind, item_id)
);
-- A merged item's links follow it.
CREATE INDEX timeline_links_item ON timeline_links (item_id);

-- An engagement recorded for something in Kith (a meeting booked about the lead) names it, so that
-- it is recorded once per thing whatever the retries and edits.
ALTER TABLE lead_engagements ADD COLUMN source_id uuid;
CREATE UNIQUE INDEX lead_engagements_source ON lead_engagements (lead_id, kind, source_id) WHERE source_id IS NOT NULL;

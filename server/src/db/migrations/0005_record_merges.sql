-- Which record was merged into which: the survivor's history shows the merged records' history too.
CREATE TABLE record_merges (
  object_type text NOT NULL,
  from_id uuid NOT NULL,
  into_id uuid NOT NULL,
  merged_by uuid REFERENCES users(id) ON DELETE SET NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (object_type, from_id)
);
CREATE INDEX record_merges_into ON record_merges (object_type, into_id);

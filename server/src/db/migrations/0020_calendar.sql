-- The calendar (issue 12, decision 018). The events table is generated from the registry entry
-- (`npm run db:generate -- calendar`, decision 009); attendees, feeds and reminders are the module's own.

-- event (calendar_events)
CREATE TABLE calendar_events (
  "id" uuid PRIMARY KEY,
  "title" text NOT NULL DEFAULT ''::text,
  "search_text" text NOT NULL DEFAULT ''::text,
  "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, kith_unaccent(search_text))) STORED,
  "subject" text NOT NULL,
  "starts_at" timestamptz NOT NULL,
  "ends_at" timestamptz NOT NULL,
  "all_day" boolean NOT NULL DEFAULT false,
  "time_zone" text NOT NULL,
  "location" text,
  "video_url" text,
  "description" text,
  "about_object" text,
  "about_id" uuid,
  "status" text,
  "recurrence" text,
  "reminder_minutes" int,
  "organizer_id" uuid REFERENCES users(id) ON DELETE SET NULL,
  "sequence" int,
  "series_ends_at" timestamptz,
  "created_by" uuid REFERENCES users(id) ON DELETE SET NULL,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  "deleted_at" timestamptz
);
ALTER TABLE calendar_events ADD CONSTRAINT calendar_events_about_link CHECK ((about_object IS NULL) = (about_id IS NULL)); -- object and id set together
CREATE INDEX calendar_events_title ON calendar_events USING btree (title, id) WHERE deleted_at IS NULL; -- sort by name
CREATE INDEX calendar_events_created ON calendar_events USING btree (created_at, id) WHERE deleted_at IS NULL; -- sort by created
CREATE INDEX calendar_events_updated ON calendar_events USING btree (updated_at, id) WHERE deleted_at IS NULL; -- sort by updated
CREATE INDEX calendar_events_deleted ON calendar_events USING btree (deleted_at, id) WHERE deleted_at IS NOT NULL; -- the bin
CREATE INDEX calendar_events_search ON calendar_events USING gin (search_vector) WHERE deleted_at IS NULL; -- full-text search
CREATE INDEX calendar_events_owner_title ON calendar_events USING btree (organizer_id, title, id) WHERE deleted_at IS NULL; -- own/team scope, sort by name
CREATE INDEX calendar_events_owner_created ON calendar_events USING btree (organizer_id, created_at, id) WHERE deleted_at IS NULL; -- own/team scope, sort by created
CREATE INDEX calendar_events_starts_at ON calendar_events USING btree (starts_at, id) WHERE deleted_at IS NULL; -- sort and filter
CREATE INDEX calendar_events_about_object_about_id ON calendar_events USING btree (about_object, about_id, starts_at, id) WHERE deleted_at IS NULL; -- records linking to a record, newest first (its timeline, "linked from" lists, merges)
CREATE INDEX calendar_events_status ON calendar_events USING btree (status, id) WHERE deleted_at IS NULL; -- filter
CREATE INDEX calendar_events_organizer_id_starts_at ON calendar_events USING btree (organizer_id, starts_at, id) WHERE deleted_at IS NULL; -- declared by the entry (organizerId, startsAt)
SELECT kith_enable_search_words('calendar_events');

-- Who is invited, users or contacts, and what each answered (iTIP PARTSTAT). One row per person per event.
CREATE TABLE event_attendees (
  id uuid PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES calendar_events(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  contact_id uuid REFERENCES contacts(id) ON DELETE CASCADE,
  response text NOT NULL DEFAULT 'needsAction' CHECK (response IN ('needsAction', 'accepted', 'declined', 'tentative')),
  responded_at timestamptz,
  CHECK ((user_id IS NULL) <> (contact_id IS NULL))
);
CREATE UNIQUE INDEX event_attendees_event_user ON event_attendees (event_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX event_attendees_event_contact ON event_attendees (event_id, contact_id) WHERE contact_id IS NOT NULL;
-- A person's calendar (events they attend), and a contact's meetings for its timeline.
CREATE INDEX event_attendees_user ON event_attendees (user_id, event_id) WHERE user_id IS NOT NULL;
CREATE INDEX event_attendees_contact ON event_attendees (contact_id, event_id) WHERE contact_id IS NOT NULL;

-- A person's secret iCalendar feed: only the token's SHA-256 is kept; a new token replaces the old.
CREATE TABLE calendar_feeds (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Reminders already sent, per occurrence, so that a job run twice tells no one twice.
CREATE TABLE event_reminders_sent (
  event_id uuid NOT NULL REFERENCES calendar_events(id) ON DELETE CASCADE,
  occurrence_at timestamptz NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, occurrence_at)
);

-- Mail may carry attachments (an invitation's .ics): [{ filename, contentType, content }].
ALTER TABLE outbox ADD COLUMN attachments jsonb;

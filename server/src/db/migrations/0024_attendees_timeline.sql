-- A contact's meetings on its timeline, newest first, from an index (decision 016): the attendees
-- keep a copy of their meeting's start, kept by triggers whoever writes (the API, the seed, an
-- import), so that the timeline no longer walks every meeting backwards to find a contact's.
ALTER TABLE event_attendees ADD COLUMN starts_at timestamptz;
UPDATE event_attendees a SET starts_at = e.starts_at FROM calendar_events e WHERE e.id = a.event_id;
ALTER TABLE event_attendees ALTER COLUMN starts_at SET NOT NULL;
CREATE INDEX event_attendees_contact_time ON event_attendees (contact_id, starts_at, event_id) WHERE contact_id IS NOT NULL;

CREATE FUNCTION kith_attendee_starts_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.starts_at := (SELECT e.starts_at FROM calendar_events e WHERE e.id = NEW.event_id);
  RETURN NEW;
END $$;
CREATE TRIGGER event_attendees_starts_at BEFORE INSERT OR UPDATE OF event_id ON event_attendees
  FOR EACH ROW EXECUTE FUNCTION kith_attendee_starts_at();

CREATE FUNCTION kith_event_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event_attendees SET starts_at = NEW.starts_at WHERE event_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER calendar_events_moved AFTER UPDATE OF starts_at ON calendar_events
  FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at) EXECUTE FUNCTION kith_event_moved();

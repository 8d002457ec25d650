-- Event handlers of modules read the events table in commit order (decision 015).
--
-- Event ids (uuidv7) follow the clock, not commits: a transaction that wrote an event first can
-- commit last, and a reader that kept "the last id I saw" would skip it. So each event carries
-- the id of the transaction that wrote it, and a handler reads only events whose transaction is
-- older than every transaction still running (pg_snapshot_xmin): nothing can be added below that
-- line any more, so a cursor of (xid, id) never skips an event.
ALTER TABLE events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_xid ON events (xid, id);

-- Where each handler stands in the stream, and its trouble if the last attempt failed (it stops
-- at that event and tries again later, so that no event is skipped or handled out of order).
CREATE TABLE event_handlers (
  name text PRIMARY KEY,
  xid xid8 NOT NULL,
  event_id uuid,
  handled bigint NOT NULL DEFAULT 0,
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  retry_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

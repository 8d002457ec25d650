-- Notifications (issue 12): one row per recipient; the unread ones are what the bell counts, the
-- digest mails and the centre lists first.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  title text NOT NULL,
  body text,
  object_type text,
  record_id uuid,
  actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  -- False when the person turned this kind off in the app but on by email: only the digest sends it.
  in_app boolean NOT NULL DEFAULT true,
  -- Set once the digest has mailed it (or decided not to), so no notification is mailed twice.
  emailed_at timestamptz,
  CHECK ((object_type IS NULL) = (record_id IS NULL))
);
-- A person's centre, newest first (keyset on created_at, id); the unread ones for the count.
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC) WHERE in_app;
CREATE INDEX notifications_unread ON notifications (user_id, created_at DESC, id DESC) WHERE in_app AND read_at IS NULL;
-- The digest's work: unread and not yet mailed.
CREATE INDEX notifications_to_mail ON notifications (user_id, created_at) WHERE read_at IS NULL AND emailed_at IS NULL;

-- What a person wants, per kind (a missing row: in the app and by email) and how often the digest comes.
CREATE TABLE notification_preferences (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  kinds jsonb NOT NULL DEFAULT '{}'::jsonb,
  digest text NOT NULL DEFAULT 'daily' CHECK (digest IN ('never', 'hourly', 'daily')),
  last_digest_at timestamptz
);

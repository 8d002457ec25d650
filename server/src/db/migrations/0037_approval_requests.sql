-- Approval as a step on the records path (decision 028): a record waits for someone's yes or no,
-- and cannot be changed or deleted meanwhile. One row per request; a later issue's approval
-- processes (several steps, in order or together) add rows per step beside these.
CREATE TABLE approval_requests (
  id uuid PRIMARY KEY,
  object_type text NOT NULL,
  record_id uuid NOT NULL,
  -- Which of the object's approval rules asked (a module's key: 'discount').
  rule text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  reason text NOT NULL,
  -- The values that made it needed, as they were when it was asked (the approver decides on these).
  snapshot jsonb NOT NULL DEFAULT '{}'::jsonb,
  requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  requested_at timestamptz NOT NULL,
  -- Who may decide (admins may too).
  approver_ids uuid[] NOT NULL,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  comment text
);
-- At most one request waits per record: the lock is "this row exists".
CREATE UNIQUE INDEX approval_requests_pending ON approval_requests (object_type, record_id) WHERE status = 'pending';
-- A record's requests, newest first.
CREATE INDEX approval_requests_record ON approval_requests (object_type, record_id, requested_at DESC, id DESC);
-- What waits for me: pending requests naming me among their approvers.
CREATE INDEX approval_requests_approvers ON approval_requests USING gin (approver_ids) WHERE status = 'pending';
-- What I asked for, newest first.
CREATE INDEX approval_requests_requester ON approval_requests (requested_by, requested_at DESC, id DESC);
-- Every request, newest first (an admin's list).
CREATE INDEX approval_requests_time ON approval_requests (requested_at DESC, id DESC);

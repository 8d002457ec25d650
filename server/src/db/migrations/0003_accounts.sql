-- Accounts: opaque public ids for sessions and one-time links (their primary keys are token
-- hashes and never leave the server), and the teams an invitation puts its user in.
ALTER TABLE sessions ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX sessions_public_id ON sessions (public_id);

ALTER TABLE auth_tokens ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE auth_tokens ADD COLUMN team_ids uuid[] NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX auth_tokens_public_id ON auth_tokens (public_id);
CREATE INDEX auth_tokens_pending ON auth_tokens (kind, lower(email)) WHERE used_at IS NULL;
CREATE INDEX auth_tokens_user ON auth_tokens (user_id) WHERE user_id IS NOT NULL;

CREATE INDEX api_keys_role ON api_keys (role_id);
CREATE INDEX users_role ON users (role_id);

-- Who may do what is cached in each process (sessions, API keys, roles, teams). Every change that
-- could narrow someone's rights announces itself on the kith_auth channel from the database
-- itself, so that no code path can forget to, and every process drops what it cached.
CREATE OR REPLACE FUNCTION kith_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
  PERFORM pg_notify('kith_auth', json_build_object('kind', TG_ARGV[0], 'id', changed ->> TG_ARGV[1])::text);
  RETURN NULL;
END $$;

-- Sessions: revoked or removed (sliding expiry writes last_seen_at and stays quiet).
CREATE TRIGGER sessions_auth_changed AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at > NEW.expires_at)
  EXECUTE FUNCTION kith_auth_changed('session', 'id');
CREATE TRIGGER sessions_auth_deleted AFTER DELETE ON sessions FOR EACH ROW
  EXECUTE FUNCTION kith_auth_changed('session', 'id');

-- Users: role, status or anything a session shows about them (sign-in times stay quiet).
CREATE TRIGGER users_auth_changed AFTER UPDATE ON users FOR EACH ROW
  WHEN ((OLD.role_id, OLD.is_active, OLD.email, OLD.name, OLD.time_zone, OLD.locale, OLD.avatar_url, OLD.password_hash)
        IS DISTINCT FROM (NEW.role_id, NEW.is_active, NEW.email, NEW.name, NEW.time_zone, NEW.locale, NEW.avatar_url, NEW.password_hash))
  EXECUTE FUNCTION kith_auth_changed('user', 'id');
CREATE TRIGGER users_auth_deleted AFTER DELETE ON users FOR EACH ROW
  EXECUTE FUNCTION kith_auth_changed('user', 'id');

CREATE TRIGGER roles_auth_changed AFTER UPDATE OR DELETE ON roles FOR EACH ROW
  EXECUTE FUNCTION kith_auth_changed('role', 'id');

-- Team membership decides the 'team' scope of everyone in the team.
CREATE TRIGGER team_members_auth_changed AFTER INSERT OR UPDATE OR DELETE ON team_members FOR EACH ROW
  EXECUTE FUNCTION kith_auth_changed('team', 'team_id');

-- API keys: revoked or given another role (last_used_at stays quiet).
CREATE TRIGGER api_keys_auth_changed AFTER UPDATE ON api_keys FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.role_id IS DISTINCT FROM NEW.role_id)
  EXECUTE FUNCTION kith_auth_changed('apiKey', 'id');
CREATE TRIGGER api_keys_auth_deleted AFTER DELETE ON api_keys FOR EACH ROW
  EXECUTE FUNCTION kith_auth_changed('apiKey', 'id');

-- Rate limits shared by every process: one fixed window per key (a hash: no address or email
-- is kept). Unlogged: losing the counters in a crash only resets the windows.
CREATE UNLOGGED TABLE rate_limits (
  key text PRIMARY KEY,
  hits int NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_reset_at ON rate_limits (reset_at);

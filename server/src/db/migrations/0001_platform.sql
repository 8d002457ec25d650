-- The platform: organisation, people and access, audit, events, mail, custom fields, views.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is STABLE (it reads a dictionary); index expressions need IMMUTABLE.
CREATE OR REPLACE FUNCTION kith_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE TABLE organization (
  id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roles (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  is_builtin boolean NOT NULL DEFAULT false,
  is_admin boolean NOT NULL DEFAULT false,
  permissions jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text,
  role_id uuid NOT NULL REFERENCES roles(id),
  time_zone text NOT NULL DEFAULT 'UTC',
  locale text NOT NULL DEFAULT 'en',
  avatar_url text,
  is_active boolean NOT NULL DEFAULT true,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_name_trgm ON users USING gin (kith_unaccent(lower(name)) gin_trgm_ops);

CREATE TABLE teams (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  manager_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));

CREATE TABLE team_members (
  team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

-- A session's id is the SHA-256 of the cookie's token: a stolen table holds no usable token.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links (password reset, invitation): stored hashed, like sessions.
CREATE TABLE auth_tokens (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('reset', 'invite')),
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  email text,
  name text,
  role_id uuid REFERENCES roles(id) ON DELETE CASCADE,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  role_id uuid NOT NULL REFERENCES roles(id),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE audit_log (
  id uuid PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_kind text NOT NULL,
  ip text,
  user_agent text,
  action text NOT NULL,
  object_type text,
  record_id uuid,
  changes jsonb
);
CREATE INDEX audit_log_record ON audit_log (object_type, record_id, at DESC);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);

-- Domain events, written in the same transaction as the change (for workflows, webhooks, realtime).
CREATE TABLE events (
  id uuid PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  object_type text,
  record_id uuid,
  actor_id uuid,
  payload jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_type_at ON events (type, at);

CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text,
  status text NOT NULL CHECK (status IN ('captured', 'queued', 'sent', 'failed')),
  error text,
  sent_at timestamptz
);
CREATE INDEX outbox_created ON outbox (created_at DESC, id DESC);

CREATE TABLE custom_fields (
  id uuid PRIMARY KEY,
  object_type text NOT NULL,
  name text NOT NULL,
  column_name text NOT NULL,
  label text NOT NULL,
  type text NOT NULL,
  options jsonb,
  required boolean NOT NULL DEFAULT false,
  searchable boolean NOT NULL DEFAULT false,
  relation_object text,
  position int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (object_type, name)
);

CREATE TABLE saved_views (
  id uuid PRIMARY KEY,
  object_type text NOT NULL,
  name text NOT NULL,
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  shared boolean NOT NULL DEFAULT false,
  config jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_views_object ON saved_views (object_type, owner_id);

CREATE TABLE import_mappings (
  id uuid PRIMARY KEY,
  object_type text NOT NULL,
  header_key text NOT NULL,
  mapping jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (object_type, header_key)
);

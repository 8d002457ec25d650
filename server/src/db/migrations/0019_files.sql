-- Files attached to any record (decision 017): a file is a name on a record; each upload of it is a
-- version whose bytes live in storage (the data directory or S3) under the version's own id.

CREATE TABLE files (
  id uuid PRIMARY KEY,
  object_type text NOT NULL,
  record_id uuid NOT NULL,
  latest_version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
-- A record's files, newest first, a keyset page at a time.
CREATE INDEX files_record ON files (object_type, record_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- A merge moves a record's files (deleted ones too) by its id alone.
CREATE INDEX files_record_id ON files (record_id);

CREATE TABLE file_versions (
  file_id uuid NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  sha256 text NOT NULL,
  -- Where the bytes are: 'local' (the data directory) or 's3', under this key (the version's own id).
  storage text NOT NULL CHECK (storage IN ('local', 's3')),
  storage_key text NOT NULL UNIQUE,
  uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (file_id, version)
);

-- CSV imports: one row per uploaded file, its mapping and progress. Progress is written in the
-- same transaction as each batch of records, so a restarted job resumes after the last committed
-- batch (processed_rows rows of the file).
CREATE TABLE imports (
  id uuid PRIMARY KEY,
  object_type text NOT NULL,
  file_name text NOT NULL,
  file_size bigint NOT NULL,
  encoding text NOT NULL,
  delimiter text NOT NULL,
  headers jsonb NOT NULL,
  row_count_estimate int NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('uploaded', 'queued', 'running', 'done', 'failed')),
  mapping jsonb,
  duplicate_mode text CHECK (duplicate_mode IN ('skip', 'update', 'create')),
  create_missing boolean NOT NULL DEFAULT false,
  total_rows int,
  processed_rows int NOT NULL DEFAULT 0,
  created_count int NOT NULL DEFAULT 0,
  updated_count int NOT NULL DEFAULT 0,
  skipped_count int NOT NULL DEFAULT 0,
  failed_count int NOT NULL DEFAULT 0,
  error text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX imports_created ON imports (created_at DESC, id DESC);
CREATE INDEX imports_creator ON imports (created_by, created_at DESC);

-- The rows an import refused, with the reason per field and the row's cells (for errors.csv).
-- At most 10,000 per import are kept; the import's failed_count stays exact.
CREATE TABLE import_errors (
  import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  row_number int NOT NULL,
  errors jsonb NOT NULL,
  cells jsonb NOT NULL,
  PRIMARY KEY (import_id, row_number)
);

-- Import options beyond the mapping (what to do with unknown select values), rows written with a
-- warning (kept beside the refused rows, told apart by kind), and a quick look-up of uploads that
-- were never started (they expire).
ALTER TABLE imports ADD COLUMN options jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE imports ADD COLUMN warning_count int NOT NULL DEFAULT 0;
ALTER TABLE import_errors ADD COLUMN kind text NOT NULL DEFAULT 'error' CHECK (kind IN ('error', 'warning'));
CREATE INDEX imports_stale_uploads ON imports (created_at) WHERE status = 'uploaded';

-- A custom field made searchable (or no longer searchable) after rows exist: a background job
-- recomputes search_text over those rows in keyset batches. Its progress lives on the field, so
-- the data-model page can show it and a restarted job resumes where it stopped.
ALTER TABLE custom_fields
  ADD COLUMN reindex_token uuid,                  -- the job doing the work; a newer change replaces it
  ADD COLUMN reindex_done bigint NOT NULL DEFAULT 0,
  ADD COLUMN reindex_total bigint,                -- null until the job has counted the rows
  ADD COLUMN reindex_after uuid,                  -- keyset cursor: the last id done
  ADD COLUMN reindex_finished_at timestamptz;

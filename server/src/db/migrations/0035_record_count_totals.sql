-- Whole-table totals beside the per-owner counts (decision 012, "Totals for readers of every row").
-- A reader who sees every row (an admin, a manager) summed one row per owner for each group —
-- 9,000 rows for one pipeline's board at 220 owners and 3 currencies. The rows with whole = true
-- hold the same counts added up over owners (owner_id NULL), kept by the fold and the rebuild;
-- the triggers still append per owner to record_count_deltas, which has no such column.
ALTER TABLE record_counts ADD COLUMN whole boolean NOT NULL DEFAULT false;
ALTER TABLE record_counts DROP CONSTRAINT record_counts_key;
ALTER TABLE record_counts ADD CONSTRAINT record_counts_key
  UNIQUE NULLS NOT DISTINCT (table_name, field, value, whole, owner_id, metric, currency);
-- The counts are made again at the next start (the signature's version changed with this).

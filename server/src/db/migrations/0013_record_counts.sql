-- Counts and sums per group, kept by the database (decision 012). A board over a million records
-- counted its columns with a scan of the table on every view (390 ms at 1M contacts); these
-- tables hold the same numbers, per owner so that own and team scopes add up only their owners.
--
-- Each registry table with select or yes/no fields to group by gets statement-level triggers
-- (made at start-up from the registry: server/src/platform/records/record-counts.ts) that append
-- what a statement changed to record_count_deltas; inserts only, so concurrent writers never wait
-- for each other. A reader sums record_counts and the deltas in one statement; a fold moves the
-- deltas into record_counts now and then.

-- One row per (table, group field, value, owner, metric, currency).
--   field     the group field's column; '' for all rows of the table
--   value     the group's value as text (yes/no as true/false); NULL for the empty group
--   owner_id  the rows' owner; NULL for rows without one (or a table without owners)
--   metric    the summed field's column; '' for the row count
--   currency  a money metric's currency; '' otherwise
--   n         rows (metric ''), or rows with a value of the metric (an average's divisor)
--   total     the metric's sum (0 for the row count)
CREATE TABLE record_counts (
  table_name text NOT NULL,
  field text NOT NULL,
  value text,
  owner_id uuid,
  metric text NOT NULL,
  currency text NOT NULL,
  n bigint NOT NULL,
  total numeric NOT NULL,
  CONSTRAINT record_counts_key UNIQUE NULLS NOT DISTINCT (table_name, field, value, owner_id, metric, currency)
);

-- The same columns, without the key: the triggers only append here.
CREATE TABLE record_count_deltas (LIKE record_counts);
CREATE INDEX record_count_deltas_field ON record_count_deltas (table_name, field);

-- What the triggers of each table were made from. A reader uses the counts only when the
-- signature its registry computes is the one here; otherwise it counts the table itself.
CREATE TABLE record_count_sources (
  table_name text PRIMARY KEY,
  signature text NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now()
);

-- TRUNCATE fires no row or statement triggers that see rows: it forgets the table's counts, and
-- the next start-up (or ensureRecordCounts) counts the table again.
CREATE OR REPLACE FUNCTION kith_record_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM record_counts WHERE table_name = TG_TABLE_NAME;
  DELETE FROM record_count_deltas WHERE table_name = TG_TABLE_NAME;
  DELETE FROM record_count_sources WHERE table_name = TG_TABLE_NAME;
  RETURN NULL;
END $$;

-- Won deals summed per UTC month of their close, owner, territory and currency (decision 034), kept
-- by statement-level triggers on deals so that every write path — the records path, imports, bulk
-- edits, stage changes, a hand-written UPDATE, an owner or territory deleted (SET NULL) — keeps
-- them: the forecast's projection reads 36 months of these rows instead of every deal won in three
-- years. "Won": status won, closed, not deleted. A won deal without an amount counts in the
-- currency '' with amount 0.
CREATE TABLE deal_won_months (
  month date NOT NULL,
  owner_id uuid,
  territory_id uuid,
  currency text NOT NULL,
  deals integer NOT NULL,
  amount bigint NOT NULL,
  CONSTRAINT deal_won_months_key UNIQUE NULLS NOT DISTINCT (month, owner_id, territory_id, currency)
);

CREATE FUNCTION deal_won_months_of(sign integer, status text, closed_at timestamptz, owner_id uuid,
  territory_id uuid, amount bigint, amount_currency text)
RETURNS TABLE (month date, owner_id uuid, territory_id uuid, currency text, deals integer, amount bigint)
LANGUAGE sql STABLE AS $$
  -- The month in UTC whatever the session's time zone, as the forecast's history buckets it.
  SELECT date_trunc('month', closed_at AT TIME ZONE 'UTC')::date, owner_id, territory_id,
    COALESCE(amount_currency, ''), sign, sign * COALESCE(amount, 0)
  WHERE status = 'won' AND closed_at IS NOT NULL
$$;

CREATE FUNCTION deal_won_months_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added deals[] := '{}';
  removed deals[] := '{}';
BEGIN
  -- A statement's transition tables exist only for its kind of write: read them by kind.
  IF TG_OP <> 'DELETE' THEN
    added := ARRAY(SELECT n FROM new_rows n WHERE n.deleted_at IS NULL AND n.status = 'won');
  END IF;
  IF TG_OP <> 'INSERT' THEN
    removed := ARRAY(SELECT o FROM old_rows o WHERE o.deleted_at IS NULL AND o.status = 'won');
  END IF;
  IF cardinality(added) = 0 AND cardinality(removed) = 0 THEN RETURN NULL; END IF;
  -- What the statement added (+1) and took away (-1), folded per key; keys in one order so that
  -- two writers of the same months wait for each other rather than deadlock.
  WITH changed AS (
    SELECT s.* FROM unnest(added) n,
      deal_won_months_of(1, n.status, n.closed_at, n.owner_id, n.territory_id, n.amount, n.amount_currency) s
    UNION ALL
    SELECT s.* FROM unnest(removed) o,
      deal_won_months_of(-1, o.status, o.closed_at, o.owner_id, o.territory_id, o.amount, o.amount_currency) s)
  INSERT INTO deal_won_months AS t (month, owner_id, territory_id, currency, deals, amount)
  SELECT month, owner_id, territory_id, currency, sum(deals), sum(amount) FROM changed
  GROUP BY 1, 2, 3, 4 HAVING sum(deals) <> 0 OR sum(amount) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ON CONSTRAINT deal_won_months_key
    DO UPDATE SET deals = t.deals + EXCLUDED.deals, amount = t.amount + EXCLUDED.amount;
  RETURN NULL;
END $$;

CREATE TRIGGER deal_won_months_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_won_months_apply();
CREATE TRIGGER deal_won_months_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_won_months_apply();
CREATE TRIGGER deal_won_months_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_won_months_apply();

-- The sums made again from the deals: after TRUNCATE deals (which passes no rows), and by a load
-- that skipped the triggers (the bench's, under session_replication_role = replica).
CREATE FUNCTION deal_won_months_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM deal_won_months;
  INSERT INTO deal_won_months (month, owner_id, territory_id, currency, deals, amount)
  SELECT s.month, s.owner_id, s.territory_id, s.currency, sum(s.deals), sum(s.amount)
  FROM deals d, deal_won_months_of(1, d.status, d.closed_at, d.owner_id, d.territory_id, d.amount, d.amount_currency) s
  WHERE d.deleted_at IS NULL AND d.status = 'won'
  GROUP BY 1, 2, 3, 4;
$$;

CREATE FUNCTION deal_won_months_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE deal_won_months;
  RETURN NULL;
END $$;
CREATE TRIGGER deal_won_months_truncate AFTER TRUNCATE ON deals
  FOR EACH STATEMENT EXECUTE FUNCTION deal_won_months_truncate();

-- The deals already there.
SELECT deal_won_months_rebuild();

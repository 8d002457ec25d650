-- Open deals summed per month of their expected close, owner, territory, forecast category and
-- currencies (decision 034), kept by statement-level triggers on deals as deal_won_months is: the
-- forecast's pipeline, weighted, best case and commit of a month or quarter read these rows instead
-- of every open deal expected to close in it. The expected close is a date, not an instant, so a
-- month of them is the same month in every time zone. "Open": status open, not deleted, with an
-- expected close. A missing category or currency is ''.
CREATE TABLE deal_open_months (
  month date NOT NULL,
  owner_id uuid,
  territory_id uuid,
  category text NOT NULL,
  currency text NOT NULL,
  weighted_currency text NOT NULL,
  deals integer NOT NULL,
  amount bigint NOT NULL,
  weighted bigint NOT NULL,
  CONSTRAINT deal_open_months_key
    UNIQUE NULLS NOT DISTINCT (month, owner_id, territory_id, category, currency, weighted_currency)
);

CREATE FUNCTION deal_open_months_of(sign integer, d deals)
RETURNS TABLE (month date, owner_id uuid, territory_id uuid, category text, currency text,
  weighted_currency text, deals integer, amount bigint, weighted bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', d.expected_close_date)::date, d.owner_id, d.territory_id,
    COALESCE(d.forecast_category, ''), COALESCE(d.amount_currency, ''), COALESCE(d.weighted_amount_currency, ''),
    sign, sign * COALESCE(d.amount, 0), sign * COALESCE(d.weighted_amount, 0)
  WHERE d.status = 'open' AND d.deleted_at IS NULL AND d.expected_close_date IS NOT NULL
$$;

CREATE FUNCTION deal_open_months_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added deals[] := '{}';
  removed deals[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN
    added := ARRAY(SELECT n FROM new_rows n WHERE n.deleted_at IS NULL AND n.status = 'open');
  END IF;
  IF TG_OP <> 'INSERT' THEN
    removed := ARRAY(SELECT o FROM old_rows o WHERE o.deleted_at IS NULL AND o.status = 'open');
  END IF;
  IF cardinality(added) = 0 AND cardinality(removed) = 0 THEN RETURN NULL; END IF;
  WITH changed AS (
    SELECT s.* FROM unnest(added) n, deal_open_months_of(1, n) s
    UNION ALL
    SELECT s.* FROM unnest(removed) o, deal_open_months_of(-1, o) s)
  INSERT INTO deal_open_months AS t (month, owner_id, territory_id, category, currency, weighted_currency, deals, amount, weighted)
  SELECT month, owner_id, territory_id, category, currency, weighted_currency, sum(deals), sum(amount), sum(weighted)
  FROM changed
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(deals) <> 0 OR sum(amount) <> 0 OR sum(weighted) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT deal_open_months_key DO UPDATE SET deals = t.deals + EXCLUDED.deals,
    amount = t.amount + EXCLUDED.amount, weighted = t.weighted + EXCLUDED.weighted;
  RETURN NULL;
END $$;

CREATE TRIGGER deal_open_months_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_open_months_apply();
CREATE TRIGGER deal_open_months_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_open_months_apply();
CREATE TRIGGER deal_open_months_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_open_months_apply();

CREATE FUNCTION deal_open_months_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM deal_open_months;
  INSERT INTO deal_open_months (month, owner_id, territory_id, category, currency, weighted_currency, deals, amount, weighted)
  SELECT s.month, s.owner_id, s.territory_id, s.category, s.currency, s.weighted_currency, sum(s.deals), sum(s.amount), sum(s.weighted)
  FROM deals d, deal_open_months_of(1, d) s
  WHERE d.deleted_at IS NULL AND d.status = 'open'
  GROUP BY 1, 2, 3, 4, 5, 6;
$$;

CREATE FUNCTION deal_open_months_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE deal_open_months;
  RETURN NULL;
END $$;
CREATE TRIGGER deal_open_months_truncate AFTER TRUNCATE ON deals
  FOR EACH STATEMENT EXECUTE FUNCTION deal_open_months_truncate();

SELECT deal_open_months_rebuild();

-- A customer's bought orders summed per month, currency and open/closed (decision 033), kept by
-- statement-level triggers on orders so that every write path — the records path, imports, bulk
-- edits, a hand-written UPDATE — keeps them: the purchase history's first page reads a few hundred
-- rows instead of a customer's ten thousand orders. "Bought": confirmed, fulfilled, invoiced or
-- paid, not deleted; "open": confirmed or fulfilled. A bought order without a date counts in the
-- month '-infinity', without a total in the currency ''.
CREATE TABLE customer_order_sums (
  customer_object text NOT NULL,
  customer_id uuid NOT NULL,
  month date NOT NULL,
  currency text NOT NULL,
  open boolean NOT NULL,
  orders integer NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (customer_object, customer_id, month, currency, open)
);

CREATE FUNCTION customer_order_sums_add(sign integer, company_id uuid, contact_id uuid, status text,
  ordered_at date, total bigint, total_currency text)
RETURNS TABLE (customer_object text, customer_id uuid, month date, currency text, open boolean, orders integer, amount bigint)
LANGUAGE sql STABLE AS $$
  SELECT c.object, c.id, COALESCE(date_trunc('month', ordered_at)::date, '-infinity'::date), COALESCE(total_currency, ''),
    status IN ('confirmed', 'fulfilled'), sign, sign * COALESCE(total, 0)
  FROM (VALUES ('company', company_id), ('contact', contact_id)) AS c(object, id)
  WHERE c.id IS NOT NULL AND status IN ('confirmed', 'fulfilled', 'invoiced', 'paid')
$$;

CREATE FUNCTION customer_order_sums_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added orders[] := '{}';
  removed orders[] := '{}';
BEGIN
  -- A statement's transition tables exist only for its kind of write: read them by kind.
  IF TG_OP <> 'DELETE' THEN added := ARRAY(SELECT n FROM new_rows n WHERE n.deleted_at IS NULL); END IF;
  IF TG_OP <> 'INSERT' THEN removed := ARRAY(SELECT o FROM old_rows o WHERE o.deleted_at IS NULL); END IF;
  -- What the statement added (+1) and took away (-1), folded per key; keys in one order so that
  -- two writers of the same customers wait for each other rather than deadlock.
  WITH changed AS (
    SELECT s.* FROM unnest(added) n,
      customer_order_sums_add(1, n.company_id, n.contact_id, n.status, n.ordered_at, n.total, n.total_currency) s
    UNION ALL
    SELECT s.* FROM unnest(removed) o,
      customer_order_sums_add(-1, o.company_id, o.contact_id, o.status, o.ordered_at, o.total, o.total_currency) s)
  INSERT INTO customer_order_sums AS t (customer_object, customer_id, month, currency, open, orders, amount)
  SELECT customer_object, customer_id, month, currency, open, sum(orders), sum(amount) FROM changed
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(orders) <> 0 OR sum(amount) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (customer_object, customer_id, month, currency, open)
    DO UPDATE SET orders = t.orders + EXCLUDED.orders, amount = t.amount + EXCLUDED.amount;
  RETURN NULL;
END $$;

CREATE TRIGGER customer_order_sums_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_order_sums_apply();
CREATE TRIGGER customer_order_sums_update AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_order_sums_apply();
CREATE TRIGGER customer_order_sums_delete AFTER DELETE ON orders REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_order_sums_apply();

-- TRUNCATE passes no rows: it empties the sums too.
CREATE FUNCTION customer_order_sums_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE customer_order_sums;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_order_sums_truncate AFTER TRUNCATE ON orders
  FOR EACH STATEMENT EXECUTE FUNCTION customer_order_sums_truncate();

-- The orders already there.
INSERT INTO customer_order_sums (customer_object, customer_id, month, currency, open, orders, amount)
SELECT s.customer_object, s.customer_id, s.month, s.currency, s.open, sum(s.orders), sum(s.amount)
FROM orders o, customer_order_sums_add(1, o.company_id, o.contact_id, o.status, o.ordered_at, o.total, o.total_currency) s
WHERE o.deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5;

-- Dated exchange rates (issue 13, decision 026): a currency has a history of rates, each in force
-- from its effective date until the next one. A rate set before this migration had no date: it
-- becomes the rate in force from the beginning of time ('-infinity'), so every figure stays as it was.
-- The deals' indexes the forecast reads — (status, closed_at) and (status, expected_close_date) on
-- live rows, since 0025 — now also carry the columns the forecast sums (INCLUDE), so that a
-- quarter's figures and the projection's history are read from the index alone (an index-only
-- scan) instead of visiting a heap page for nearly every deal of the quarter.

ALTER TABLE exchange_rates DROP CONSTRAINT exchange_rates_pkey;
ALTER TABLE exchange_rates ADD COLUMN id uuid;
UPDATE exchange_rates SET id = gen_random_uuid();
ALTER TABLE exchange_rates ALTER COLUMN id SET NOT NULL;
ALTER TABLE exchange_rates ADD PRIMARY KEY (id);
ALTER TABLE exchange_rates ADD COLUMN effective_from date NOT NULL DEFAULT '-infinity';
ALTER TABLE exchange_rates ALTER COLUMN effective_from DROP DEFAULT;
-- One rate per currency and day; also how a conversion finds a currency's rates in date order.
CREATE UNIQUE INDEX exchange_rates_currency_effective_from ON exchange_rates (currency, effective_from);

DROP INDEX deals_status_expected_close_date;
CREATE INDEX deals_status_expected_close_date ON deals USING btree (status, expected_close_date, id) INCLUDE (owner_id, territory_id, forecast_category, amount, amount_currency, weighted_amount, weighted_amount_currency) WHERE deleted_at IS NULL; -- declared by the entry (status, expectedCloseDate), covering ownerId, territoryId, forecastCategory, amount, weightedAmount
DROP INDEX deals_status_closed_at;
CREATE INDEX deals_status_closed_at ON deals USING btree (status, closed_at, id) INCLUDE (owner_id, territory_id, amount, amount_currency) WHERE deleted_at IS NULL; -- declared by the entry (status, closedAt), covering ownerId, territoryId, amount

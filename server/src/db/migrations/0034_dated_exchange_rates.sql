-- Dated exchange rates (issue 13, decision 026): a currency has a history of rates, each in force
-- from its effective date until the next one. A rate set before this migration had no date: it
-- becomes the rate in force from the beginning of time ('-infinity'), so every figure stays as it was.
-- The deals' indexes the forecast reads — (status, closed_at) and (status, expected_close_date),
-- live rows — exist since 0025 (declared by the deal entry); nothing to add for them here.

ALTER TABLE exchange_rates DROP CONSTRAINT exchange_rates_pkey;
ALTER TABLE exchange_rates ADD COLUMN id uuid;
UPDATE exchange_rates SET id = gen_random_uuid();
ALTER TABLE exchange_rates ALTER COLUMN id SET NOT NULL;
ALTER TABLE exchange_rates ADD PRIMARY KEY (id);
ALTER TABLE exchange_rates ADD COLUMN effective_from date NOT NULL DEFAULT '-infinity';
ALTER TABLE exchange_rates ALTER COLUMN effective_from DROP DEFAULT;
-- One rate per currency and day; also how a conversion finds a currency's rates in date order.
CREATE UNIQUE INDEX exchange_rates_currency_effective_from ON exchange_rates (currency, effective_from);

-- Exchange rates and the company currency (issue 13): forecasts and sales reports add amounts of
-- several currencies in one, the company's. Written by hand (no registry entry: settings, not records).

-- Organisation-wide settings, one JSON document per key (the company currency first).
CREATE TABLE organisation_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- How much of the company currency one unit of `currency` is worth (major units: 1 USD = 0.92 EUR).
CREATE TABLE exchange_rates (
  currency text PRIMARY KEY CHECK (currency ~ '^[A-Z]{3}$'),
  rate numeric(30, 12) NOT NULL CHECK (rate > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

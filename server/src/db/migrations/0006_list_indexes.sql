-- From the first 1M-contact benchmark (bench/results/2026-11-25-postgres.md):
-- the planner had no statistics for lower(email) / lower(domain) behind the partial expression
-- indexes, so batch duplicate look-ups during import became full scans (660 ms per 1,000 emails).
CREATE STATISTICS IF NOT EXISTS contacts_email_lower_stats ON (lower(email)) FROM contacts;
CREATE STATISTICS IF NOT EXISTS companies_domain_lower_stats ON (lower(domain)) FROM companies;
-- "My contacts" and "my leads" under the default sort (by name) without walking the whole name index.
CREATE INDEX IF NOT EXISTS contacts_owner_title ON contacts (owner_id, title, id) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS contacts_owner_stage_title ON contacts (owner_id, lifecycle_stage, title, id) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS companies_owner_title ON companies (owner_id, title, id) WHERE deleted_at IS NULL;
ANALYZE contacts;
ANALYZE companies;

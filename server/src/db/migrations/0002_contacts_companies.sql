-- The first two registry objects. Every registry table carries: id, title (display name),
-- search_text (from the searchable fields) with its tsvector, owner, timestamps, soft delete.
-- Indexes are partial on live rows: lists never show the bin unless asked.
CREATE TABLE companies (
  id uuid PRIMARY KEY,
  title text NOT NULL DEFAULT '',
  search_text text NOT NULL DEFAULT '',
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', kith_unaccent(search_text))) STORED,
  name text NOT NULL,
  domain text,
  website text,
  industry text,
  size text,
  employees int,
  annual_revenue bigint,
  annual_revenue_currency text,
  phone text,
  city text,
  country text,
  source text,
  description text,
  tags text[] NOT NULL DEFAULT '{}',
  addresses jsonb NOT NULL DEFAULT '[]',
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX companies_title ON companies (title, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_created ON companies (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_updated ON companies (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_deleted ON companies (deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX companies_owner ON companies (owner_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_industry ON companies (industry, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_size ON companies (size, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_country ON companies (country, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_city ON companies (city, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_employees ON companies (employees, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_revenue ON companies (annual_revenue, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_source ON companies (source, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_domain ON companies (lower(domain)) WHERE deleted_at IS NULL;
CREATE INDEX companies_tags ON companies USING gin (tags) WHERE deleted_at IS NULL;
CREATE INDEX companies_search ON companies USING gin (search_vector) WHERE deleted_at IS NULL;
CREATE INDEX companies_title_trgm ON companies USING gin (kith_unaccent(lower(title)) gin_trgm_ops) WHERE deleted_at IS NULL;

CREATE TABLE contacts (
  id uuid PRIMARY KEY,
  title text NOT NULL DEFAULT '',
  search_text text NOT NULL DEFAULT '',
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', kith_unaccent(search_text))) STORED,
  first_name text,
  last_name text,
  email text,
  emails text[] NOT NULL DEFAULT '{}',
  phone text,
  phones jsonb NOT NULL DEFAULT '[]',
  addresses jsonb NOT NULL DEFAULT '[]',
  job_title text,
  company_id uuid REFERENCES companies(id) ON DELETE SET NULL,
  lifecycle_stage text,
  source text,
  city text,
  country text,
  language text,
  birthday date,
  gender text,
  do_not_contact boolean NOT NULL DEFAULT false,
  tags text[] NOT NULL DEFAULT '{}',
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX contacts_title ON contacts (title, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_first_name ON contacts (first_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_last_name ON contacts (last_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_email ON contacts (email, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_email_lower ON contacts (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX contacts_emails ON contacts USING gin (emails) WHERE deleted_at IS NULL;
CREATE INDEX contacts_created ON contacts (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_updated ON contacts (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_deleted ON contacts (deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX contacts_owner ON contacts (owner_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner_stage ON contacts (owner_id, lifecycle_stage, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_company ON contacts (company_id, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_stage ON contacts (lifecycle_stage, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_job_title ON contacts (job_title, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_source ON contacts (source, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_city ON contacts (city, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_country ON contacts (country, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_phone ON contacts (phone, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_language ON contacts (language, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_birthday ON contacts (birthday, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_gender ON contacts (gender, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_tags ON contacts USING gin (tags) WHERE deleted_at IS NULL;
CREATE INDEX contacts_search ON contacts USING gin (search_vector) WHERE deleted_at IS NULL;
CREATE INDEX contacts_title_trgm ON contacts USING gin (kith_unaccent(lower(title)) gin_trgm_ops) WHERE deleted_at IS NULL;

-- The activity timeline of any record. Notes now; later kinds join this table or its union.
CREATE TABLE notes (
  id uuid PRIMARY KEY,
  object_type text NOT NULL,
  record_id uuid NOT NULL,
  body text NOT NULL,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX notes_record ON notes (object_type, record_id, created_at DESC) WHERE deleted_at IS NULL;

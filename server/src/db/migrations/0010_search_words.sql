-- Typo-tolerant search through a dictionary of title words (decision 007; the pg_trgm manual's
-- "text search integration"). A trigram scan of a million titles matched thousands of rows for
-- a common name; the distinct words of those titles are a few thousand at most. A typo search
-- finds the dictionary words similar to each word typed, then the records through the full-text
-- index (search_vector), as a full-text search does.
--
-- The database keeps the dictionary itself: statement-level triggers add the new words of every
-- inserted or renamed record, so every write path (records, import, merge, a hand-written INSERT)
-- is covered. Words are never removed: a word whose records were deleted or renamed only makes a
-- typo search consider one word that matches nothing.
CREATE TABLE search_words (
  table_name text NOT NULL,
  word text NOT NULL,
  PRIMARY KEY (table_name, word)
);
-- New words are rare once a table has grown, and a GIN pending list would only sway the planner
-- (bench/README.md): no fast update.
CREATE INDEX search_words_trgm ON search_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);

-- The dictionary words of a title: the lexemes its search_vector holds for it (the same parser,
-- unaccented and lowercased), so that every word found can be matched there. Words of 1–2
-- characters, longer than 100, without a letter (numbers, dates) or made of an address or a path
-- (emails, URLs: one per record, and nobody misspells them on purpose) are left out.
CREATE OR REPLACE FUNCTION kith_search_words_of(title text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', kith_unaccent(lower(title))))) w
    WHERE length(w) BETWEEN 3 AND 100 AND w ~ '[^[:digit:][:punct:]]' AND w !~ '[@/]'
  $$;

-- Statement-level: an import's batch of a thousand rows adds its new words in one statement. In
-- word order, so that two transactions adding the same new words wait for each other instead of
-- deadlocking. An update adds only the words of titles it changed.
CREATE OR REPLACE FUNCTION kith_search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO search_words (table_name, word)
      SELECT DISTINCT TG_TABLE_NAME, w
      FROM (SELECT title FROM kith_new_rows EXCEPT SELECT title FROM kith_old_rows) r, kith_search_words_of(r.title) w
      ORDER BY 2
      ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO search_words (table_name, word)
      SELECT DISTINCT TG_TABLE_NAME, w FROM kith_new_rows r, kith_search_words_of(r.title) w
      ORDER BY 2
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

-- Gives a registry table (one with a title and a search_vector) its dictionary: the triggers, and
-- the words of the rows it already holds, deleted ones included (a restored record keeps its
-- title, so no trigger would add them again). Idempotent. Tables made at run time (custom objects,
-- "objects from a description") must call it: SELECT kith_enable_search_words('my_table');
CREATE OR REPLACE FUNCTION kith_enable_search_words(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  name text := (SELECT relname FROM pg_class WHERE oid = tbl);
BEGIN
  EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS kith_new_rows '
    'FOR EACH STATEMENT EXECUTE FUNCTION kith_search_words_add()', name || '_search_words_insert', tbl);
  EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS kith_old_rows '
    'NEW TABLE AS kith_new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_search_words_add()',
    name || '_search_words_update', tbl);
  EXECUTE format('INSERT INTO search_words (table_name, word) SELECT DISTINCT %L, w FROM %s r, '
    'kith_search_words_of(r.title) w ORDER BY 2 ON CONFLICT DO NOTHING', name, tbl);
END $$;

SELECT kith_enable_search_words('contacts');
SELECT kith_enable_search_words('companies');
ANALYZE search_words;

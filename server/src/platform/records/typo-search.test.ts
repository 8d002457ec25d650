// Typo-tolerant search through the dictionary of title words (migration 0010, decision 007): the
// database keeps the dictionary, a typo finds the accented name, new and renamed records at once,
// nothing typed or stored breaks the query, and nobody finds by typo what they may not read.
import fc from 'fast-check';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { tsLexeme } from './list-query.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const titles = (r: { status: number; body: { data: Array<{ title: string }> } }) => {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.map((c) => c.title);
};
const words = async (table: string) =>
  (
    await t.db.query<{ word: string }>(sql`SELECT word FROM search_words WHERE table_name = ${table} ORDER BY word`)
  ).map((r) => r.word);

describe('the search-words dictionary', () => {
  it('holds the unaccented, lowercased title words of every table, added by the database itself', async () => {
    const made = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'María José',
      lastName: 'González-Núñez',
      email: 'mj.gonzalez@dictionary.example',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await t.admin.request('POST', '/api/v1/companies', { name: 'Ørsted & Søn: Bygg 2024 AB' });
    const contactWords = await words('contacts');
    expect(contactWords).toEqual(expect.arrayContaining(['maria', 'jose', 'gonzalez-nunez', 'gonzalez', 'nunez']));
    // Words of 1–2 letters, numbers and addresses are left out.
    const companyWords = await words('companies');
    expect(companyWords).toEqual(expect.arrayContaining(['orsted', 'son', 'bygg']));
    expect(companyWords).not.toContain('ab');
    expect(companyWords).not.toContain('2024');
    await t.admin.request('POST', '/api/v1/contacts', { email: 'only.an.address@dictionary.example' });
    expect((await words('contacts')).filter((w) => w.includes('@'))).toEqual([]);
  });

  it('finds the accented name from a typo through the dictionary', async () => {
    await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Ana', lastName: 'Gonzálvez' });
    // No word of "gonsalves" is in any title: the dictionary says which words were meant.
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=gonsalves'))).toEqual(['Ana Gonzálvez']);
    // Several words, each typo'd or a prefix, must all match.
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=mria%20gonzales-nunez'))).toEqual([
      'María José González-Núñez',
    ]);
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=jsoe%20gonsalves'))).toEqual([]);
    expect(titles(await t.admin.request('GET', '/api/v1/companies?q=orstd'))).toEqual(['Ørsted & Søn: Bygg 2024 AB']);
  });

  it('makes a new record findable by typo at once, and a renamed one under its new name', async () => {
    const made = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Quillon', lastName: 'Fairweather' });
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=quilon%20fayrweather'))).toEqual([
      'Quillon Fairweather',
    ]);
    await t.admin.request('PATCH', `/api/v1/contacts/${made.body.id}`, { lastName: 'Throckmorton' });
    expect(await words('contacts')).toContain('throckmorton');
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=throckmortn'))).toEqual(['Quillon Throckmorton']);
    // The old name's word stays in the dictionary and matches nothing: harmless.
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=fairwether'))).toEqual([]);
    // Deleted: no longer found; restored: found again (its words were never removed).
    await t.admin.request('DELETE', `/api/v1/contacts/${made.body.id}`);
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=throckmortn'))).toEqual([]);
    const restored = await t.admin.request('POST', `/api/v1/contacts/${made.body.id}/restore`);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=throckmortn'))).toEqual(['Quillon Throckmorton']);
  });

  it('takes the words of rows written by any statement: a batch insert, an update of many', async () => {
    await t.db.query(sql`INSERT INTO companies (id, title, name, search_text)
      SELECT gen_random_uuid(), 'Vandermeulen Batch ' || i, 'Vandermeulen Batch ' || i, 'vandermeulen batch ' || i
      FROM generate_series(1, 50) i`);
    expect(await words('companies')).toEqual(expect.arrayContaining(['vandermeulen', 'batch']));
    await t.db.query(sql`UPDATE companies SET title = 'Kowalczyk Batch', name = 'Kowalczyk Batch',
      search_text = 'kowalczyk batch' WHERE title LIKE 'Vandermeulen Batch 1%'`);
    expect(await words('companies')).toContain('kowalczyk');
    expect(titles(await t.admin.request('GET', '/api/v1/companies?q=kowalcyk&limit=100'))).toHaveLength(11);
  });

  it('is given to a table made at run time by kith_enable_search_words, and enabling twice does no harm', async () => {
    await t.db.exec(`CREATE TABLE typo_widgets (
      id uuid PRIMARY KEY, title text NOT NULL DEFAULT '', search_text text NOT NULL DEFAULT '',
      search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', kith_unaccent(search_text))) STORED)`);
    await t.db.query(
      sql`INSERT INTO typo_widgets (id, title, search_text) VALUES (${uuidv7()}, 'Sprocket', 'sprocket')`,
    );
    await t.db.query(sql`SELECT kith_enable_search_words('typo_widgets')`);
    await t.db.query(sql`SELECT kith_enable_search_words('typo_widgets')`);
    await t.db.query(
      sql`INSERT INTO typo_widgets (id, title, search_text) VALUES (${uuidv7()}, 'Flywheel', 'flywheel')`,
    );
    expect(await words('typo_widgets')).toEqual(['flywheel', 'sprocket']);
  });

  it('takes the words of a title in the statement itself: the word function is inlinable (not STRICT)', async () => {
    // A STRICT set-returning SQL function is called row by row, two and a half times slower (0014).
    const [fn] = await t.db.queryText<{ proisstrict: boolean }>(
      `SELECT proisstrict FROM pg_proc WHERE proname = 'kith_search_words_of'`,
    );
    expect(fn.proisstrict).toBe(false);
    const of = async (title: string | null) =>
      (await t.db.query<{ w: string }>(sql`SELECT w FROM kith_search_words_of(${title}::text) w ORDER BY w`)).map(
        (r) => r.w,
      );
    expect(await of(null)).toEqual([]);
    expect(await of('Ana Müller-Lüdenscheidt 2024 a@b.example ab')).toEqual([
      'ana',
      'ludenscheidt',
      'muller',
      'muller-ludenscheidt',
    ]);
  });
});

describe('a typo search within the scope', () => {
  let own: Agent;
  let ownId: string;
  let otherId: string;
  beforeAll(async () => {
    const role = await t.admin.request('POST', '/api/v1/roles', {
      name: 'Own contacts only',
      permissions: {
        contact: { create: true, read: true, update: true, delete: false, export: false, scope: 'own' },
      },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const me = await createUser(t, { role: role.body.key });
    own = me.agent;
    ownId = me.id;
    otherId = (await createUser(t, { role: 'sales_rep', team: 'Elsewhere' })).id;
  });

  it("never lists another's record, even when only others' records hold the word", async () => {
    await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Ptolemy',
      lastName: 'Xanthopoulos',
      ownerId: otherId,
    });
    // Others' similar names, many of them, written first.
    await t.db.query(sql`INSERT INTO contacts (id, title, first_name, last_name, search_text, owner_id)
      SELECT gen_random_uuid(), 'Ptolemy Xanthopoulou', 'Ptolemy', 'Xanthopoulou', 'ptolemy xanthopoulou', ${otherId}::uuid
      FROM generate_series(1, 300)`);
    expect(titles(await own.request('GET', '/api/v1/contacts?q=xanthopulos'))).toEqual([]);
    const mine = await own.request('POST', '/api/v1/contacts', { firstName: 'Ptolemy', lastName: 'Xanthopoulides' });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body.ownerId).toBe(ownId);
    expect(titles(await own.request('GET', '/api/v1/contacts?q=xanthopulos'))).toEqual(['Ptolemy Xanthopoulides']);
    expect(titles(await own.request('GET', '/api/v1/contacts?q=ptolmy'))).toEqual(['Ptolemy Xanthopoulides']);
    expect(titles(await t.admin.request('GET', '/api/v1/contacts?q=xanthopulos&limit=500'))).toHaveLength(302);
    // The global search too.
    const hits = await own.request('GET', '/api/v1/search?q=xanthopulos');
    expect(hits.status).toBe(200);
    expect(hits.body.data.map((h: { title: string }) => h.title)).toEqual(['Ptolemy Xanthopoulides']);
  });
});

describe('nothing typed or stored breaks the query', () => {
  // Titles full of tsquery and SQL syntax: quotes, ampersands, colons, backslashes, bars, stars.
  const nasty = [
    "O'Brien & O''Neil: Partners",
    'Back\\slash \\\\ Holdings',
    "Colon:* Prefix | Bar & Amp ! Not 'quoted'",
    "Ça:*' | !( ß\\' & );-- DROP",
    'Ünïcødé Grüße 東京 Москва',
  ];
  const syntax = ["'", '&', ':', '*', '\\', '|', '!', '(', ')', '<', '>', '-'];
  // Letters (and a combining mark) that unaccent maps to tsquery syntax or to nothing.
  const unaccentSyntax = ['ŉ', 'ʼ', 'ː', '‖', '×', '¼', '«', '\u0301'];
  beforeAll(async () => {
    for (const name of nasty) {
      const r = await t.admin.request('POST', '/api/v1/companies?allowDuplicate=true', { name });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });

  it('finds such titles by typo', async () => {
    expect(titles(await t.admin.request('GET', '/api/v1/companies?q=obrien'))).toContain("O'Brien & O''Neil: Partners");
    expect(titles(await t.admin.request('GET', '/api/v1/companies?q=backslsh'))).toEqual(['Back\\slash \\\\ Holdings']);
    expect(
      titles(await t.admin.request('GET', `/api/v1/companies?q=${encodeURIComponent('unicde grüse москв')}`)),
    ).toEqual(['Ünïcødé Grüße 東京 Москва']);
  });

  it('letters that unaccent turns into tsquery syntax stay letters', async () => {
    for (const q of [...unaccentSyntax, 'ŉab', 'gonzaleŉ', 'x\u0301 \u0301', 'O\u02BCbrien', 'O\u02BCbriem']) {
      for (const url of [`/api/v1/companies?q=${encodeURIComponent(q)}`, `/api/v1/search?q=${encodeURIComponent(q)}`]) {
        const r = await t.admin.request('GET', url);
        expect(r.status, `${url} → ${JSON.stringify(r.body)}`).toBe(200);
      }
    }
    // "Oʼbrien" (a modifier letter apostrophe) unaccents to "O'brien": found, and by typo too.
    expect(titles(await t.admin.request('GET', `/api/v1/companies?q=${encodeURIComponent('Oʼbrien')}`))).toEqual([
      "O'Brien & O''Neil: Partners",
    ]);
    expect(titles(await t.admin.request('GET', `/api/v1/companies?q=${encodeURIComponent('Oʼbriem')}`))).toEqual([
      "O'Brien & O''Neil: Partners",
    ]);
  });

  it('any text as q — arbitrary unicode, or a stored title bent out of shape — is a 200, never a 500', async () => {
    const typed = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc
        .constantFrom(...nasty)
        .chain((s) =>
          fc
            .tuple(fc.nat(s.length), fc.string({ maxLength: 3 }))
            .map(([i, insert]) => `${s.slice(0, i)}${insert}${s.slice(i + 1)}`),
        ),
      fc
        .array(fc.constantFrom(...syntax, ...unaccentSyntax, ' ', 'a', 'é', 'xyz'), { maxLength: 20 })
        .map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(typed, async (q) => {
        const query = encodeURIComponent(q);
        for (const url of [`/api/v1/companies?q=${query}`, `/api/v1/search?q=${query}`]) {
          const r = await t.admin.request('GET', url);
          // 400 for what the route refuses (e.g. a NUL byte), never a server error.
          expect([200, 400], `${url} → ${r.status} ${JSON.stringify(r.body)}`).toContain(r.status);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a quoted lexeme is exactly the word, whatever it holds, on this database', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((w) => !w.includes('\u0000')),
        async (w) => {
          const [r] = await t.db.query<{ hit: boolean; prefix: boolean; exact: boolean }>(
            sql`SELECT array_to_tsvector(ARRAY[${w}]) @@ ${tsLexeme(w)}::tsquery AS hit,
              array_to_tsvector(ARRAY[${`${w}zz`}]) @@ ${`${tsLexeme(w)}:*`}::tsquery AS prefix,
              array_to_tsvector(ARRAY[${`${w}zz`}]) @@ ${tsLexeme(w)}::tsquery AS exact`,
          );
          expect(r).toEqual({ hit: true, prefix: true, exact: false });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('any stored word reaches the query as one quoted lexeme', async () => {
    // Words written straight into the dictionary, whatever they hold, cannot break a search.
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).filter((w) => !w.includes('\u0000')),
        async (w) => {
          await t.db.query(
            sql`INSERT INTO search_words (table_name, word) VALUES ('companies', ${`zzq${w}`}) ON CONFLICT DO NOTHING`,
          );
          const r = await t.admin.request('GET', `/api/v1/companies?q=${encodeURIComponent(`zzq${w}x`)}`);
          expect(r.status, JSON.stringify(r.body)).toBe(200);
        },
      ),
      { numRuns: 40 },
    );
  });
});

// The batch write path of imports: texts of any kind reach their columns and the audit unchanged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { loadUser, toPrincipal } from '../auth/principal.ts';
import { insertMany } from './records.batch.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('writes texts of any kind as given: quotes, backslashes, braces, NULL, lines, emoji, lists', async () => {
  const user = await loadUser(t.db, t.admin.userId);
  if (!user) throw new Error('no admin');
  const ctx = { db: t.db, principal: toPrincipal(user), now: () => new Date() };
  const contact = t.registry.get('contact');
  if (!contact) throw new Error('no contact object');
  const odd = ['"quoted"', 'back\\slash', '{braces},', 'NULL', 'two\nlines\ttab', 'Müller 😀 Zoë', '', ' spaced '];
  // A search text of more than 10,000 characters is cut, here inside the emoji: half a character
  // (a lone surrogate), which PostgreSQL's json refuses; it arrives as U+FFFD, as it always did.
  const long = `${'x'.repeat(9_999)}😀`;
  const rows = [
    ...odd.map((s, i) => ({ firstName: s || 'empty', lastName: `Batch${i}`, jobTitle: s, tags: [s, 'x,"y"'] })),
    { firstName: long, lastName: 'BatchLong' },
  ];
  const ids = await insertMany(ctx, contact, rows);
  const got = await t.db.query<{
    id: string;
    first_name: string;
    job_title: string | null;
    tags: string[];
    search_text: string;
  }>(sql`SELECT id, first_name, job_title, tags, search_text FROM contacts WHERE id = ANY(${ids}::uuid[])`);
  const byId = new Map(got.map((r) => [r.id, r]));
  odd.forEach((s, i) => {
    expect(byId.get(ids[i])).toMatchObject({ first_name: s || 'empty', job_title: s, tags: [s, 'x,"y"'] });
  });
  const last = byId.get(ids[odd.length]);
  expect(last?.first_name).toBe(long);
  expect(last?.search_text.endsWith('x\ufffd')).toBe(true);
  const audits = await t.db.query<{ record_id: string; changes: Record<string, { after: unknown }> }>(
    sql`SELECT record_id, changes FROM audit_log WHERE action = 'create' AND record_id = ANY(${ids}::uuid[])`,
  );
  expect(audits).toHaveLength(rows.length);
  const audit = new Map(audits.map((a) => [a.record_id, a.changes]));
  expect(audit.get(ids[0])?.jobTitle).toEqual({ before: null, after: '"quoted"' });
  expect(audit.get(ids[odd.length])?.firstName).toEqual({ before: null, after: long });
});

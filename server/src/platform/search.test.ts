// Global search (Cmd+K): words as prefixes or, through the search-words dictionary, as typos, over
// every readable object; the closer name first; short and odd text answered, never an error.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  for (const [firstName, lastName] of [
    ['Henrietta', 'Vollmer'],
    ['Henrietta', 'Volmer'],
    ['Bartholomew', 'Quackenbush'],
  ]) {
    const r = await t.admin.request('POST', '/api/v1/contacts', { firstName, lastName });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  await t.admin.request('POST', '/api/v1/companies', { name: 'Quackenbush Logistics' });
});
afterAll(() => t.close());

const search = async (q: string, agent = t.admin) => {
  const r = await agent.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(r.status, `${JSON.stringify(q)}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body.data as Array<{ object: string; title: string; rank: number }>;
};

describe('global search', () => {
  it('finds by typo in every object, through the dictionary', async () => {
    const hits = await search('quakenbush');
    expect(hits.map((h) => [h.object, h.title]).sort()).toEqual([
      ['company', 'Quackenbush Logistics'],
      ['contact', 'Bartholomew Quackenbush'],
    ]);
    expect((await search('bartolomew quakenbush')).map((h) => h.title)).toEqual(['Bartholomew Quackenbush']);
  });

  it('ranks the name written as typed above the one it may be a typo of', async () => {
    // "vollmer" is a word of one title and a likely typo of the other: both, the exact one first.
    const hits = await search('vollmer');
    expect(hits.map((h) => h.title)).toEqual(['Henrietta Vollmer', 'Henrietta Volmer']);
    expect(hits[0].rank).toBeGreaterThan(hits[1].rank);
    expect((await search('volmer')).map((h) => h.title)[0]).toBe('Henrietta Volmer');
    // Prefixes as before.
    expect((await search('henriet')).map((h) => h.title).sort()).toEqual(['Henrietta Vollmer', 'Henrietta Volmer']);
  });

  it('answers short and odd text, and shows nothing to a role that may read nothing', async () => {
    expect(await search('he')).toEqual(expect.any(Array));
    expect(await search("'&:*|!\\")).toEqual([]);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (q) => {
        await search(q);
      }),
      { numRuns: 40 },
    );
    // A role that may read no object finds nothing, typo or not.
    const role = await t.admin.request('POST', '/api/v1/roles', { name: 'Nothing', permissions: {} });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const nobody = await createUser(t, { role: role.body.key });
    expect(await search('quakenbush', nobody.agent)).toEqual([]);
  });
});

// A saved view remembers its layout: the table, or a board by a field with a sum.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const save = (objectType: string, config: unknown) =>
  t.admin.request('POST', '/api/v1/views', { objectType, name: `Board ${Math.random()}`, config });

it('keeps a board layout with its field and sum, and changes it back to the table', async () => {
  const filter = { op: 'and', conditions: [{ field: 'tags', cmp: 'isNotEmpty' }] };
  const board = await save('company', {
    columns: [],
    filter,
    layout: { type: 'board', groupBy: 'industry', sum: 'annualRevenue' },
  });
  expect(board.status, JSON.stringify(board.body)).toBe(201);
  expect(board.body.config).toMatchObject({
    filter,
    layout: { type: 'board', groupBy: 'industry', sum: 'annualRevenue' },
  });
  const listed = await t.admin.request('GET', '/api/v1/views?objectType=company');
  expect(listed.body.data.find((v: { id: string }) => v.id === board.body.id).config.layout).toEqual({
    type: 'board',
    groupBy: 'industry',
    sum: 'annualRevenue',
  });
  const table = await t.admin.request('PATCH', `/api/v1/views/${board.body.id}`, { config: { columns: ['name'] } });
  expect(table.status).toBe(200);
  expect(table.body.config.layout).toBeUndefined();
});

it('refuses a layout that names a field the object cannot group by or sum', async () => {
  const bad = async (layout: unknown, field: string) => {
    const r = await save('contact', { columns: [], layout });
    expect(r.status, JSON.stringify(layout)).toBe(400);
    expect(Object.keys(r.body.error.details.fields ?? {}).join(',') || r.body.error.message).toContain(field);
  };
  await bad({ type: 'board', groupBy: 'nope' }, 'config.layout.groupBy');
  await bad({ type: 'board', groupBy: 'city' }, 'config.layout.groupBy'); // not filterable: no index
  await bad({ type: 'board', groupBy: 'lifecycleStage', sum: 'email' }, 'config.layout.sum');
  await bad({ type: 'Board!' }, 'layout');
  await bad({ type: 'board', extra: 1 }, 'layout');
  expect((await save('contact', { columns: [], layout: { type: 'board', groupBy: 'lifecycleStage' } })).status).toBe(
    201,
  );
});

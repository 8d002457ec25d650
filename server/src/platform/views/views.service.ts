// Saved views: a table's columns, filters, sort and search under a name, private or shared.

import type { SavedView, ViewConfig, ViewLayout, viewConfigInput, viewInput, viewPatch } from '@kith/common/api/views';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { assertCan } from '../permissions.ts';
import { filterSql, parseFilter, parseSort } from '../records/list-query.ts';
import { isUuid } from '../registry/fields.ts';
import type { ResolvedObject } from '../registry/registry.ts';

type ViewConfigInput = z.output<typeof viewConfigInput>;

interface ViewRow {
  id: string;
  object_type: string;
  name: string;
  owner_id: string;
  owner_name: string | null;
  shared: boolean;
  config: ViewConfig;
  created_at: Date;
  updated_at: Date;
}

const viewJson = (v: ViewRow, me: string | null): SavedView => ({
  id: v.id,
  objectType: v.object_type,
  name: v.name,
  shared: v.shared,
  config: v.config,
  owner: { id: v.owner_id, title: v.owner_name },
  mine: v.owner_id === me,
  updatedAt: new Date(v.updated_at).toISOString(),
});

/** Columns, filter and sort must make sense for the object, or the view would fail later. */
function checkConfig(ctx: Ctx, objectType: string, config: ViewConfigInput) {
  const obj = ctx.registry.get(objectType);
  if (!obj) throw invalid(`objectType: no object "${objectType}"`, { objectType: 'unknown object' });
  assertCan(ctx.principal, obj.name, 'read', obj.label);
  const unknown = config.columns.filter((c) => !obj.fields.has(c) && c !== 'title');
  if (unknown.length)
    throw invalid(`config.columns: no field ${unknown.join(', ')}`, { 'config.columns': 'unknown field' });
  if (config.sort) parseSort(obj, config.sort);
  if (config.filter !== undefined && config.filter !== null) filterSql(obj, parseFilter(JSON.stringify(config.filter)));
  if (config.layout) checkLayout(obj, config.layout);
}

/** A layout's fields must be the object's: a field to group by (filterable, so indexed) and one to sum. */
function checkLayout(obj: ResolvedObject, layout: ViewLayout) {
  const bad = (key: 'groupBy' | 'sum', problem: string) =>
    invalid(`config.layout.${key}: ${problem}`, { [`config.layout.${key}`]: problem });
  if (layout.groupBy !== undefined) {
    const f = obj.fields.get(layout.groupBy);
    if (!f) throw bad('groupBy', `no field ${layout.groupBy}`);
    if (!f.filterable || f.sensitive) throw bad('groupBy', `cannot group by ${layout.groupBy}`);
  }
  if (layout.within !== undefined && !obj.fields.get(layout.groupBy ?? '')?.within)
    throw invalid(`config.layout.within: only a board by a field within another takes it`, {
      'config.layout.within': 'not grouped by a field within another',
    });
  if (layout.sum !== undefined) {
    const f = obj.fields.get(layout.sum);
    if (!f) throw bad('sum', `no field ${layout.sum}`);
    if ((f.type !== 'number' && f.type !== 'currency') || f.sensitive)
      throw bad('sum', `${layout.sum} is not a number or currency field`);
  }
}

/**
 * Views belong to the people who sign in. An API key acts for the organisation, not as its maker:
 * it reads shared views only and changes none (its maker's private views are not its business).
 */
const personOf = (ctx: Ctx): string | null => (ctx.principal.kind === 'user' ? ctx.principal.userId : null);
const keysMayNot = () =>
  forbidden('Saved views belong to people: sign in to save or change one (an API key reads shared views only)');

export async function listViews(ctx: Ctx, objectType: string): Promise<SavedView[]> {
  const me = personOf(ctx);
  const rows = await ctx.db.query<ViewRow>(sql`
    SELECT v.*, u.name AS owner_name FROM saved_views v LEFT JOIN users u ON u.id = v.owner_id
    WHERE v.object_type = ${objectType} AND (v.owner_id = ${me} OR v.shared)
    ORDER BY v.shared, lower(v.name)`);
  return rows.map((v) => viewJson(v, me));
}

/** A view as its reader sees it, just after a write. */
async function findView(ctx: Ctx, objectType: string, id: string): Promise<SavedView> {
  const view = (await listViews(ctx, objectType)).find((v) => v.id === id);
  if (!view) throw notFound('View');
  return view;
}

export async function createView(ctx: Ctx, input: z.output<typeof viewInput>): Promise<SavedView> {
  checkConfig(ctx, input.objectType, input.config);
  if (!personOf(ctx)) throw keysMayNot();
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    await tx.query(sql`INSERT INTO saved_views (id, object_type, name, owner_id, shared, config)
      VALUES (${id}, ${input.objectType}, ${input.name}, ${ctx.principal.userId}, ${input.shared}, ${JSON.stringify(input.config)}::jsonb)`);
    await recordAudit(withTx(ctx, tx), {
      action: 'view.create',
      objectType: 'view',
      recordId: id,
      changes: { name: input.name, shared: input.shared },
    });
  });
  return findView(ctx, input.objectType, id);
}

async function ownView(ctx: Ctx, id: string): Promise<ViewRow> {
  if (!personOf(ctx)) throw keysMayNot();
  if (!isUuid(id)) throw notFound('View');
  const [v] = await ctx.db.query<ViewRow>(
    sql`SELECT v.*, NULL AS owner_name FROM saved_views v WHERE v.id = ${id}::uuid AND (v.owner_id = ${ctx.principal.userId} OR v.shared)`,
  );
  if (!v) throw notFound('View');
  if (v.owner_id !== ctx.principal.userId && !ctx.principal.role.isAdmin)
    throw forbidden('Only its owner or an admin may change a shared view');
  return v;
}

export async function updateView(ctx: Ctx, id: string, patch: z.output<typeof viewPatch>): Promise<SavedView> {
  const v = await ownView(ctx, id);
  if (patch.config) checkConfig(ctx, v.object_type, patch.config);
  await ctx.db.transaction(async (tx) => {
    await tx.query(sql`UPDATE saved_views SET name = ${patch.name ?? v.name}, shared = ${patch.shared ?? v.shared},
      config = ${JSON.stringify(patch.config ?? v.config)}::jsonb, updated_at = ${ctx.now()} WHERE id = ${id}::uuid`);
    await recordAudit(withTx(ctx, tx), { action: 'view.update', objectType: 'view', recordId: id, changes: patch });
  });
  return findView(ctx, v.object_type, id);
}

export async function deleteView(ctx: Ctx, id: string) {
  await ownView(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx.query(sql`DELETE FROM saved_views WHERE id = ${id}::uuid`);
    await recordAudit(withTx(ctx, tx), { action: 'view.delete', objectType: 'view', recordId: id });
  });
}

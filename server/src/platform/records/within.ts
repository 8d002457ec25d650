// A relation within another (field option `within`): a deal's stage is one of the stages of the
// deal's pipeline. Every write that sets either is checked here (a hook of every such entry, so
// imports and bulk updates too), and a board or aggregate by the inner relation, given the outer
// one's value (`pipelineId=…`), takes its groups from the target's records under that value, in
// the target's own order, empty ones included — a pipeline's stages as the board's columns.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';
import { invalid } from '../errors.ts';
import type { ResolvedField, ResolvedObject } from '../registry/registry.ts';
import type { AggregateParams } from './aggregate.ts';
import type { ObjectHooks } from './hooks.ts';
import { parseSort } from './list-query.ts';
import { readableWhere } from './records.service.ts';

const withinOf = new WeakMap<ResolvedObject, ResolvedField[]>();

/** The entry's relation fields that lie within another field. */
export function withinFields(obj: ResolvedObject): ResolvedField[] {
  let fields = withinOf.get(obj);
  if (!fields) {
    fields = [...obj.fields.values()].filter((f) => f.within);
    withinOf.set(obj, fields);
  }
  return fields;
}

const hooksOf = new WeakMap<ResolvedObject, ObjectHooks>();

/** The check of an entry's `within` fields on every create and update (null when it has none). */
export function withinHooks(obj: ResolvedObject): ObjectHooks | null {
  const fields = withinFields(obj);
  if (!fields.length) return null;
  let hooks = hooksOf.get(obj);
  if (!hooks) {
    hooks = {
      async validate(ctx, change) {
        if (!change.after) return;
        for (const f of fields) await checkWithin(ctx, obj, f, change.after, change.changed);
      },
    };
    hooksOf.set(obj, hooks);
  }
  return hooks;
}

async function checkWithin(
  ctx: Ctx,
  obj: ResolvedObject,
  f: ResolvedField,
  after: Record<string, unknown>,
  changed: string[],
) {
  const outer = f.within as string;
  if (!changed.includes(f.name) && !changed.includes(outer)) return;
  const id = after[f.name];
  if (typeof id !== 'string') return;
  const parent = after[outer];
  const outerField = obj.fields.get(outer);
  const target = ctx.registry.get(f.relation ?? '');
  const targetOuter = target?.fields.get(outer);
  if (!target || !targetOuter || !outerField) return;
  const [row] = await ctx.db.query<{ v: string | null }>(
    sql`SELECT ${sql.ident(targetOuter.column)}::text AS v FROM ${sql.ident(target.table)} WHERE id = ${id}::uuid`,
  );
  if (row && row.v === (parent ?? null)) return;
  const what = `${target.label.toLowerCase()} of the ${obj.label.toLowerCase()}'s ${(outerField.label ?? outer).toLowerCase()}`;
  throw invalid(`${f.name}: must be a ${what}`, { [f.name]: `not a ${what}` });
}

/**
 * An aggregate by a `within` field given the outer field's value (`pipelineId=…` among the
 * equality filters): its groups become the target's records under that value, in the target's
 * order, with their titles. The equality itself goes: every record of those groups has that value
 * (checked on write), so the kept counts can answer. Anything else is returned as it came.
 */
export async function withWithinGroups(ctx: Ctx, p: AggregateParams): Promise<AggregateParams> {
  const f = p.groupBy?.field;
  if (!f?.within || p.groupBy?.bucket) return p;
  const outer = f.within;
  const eq = p.equals?.find((c) => c.field === outer && c.cmp === 'eq');
  const target = ctx.registry.get(f.relation ?? '');
  const targetOuter = target?.fields.get(outer);
  if (!eq || !target || !targetOuter || typeof eq.value !== 'string') return p;
  const sort = parseSort(target, undefined);
  const rows = await ctx.db.query<{ id: string; title: string }>(sql`
    SELECT t.id, t.title FROM ${sql.ident(target.table)} t
    WHERE t.${sql.ident(targetOuter.column)} = ${eq.value}::uuid AND ${readableWhere(ctx, target)}
    ORDER BY t.${sql.ident(sort.column)} ${sql.raw(sort.desc ? 'DESC' : 'ASC')}, t.id LIMIT 200`);
  return {
    ...p,
    equals: p.equals?.filter((c) => c !== eq),
    keys: rows.map((r) => ({ key: r.id, title: r.title })),
  };
}

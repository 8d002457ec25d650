// What one object does beyond storing its fields, run by the one write path on every route that
// writes — create, update, bulk, delete, restore, merge and import — inside the write's
// transaction. An entry declares its own (`hooks` on the definition); a module may add hooks for
// every object (the timeline moves a merged record's notes), registered on the registry.
import type { Ctx } from '../context.ts';
import type { ResolvedObject } from '../registry/registry.ts';
import type { Values } from './record-mapper.ts';
import { withinHooks } from './within.ts';

export type WriteAction = 'create' | 'update' | 'delete' | 'restore';

export interface WriteChange {
  action: WriteAction;
  /** The record's id (already chosen on create). */
  id: string;
  /** Field values before the write; null on create. */
  before: Values | null;
  /** Field values after the write (before's, with the patch and computed values over them); null on delete. */
  after: Values | null;
  /** The fields the write changes (every field written, on create). */
  changed: string[];
}

/** What a hook is told: the change, and the object written (a module's hook may serve many). */
export type HookChange = WriteChange & { object: ResolvedObject };

export interface ObjectHooks {
  /**
   * Values for writable fields a new record's input left out, from what else it holds (a deal
   * line's price from its price book); create only, before `compute`. Input always wins.
   */
  defaults?: (ctx: Ctx, change: HookChange & { after: Values }) => Values | Promise<Values>;
  /**
   * Server-set values of computed (read-only) fields, from the values about to be written; runs
   * before `validate` on create and update. Returning a field that is not computed is an error.
   */
  compute?: (ctx: Ctx, change: HookChange & { after: Values }) => Values | Promise<Values>;
  /** Refuses a write by throwing (invalid(), forbidden()…): "cannot enter stage Won without an amount". */
  validate?: (ctx: Ctx, change: HookChange) => void | Promise<void>;
  /** More work in the same transaction once the row is written (related rows, totals elsewhere). */
  afterWrite?: (ctx: Ctx, change: HookChange) => void | Promise<void>;
  /** A record merged into another: move what hangs on it (`mergedId`) to the one kept (`keptId`). */
  merge?: (ctx: Ctx, m: { keptId: string; mergedId: string }, object: ResolvedObject) => void | Promise<void>;
}

/** The hooks of an object: its entry's, then those modules registered for it or for every object. */
export function hooksOf(ctx: Pick<Ctx, 'registry'>, obj: ResolvedObject): ObjectHooks[] {
  const own = obj.hooks ? [obj.hooks] : [];
  const within = withinHooks(obj);
  return [...(within ? [within] : []), ...own, ...ctx.registry.hooksFor(obj.name)];
}

/** Computed values, then validation: what create and update run before they write. */
export async function beforeWrite(
  ctx: Ctx,
  obj: ResolvedObject,
  change: WriteChange & { after: Values },
): Promise<Values> {
  const hooks = hooksOf(ctx, obj);
  if (!hooks.length) return {};
  const computed: Values = {};
  if (change.action === 'create')
    for (const h of hooks) {
      if (!h.defaults) continue;
      const out = await h.defaults(ctx, { ...change, object: obj, after: { ...change.after, ...computed } });
      for (const [name, value] of Object.entries(out)) {
        const f = obj.fields.get(name);
        if (!f || f.readOnly)
          throw new Error(`${obj.name}: defaults returned "${name}", which is not a writable field`);
        if (change.after[name] === undefined && value !== undefined) computed[name] = value;
      }
    }
  for (const h of hooks) {
    if (!h.compute) continue;
    const out = await h.compute(ctx, { ...change, object: obj, after: { ...change.after, ...computed } });
    for (const [name, value] of Object.entries(out)) {
      if (!obj.fields.get(name)?.computed)
        throw new Error(`${obj.name}: compute returned "${name}", which is not a computed field`);
      computed[name] = value;
    }
  }
  const after = { ...change.after, ...computed };
  const changed = [...new Set([...change.changed, ...Object.keys(computed)])];
  for (const h of hooks) await h.validate?.(ctx, { ...change, object: obj, after, changed });
  return computed;
}

/** Validation of a delete or restore (no values change). */
export async function validateLifecycle(ctx: Ctx, obj: ResolvedObject, change: WriteChange): Promise<void> {
  for (const h of hooksOf(ctx, obj)) await h.validate?.(ctx, { ...change, object: obj });
}

export async function afterWrite(ctx: Ctx, obj: ResolvedObject, change: WriteChange): Promise<void> {
  for (const h of hooksOf(ctx, obj)) await h.afterWrite?.(ctx, { ...change, object: obj });
}

export async function afterMerge(ctx: Ctx, obj: ResolvedObject, keptId: string, mergedId: string): Promise<void> {
  for (const h of hooksOf(ctx, obj)) await h.merge?.(ctx, { keptId, mergedId }, obj);
}

/**
 * Whether any hook would run when records of this object are created or updated (compute,
 * validate, afterWrite): the import's batches skip the per-row calls when none would. A module's
 * merge hook for every object (the timeline's) does not make every imported row pay for them.
 */
export const hasHooks = (ctx: Pick<Ctx, 'registry'>, obj: ResolvedObject) =>
  hooksOf(ctx, obj).some((h) => h.compute || h.validate || h.afterWrite);

// One batch of import rows, checked and (unless it is a preview) written: cells → field input,
// relations resolved by name for the whole batch, duplicates found for the whole batch, each row
// validated by the registry exactly as the records API validates, then one multi-row write.
import { uuidv7 } from 'uuidv7';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { inScope, permissionFor, scopeCondition } from '../../platform/permissions.ts';
import { computeTitle, type Row, selectColumns, type Values } from '../../platform/records/record-mapper.ts';
import { emitBatchEvent, insertMany, type RowUpdate, updateMany } from '../../platform/records/records.batch.ts';
import { validateValues } from '../../platform/records/validate.ts';
import { isUuid } from '../../platform/registry/fields.ts';
import type { ResolvedField, ResolvedObject } from '../../platform/registry/registry.ts';
import { parseCell } from './import-cells.ts';
import { isBlank } from './import-csv.ts';
import type { Target } from './import-mapping.ts';

export type DuplicateMode = 'skip' | 'update' | 'create';
export type RowStatus = 'create' | 'update' | 'skip' | 'error';

export interface RowResult {
  row: number;
  status: RowStatus;
  errors: Record<string, string>;
  values: Values;
  message?: string;
}

export interface InputRow {
  /** As a spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: string[];
}

/** What stays the same for every batch of one import: the mapping, the mode, caches of lookups. */
export interface ImportPlan {
  obj: ResolvedObject;
  targets: Target[];
  duplicateMode: DuplicateMode;
  createMissing: boolean;
  /** Relation field → lower(title) or id → record id (filled as batches resolve names). */
  refCache: Map<string, Map<string, string>>;
  users: { byKey: Map<string, string>; ids: Set<string> } | null;
}

export function makePlan(
  obj: ResolvedObject,
  targets: Target[],
  duplicateMode: DuplicateMode,
  createMissing: boolean,
): ImportPlan {
  return { obj, targets, duplicateMode, createMissing, refCache: new Map(), users: null };
}

const messages = (err: unknown, fallback = 'is invalid'): Record<string, string> => {
  if (err instanceof AppError) {
    const fields = (err.details?.fields ?? null) as Record<string, string> | null;
    return fields && Object.keys(fields).length ? fields : { row: err.message };
  }
  return { row: fallback };
};

async function loadUsers(ctx: Ctx, plan: ImportPlan) {
  if (plan.users) return plan.users;
  const rows = await ctx.db.query<{ id: string; email: string; name: string }>(
    sql`SELECT id, email, name FROM users WHERE is_active ORDER BY created_at`,
  );
  const byKey = new Map<string, string>();
  for (const u of rows) {
    if (!byKey.has(u.email.toLowerCase())) byKey.set(u.email.toLowerCase(), u.id);
    if (!byKey.has(u.name.toLowerCase())) byKey.set(u.name.toLowerCase(), u.id);
  }
  plan.users = { byKey, ids: new Set(rows.map((u) => u.id)) };
  return plan.users;
}

interface Pending {
  result: RowResult;
  input: Record<string, unknown>;
  /** Relation field → the text the cell gave. */
  refs: Map<string, string>;
}

/**
 * Resolves relation cells of the batch: an id must exist, a name is looked up case-insensitively
 * (the oldest record of that name wins) and, when asked, missing ones are made — once each.
 */
async function resolveRelations(ctx: Ctx, plan: ImportPlan, rows: Pending[], dryRun: boolean) {
  const fields = new Map<string, ResolvedField>();
  for (const p of rows) for (const name of p.refs.keys()) fields.set(name, plan.obj.fields.get(name) as ResolvedField);
  for (const [name, f] of fields) {
    if (f.type === 'user') {
      const users = await loadUsers(ctx, plan);
      for (const p of rows) {
        const raw = p.refs.get(name);
        if (raw === undefined) continue;
        const lower = raw.toLowerCase();
        const id = isUuid(lower) ? (users.ids.has(lower) ? lower : undefined) : users.byKey.get(lower);
        if (id) p.input[name] = id;
        else p.result.errors[name] = `no active user with the email or name "${raw}"`;
      }
      continue;
    }
    const target = ctx.registry.get(f.relation ?? '');
    if (!target) continue;
    const cache = plan.refCache.get(name) ?? new Map<string, string>();
    plan.refCache.set(name, cache);
    const wanted = new Set<string>();
    for (const p of rows) {
      const raw = p.refs.get(name);
      if (raw !== undefined && !cache.has(raw.toLowerCase())) wanted.add(raw.toLowerCase());
    }
    if (wanted.size) {
      const keys = [...wanted];
      const ids = keys.filter(isUuid);
      const found = await ctx.db.query<{ id: string; key: string }>(sql`
        SELECT DISTINCT ON (k.key) k.key, t.id FROM unnest(${keys}::text[]) AS k(key)
        JOIN ${sql.ident(target.table)} t ON t.deleted_at IS NULL AND (lower(t.title) = k.key ${ids.length ? sql`OR t.id::text = k.key` : sql.empty})
        ORDER BY k.key, t.created_at, t.id`);
      for (const r of found) cache.set(r.key, r.id);
    }
    const canCreate = plan.createMissing && permissionFor(ctx.principal, target.name).create;
    const toCreate = new Map<string, { name: string; values: Values }>();
    for (const p of rows) {
      const raw = p.refs.get(name);
      if (raw === undefined) continue;
      const key = raw.toLowerCase();
      const id = cache.get(key);
      if (id) {
        p.input[name] = id;
        continue;
      }
      if (!canCreate || isUuid(raw)) {
        p.result.errors[name] = isUuid(raw)
          ? `no ${target.label.toLowerCase()} with this id`
          : `no ${target.label.toLowerCase()} named "${raw}"`;
        continue;
      }
      if (!toCreate.has(key)) {
        try {
          toCreate.set(key, { name: raw, values: validateValues(target, { [target.titleFields[0]]: raw }, 'create') });
        } catch (err) {
          p.result.errors[name] =
            `cannot create ${target.label.toLowerCase()} "${raw}": ${Object.values(messages(err)).join('; ')}`;
          continue;
        }
      }
      p.input[name] = dryRun ? `new:${key}` : key;
    }
    if (!toCreate.size) continue;
    if (dryRun) {
      for (const p of rows) {
        const v = p.input[name];
        if (typeof v !== 'string' || !v.startsWith('new:')) continue;
        p.input[name] = undefined;
        p.result.message = `creates ${target.label.toLowerCase()} "${toCreate.get(v.slice(4))?.name}"`;
      }
      continue;
    }
    const made = [...toCreate.entries()];
    const createdIds = await insertMany(
      ctx,
      target,
      made.map(([, m]) => ({
        ...m.values,
        ...(target.fields.get('ownerId') ? { ownerId: ctx.principal.userId } : {}),
      })),
    );
    made.forEach(([key], i) => {
      cache.set(key, createdIds[i]);
    });
    for (const p of rows) {
      const v = p.input[name];
      if (typeof v === 'string' && !isUuid(v) && cache.has(v)) p.input[name] = cache.get(v);
    }
    await emitBatchEvent(ctx, target, { created: createdIds, updated: [] });
  }
}

/** Records of the batch that share a duplicate key (email, domain…) with a row, one query per key. */
async function findExisting(ctx: Ctx, obj: ResolvedObject, rows: Pending[]): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  const perm = permissionFor(ctx.principal, obj.name);
  const scope = scopeCondition(ctx.principal, perm, obj.fields.get('ownerId') ? sql`t.owner_id` : null);
  for (const key of obj.duplicateKeys ?? []) {
    const f = obj.fields.get(key);
    if (!f) continue;
    const values = [
      ...new Set(
        rows
          .map((p) => p.input[key])
          .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
          .map((v) => v.trim().toLowerCase()),
      ),
    ];
    if (!values.length) continue;
    const col = sql`t.${sql.ident(f.column)}`;
    const hits = await ctx.db.query<Row>(sql`
      SELECT ${selectColumns(obj)}, lower(${col}) AS __key FROM ${sql.ident(obj.table)} t
      WHERE lower(${col}) = ANY(${values}::text[]) AND t.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql.empty}
      ORDER BY t.created_at, t.id`);
    for (const h of hits) {
      const k = `${key}:${h.__key}`;
      if (!found.has(k)) found.set(k, h);
    }
  }
  return found;
}

const dupKeys = (obj: ResolvedObject, input: Record<string, unknown>) =>
  (obj.duplicateKeys ?? [])
    .map((k) => [k, input[k]] as const)
    .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
    .map(([k, v]) => `${k}:${(v as string).trim().toLowerCase()}`);

/**
 * Checks (and unless dryRun, writes) one batch. The caller holds the transaction. Each row's
 * status is what the import does with it; error rows carry a message per field.
 */
export async function processRows(
  ctx: Ctx,
  plan: ImportPlan,
  batch: InputRow[],
  opts: { dryRun: boolean; importId?: string },
): Promise<RowResult[]> {
  const { obj } = plan;
  const perm = permissionFor(ctx.principal, obj.name);
  const pending: Pending[] = [];
  const results: RowResult[] = [];
  for (const { row, cells } of batch) {
    const result: RowResult = { row, status: 'create', errors: {}, values: {} };
    results.push(result);
    if (isBlank(cells)) {
      Object.assign(result, { status: 'skip', message: 'empty row' });
      continue;
    }
    const input: Record<string, unknown> = {};
    const refs = new Map<string, string>();
    for (const t of plan.targets) {
      const parsed = parseCell(t.field, cells[t.index] ?? '', t.header, input[t.field.name], t.part);
      if (parsed === null) continue;
      if ('error' in parsed) result.errors[t.field.name] = parsed.error;
      else if (t.field.type === 'relation' || t.field.type === 'user') refs.set(t.field.name, parsed.value as string);
      else input[t.field.name] = parsed.value;
    }
    pending.push({ result, input, refs });
  }
  await resolveRelations(ctx, plan, pending, opts.dryRun);
  const existing = plan.duplicateMode === 'create' ? new Map<string, Row>() : await findExisting(ctx, obj, pending);

  // Rows of this batch that will be written, by duplicate key, so a later row of the same file
  // with the same email is a duplicate of the earlier one, as it would be across batches.
  const creates: Array<{ values: Values; id: string }> = [];
  const updates = new Map<string, RowUpdate & { title: string }>();
  const seen = new Map<
    string,
    { kind: 'create'; entry: { values: Values; id: string }; row: number } | { kind: 'update'; id: string; row: number }
  >();
  for (const p of pending) {
    const { result, input } = p;
    const keys = dupKeys(obj, input);
    const inFile =
      plan.duplicateMode === 'create' ? undefined : keys.map((k) => seen.get(k)).find((x) => x !== undefined);
    const inDb = inFile ? undefined : keys.map((k) => existing.get(k)).find((x) => x !== undefined);
    if (Object.keys(result.errors).length) {
      result.status = 'error';
      result.values = input;
      continue;
    }
    try {
      if ((inFile || inDb) && plan.duplicateMode === 'skip') {
        result.status = 'skip';
        result.message = inFile ? `duplicate of row ${inFile.row}` : `duplicate of "${inDb?.title as string}"`;
        result.values = input;
        continue;
      }
      if ((inFile || inDb) && plan.duplicateMode === 'update') {
        const patch = validateValues(obj, input, 'update');
        if (
          'ownerId' in patch &&
          perm.scope !== 'all' &&
          !inScope(ctx.principal, perm, (patch.ownerId as string | null) ?? null)
        ) {
          throw new AppError('FORBIDDEN', 'ownerId: outside the records you may assign', {
            fields: { ownerId: 'outside the records you may assign' },
          });
        }
        result.status = 'update';
        result.values = patch;
        if (inFile?.kind === 'create') {
          inFile.entry.values = { ...inFile.entry.values, ...patch };
          result.message = `updates the record of row ${inFile.row}`;
        } else {
          const id = inFile?.kind === 'update' ? inFile.id : (inDb?.id as string);
          const prior = updates.get(id);
          const u = prior ?? { row: inDb as Row, patch: {}, title: inDb?.title as string };
          u.patch = { ...u.patch, ...patch };
          updates.set(id, u);
          result.message = `updates "${u.title}"`;
          for (const k of keys) if (!seen.has(k)) seen.set(k, { kind: 'update', id, row: result.row });
        }
        continue;
      }
      const values = validateValues(obj, input, 'create');
      if (obj.fields.get('ownerId') && values.ownerId === undefined) values.ownerId = ctx.principal.userId;
      if (!computeTitle(obj, values)) {
        const names = [...obj.titleFields, ...(obj.subtitleField ? [obj.subtitleField] : [])];
        throw new AppError('INVALID', 'no name', {
          fields: Object.fromEntries(names.map((n) => [n, `${obj.label} needs ${names.join(' or ')}`])),
        });
      }
      const entry = { values, id: uuidv7() };
      creates.push(entry);
      result.status = 'create';
      result.values = values;
      for (const k of keys) if (!seen.has(k)) seen.set(k, { kind: 'create', entry, row: result.row });
    } catch (err) {
      result.status = 'error';
      result.errors = messages(err);
      result.values = input;
    }
  }
  if (!opts.dryRun) {
    const created = await insertMany(
      ctx,
      obj,
      creates.map((c) => c.values),
      creates.map((c) => c.id),
    );
    const updated = await updateMany(ctx, obj, [...updates.values()]);
    await emitBatchEvent(ctx, obj, { created, updated, ...(opts.importId ? { importId: opts.importId } : {}) });
  }
  return results;
}

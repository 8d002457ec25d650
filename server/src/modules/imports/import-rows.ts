// One batch of import rows, checked and (unless it is a preview) written: cells → field input (in a
// worker thread), owners and relations resolved by name within what the importer may read,
// duplicates found by the rule of the records path, each row validated by the registry exactly as
// the records API validates; then the missing companies that written rows name are made, and one
// multi-row write. Nothing is made for a row that is refused or skipped.
import type { DuplicateMode, ImportRowStatus } from '@kith/common/api/imports';
import { uuidv7 } from 'uuidv7';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { permissionFor } from '../../platform/permissions.ts';
import { afterWrite, beforeWrite, hasHooks } from '../../platform/records/hooks.ts';
import {
  computeTitle,
  type Row,
  readValues,
  selectColumns,
  type Values,
} from '../../platform/records/record-mapper.ts';
import { emitBatchEvent, insertMany, newId, type RowUpdate, updateMany } from '../../platform/records/records.batch.ts';
import { assertAssignableOwner, findDuplicates, readableWhere } from '../../platform/records/records.service.ts';
import { validateValues } from '../../platform/records/validate.ts';
import { isUuid } from '../../platform/registry/fields.ts';
import { ownerOf, type ResolvedField, type ResolvedObject } from '../../platform/registry/registry.ts';
import { addNote } from '../timeline/timeline.service.ts';
import type { UnknownValues } from './import-cells.ts';
import { noteTarget, type Target } from './import-mapping.ts';
import { type CellTarget, cellTarget, type ParsedRow } from './import-parse.ts';
import { parseInWorker } from './import-pool.ts';

export type { DuplicateMode };
export type RowStatus = ImportRowStatus;

export interface RowResult {
  row: number;
  status: RowStatus;
  errors: Record<string, string>;
  /** Cells the row was written without (an unknown select value), per field. */
  warnings?: Record<string, string>;
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
  cells: CellTarget[];
  duplicateMode: DuplicateMode;
  createMissing: boolean;
  unknownValues: UnknownValues;
  /** Relation field → lower(title) or id → id of an existing record the importer may read. */
  refCache: Map<string, Map<string, string>>;
  users: { byKey: Map<string, string>; ids: Set<string> } | null;
}

export function makePlan(
  obj: ResolvedObject,
  targets: Target[],
  duplicateMode: DuplicateMode,
  createMissing: boolean,
  unknownValues: UnknownValues = 'empty',
): ImportPlan {
  return {
    obj,
    targets,
    cells: targets.map(cellTarget),
    duplicateMode,
    createMissing,
    unknownValues,
    refCache: new Map(),
    users: null,
  };
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

/** A record a row names that does not exist yet: made only if a row that is written needs it. */
interface NewRef {
  id: string;
  name: string;
  values: Values;
  used: boolean;
}

interface Pending {
  result: RowResult;
  input: Record<string, unknown>;
  /** The notes column's text: a note on the record's timeline once it is written. */
  note?: string;
  /** The record the row creates or updates. */
  recordId?: string;
  /** Relation field → the text the cell gave. */
  refs: Map<string, string>;
  /** Relation field → the record this row would make. */
  creates: Map<string, NewRef>;
}

/**
 * Resolves user and relation cells of the batch. A user by id, email or name. A relation by id or
 * by name (case-insensitive, the oldest record of that name wins), among the records the importer
 * may read only — others read as missing, and their ids and names never show. A missing one is
 * given an id, to be made (once) if a row that is written names it. Nothing is written here.
 */
async function resolveRefs(ctx: Ctx, plan: ImportPlan, rows: Pending[]): Promise<Map<string, Map<string, NewRef>>> {
  const made = new Map<string, Map<string, NewRef>>();
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
    const targetPerm = permissionFor(ctx.principal, target.name);
    const cache = plan.refCache.get(name) ?? new Map<string, string>();
    plan.refCache.set(name, cache);
    const wanted = new Set<string>();
    for (const p of rows) {
      const raw = p.refs.get(name);
      if (raw !== undefined && !cache.has(raw.toLowerCase())) wanted.add(raw.toLowerCase());
    }
    if (wanted.size && targetPerm.read) {
      const keys = [...wanted];
      const ids = keys.filter(isUuid);
      const found = await ctx.db.query<{ id: string; key: string }>(sql`
        SELECT DISTINCT ON (k.key) k.key, t.id FROM unnest(${keys}::text[]) AS k(key)
        JOIN ${sql.ident(target.table)} t ON ${readableWhere(ctx, target)}
          AND (lower(t.title) = k.key ${ids.length ? sql`OR t.id::text = k.key` : sql.empty})
        ORDER BY k.key, t.created_at, t.id`);
      for (const r of found) cache.set(r.key, r.id);
    }
    const canCreate = plan.createMissing && targetPerm.create;
    const toCreate = new Map<string, NewRef>();
    made.set(name, toCreate);
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
      let ref = toCreate.get(key);
      if (!ref) {
        try {
          const values = validateValues(target, { [target.titleFields[0]]: raw }, 'create');
          ref = { id: uuidv7(), name: raw, values, used: false };
          toCreate.set(key, ref);
        } catch (err) {
          p.result.errors[name] =
            `cannot create ${target.label.toLowerCase()} "${raw}": ${Object.values(messages(err)).join('; ')}`;
          continue;
        }
      }
      p.input[name] = ref.id;
      p.creates.set(name, ref);
    }
  }
  return made;
}

/** Records of the batch that share a duplicate key (email, domain…) with a row, one query per key. */
async function findExisting(ctx: Ctx, obj: ResolvedObject, rows: Pending[]): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
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
    // A join on the keys, not lower(col) = ANY(keys): with a thousand keys inlined into the
    // condition the planner estimated each one against the column's statistics, 20–70 ms of
    // planning per batch for a query that runs in 2 ms.
    const hits = await ctx.db.query<Row>(sql`
      SELECT ${selectColumns(obj)}, lower(${col}) AS __key
      FROM unnest(${values}::text[]) AS k(key) JOIN ${sql.ident(obj.table)} t ON lower(${col}) = k.key
      WHERE ${readableWhere(ctx, obj)}
      ORDER BY t.created_at, t.id`);
    for (const h of hits) {
      const k = `${key}:${h.__key}`;
      if (!found.has(k)) found.set(k, h);
    }
  }
  return found;
}

/** The name-within-scope key of a row (a contact's name at its company), when the object has one. */
function nameKey(obj: ResolvedObject, input: Record<string, unknown>): string | null {
  const scope = obj.duplicateScope ? input[obj.duplicateScope] : undefined;
  const title = computeTitle(obj, input as Values);
  return typeof scope === 'string' && title.length >= 3 ? `name:${scope}:${title.toLowerCase()}` : null;
}

const dupKeys = (obj: ResolvedObject, input: Record<string, unknown>) => {
  const keys = (obj.duplicateKeys ?? [])
    .map((k) => [k, input[k]] as const)
    .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
    .map(([k, v]) => `${k}:${(v as string).trim().toLowerCase()}`);
  // A row with its own key (an email) is told apart by it: names decide only for rows without one.
  const name = keys.length ? null : nameKey(obj, input);
  return name ? [name] : keys;
};

/**
 * Records that a row without a duplicate key (a contact without email) duplicates by the records
 * path's other rule (findDuplicates: a similar name within the same scope field, such as the same
 * company). A row with an email is matched by it alone: two people of similar names at one company
 * with different emails are two people. Rows whose company is still to be made cannot match.
 * Returns row → the record, loaded.
 */
async function findSimilar(ctx: Ctx, obj: ResolvedObject, rows: Pending[]): Promise<Map<Pending, Row>> {
  const out = new Map<Pending, Row>();
  if (!obj.duplicateScope || !permissionFor(ctx.principal, obj.name).read) return out;
  const scopeField = obj.duplicateScope;
  const column = obj.fields.get(scopeField)?.column;
  const candidates = rows.filter(
    (p) =>
      !Object.keys(p.result.errors).length &&
      !p.creates.has(scopeField) &&
      dupKeys(obj, p.input)[0]?.startsWith('name:'),
  );
  if (!candidates.length || !column) return out;
  // One query first: a company with no contacts yet can hold no duplicate, so most rows of a file
  // of new companies need no look-up of their own.
  const scopes = [...new Set(candidates.map((p) => p.input[scopeField] as string))];
  const populated = new Set(
    (
      await ctx.db.query<{ scope: string }>(sql`
        SELECT s.id::text AS scope FROM unnest(${scopes}::uuid[]) AS s(id)
        WHERE EXISTS (SELECT 1 FROM ${sql.ident(obj.table)} t WHERE t.${sql.ident(column)} = s.id AND t.deleted_at IS NULL)`)
    ).map((r) => r.scope),
  );
  const hits = new Map<Pending, string>();
  for (const p of candidates) {
    if (!populated.has(p.input[scopeField] as string)) continue;
    const [dup] = await findDuplicates(ctx, obj, p.input as Values);
    if (dup) hits.set(p, dup.id);
  }
  if (!hits.size) return out;
  const loaded = await ctx.db.query<Row>(
    sql`SELECT ${selectColumns(obj)} FROM ${sql.ident(obj.table)} t WHERE t.id = ANY(${[...new Set(hits.values())]}::uuid[])`,
  );
  const byId = new Map(loaded.map((r) => [r.id as string, r]));
  for (const [p, id] of hits) {
    const row = byId.get(id);
    if (row) out.set(p, row);
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Notes cells become notes on the written records' timelines, through the timeline's own service. */
async function addNotes(ctx: Ctx, obj: ResolvedObject, rows: Pending[]) {
  for (const p of rows) {
    if (!p.note || !p.recordId || (p.result.status !== 'create' && p.result.status !== 'update')) continue;
    const body = escapeHtml(p.note).replace(/\r?\n/g, '<br>');
    try {
      await addNote(ctx, { objectType: obj.name, recordId: p.recordId, body });
    } catch (err) {
      // Refused before any write (no right to add notes): the record stands, the report says so.
      if (!(err instanceof AppError)) throw err;
      p.result.warnings = { ...p.result.warnings, [noteTarget]: `note not added: ${err.message}` };
    }
  }
}

/**
 * The cells of a batch parsed in a worker thread. The import job does this before it opens the
 * batch's transaction, so that no transaction waits on parsing.
 */
export const parseBatch = (plan: ImportPlan, batch: InputRow[]): Promise<ParsedRow[]> =>
  parseInWorker(plan.cells, batch, { unknownValues: plan.unknownValues });

/**
 * Checks (and unless dryRun, writes) one batch. The caller holds the transaction. Each row's
 * status is what the import does with it; error rows carry a message per field.
 */
export async function processRows(
  ctx: Ctx,
  plan: ImportPlan,
  batch: InputRow[],
  opts: { dryRun: boolean; importId?: string; parsed?: ParsedRow[] },
): Promise<RowResult[]> {
  const { obj } = plan;
  const perm = permissionFor(ctx.principal, obj.name);
  const pending: Pending[] = [];
  const results: RowResult[] = [];
  const parsed = opts.parsed ?? (await parseBatch(plan, batch));
  for (const p of parsed) {
    const result: RowResult = { row: p.row, status: 'create', errors: p.errors, values: {} };
    if (Object.keys(p.warnings).length) result.warnings = p.warnings;
    results.push(result);
    if (p.blank) {
      Object.assign(result, { status: 'skip', message: 'empty row' });
      continue;
    }
    const note = p.input[noteTarget];
    delete p.input[noteTarget];
    pending.push({
      result,
      input: p.input,
      refs: new Map(Object.entries(p.refs)),
      creates: new Map(),
      ...(typeof note === 'string' ? { note } : {}),
    });
  }
  const made = await resolveRefs(ctx, plan, pending);
  const existing = plan.duplicateMode === 'create' ? new Map<string, Row>() : await findExisting(ctx, obj, pending);
  const similar = plan.duplicateMode === 'create' ? new Map<Pending, Row>() : await findSimilar(ctx, obj, pending);

  // Rows of this batch that will be written, by duplicate key, so a later row of the same file
  // with the same email is a duplicate of the earlier one, as it would be across batches.
  const creates: Array<{ values: Values; id: string }> = [];
  const updates = new Map<string, RowUpdate & { title: string }>();
  // Hooks cost per-row calls: only objects (or modules) that declare some pay for them.
  const hooked = hasHooks(ctx, obj);
  const owner = ownerOf(obj);
  const seen = new Map<
    string,
    { kind: 'create'; entry: { values: Values; id: string }; row: number } | { kind: 'update'; id: string; row: number }
  >();
  for (const p of pending) {
    const { result, input } = p;
    const keys = dupKeys(obj, input);
    const inFile =
      plan.duplicateMode === 'create' ? undefined : keys.map((k) => seen.get(k)).find((x) => x !== undefined);
    const inDb = inFile ? undefined : (keys.map((k) => existing.get(k)).find((x) => x !== undefined) ?? similar.get(p));
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
        if (owner && owner.name in patch) assertAssignableOwner(ctx, obj, perm, patch[owner.name]);
        if (hooked) {
          // The same hooks as an update through the API, on the values this row leaves.
          const target =
            inFile?.kind === 'create'
              ? null
              : (updates.get(inFile?.kind === 'update' ? inFile.id : (inDb?.id as string)) ?? null);
          if (inFile?.kind === 'create') {
            const after = { ...inFile.entry.values, ...patch };
            const changed = Object.keys(after);
            Object.assign(
              patch,
              await beforeWrite(ctx, obj, { action: 'create', id: inFile.entry.id, before: null, after, changed }),
            );
          } else {
            const row = target?.row ?? (inDb as Row);
            const before = { ...readValues(obj, row), ...(target?.patch ?? {}) };
            const id = row.id as string;
            const after = { ...before, ...patch };
            Object.assign(
              patch,
              await beforeWrite(ctx, obj, { action: 'update', id, before, after, changed: Object.keys(patch) }),
            );
          }
        }
        result.status = 'update';
        result.values = patch;
        if (inFile?.kind === 'create') {
          p.recordId = inFile.entry.id;
          inFile.entry.values = { ...inFile.entry.values, ...patch };
          result.message = `updates the record of row ${inFile.row}`;
        } else {
          const id = inFile?.kind === 'update' ? inFile.id : (inDb?.id as string);
          p.recordId = id;
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
      if (owner) {
        if (values[owner.name] === undefined) values[owner.name] = ctx.principal.userId;
        else assertAssignableOwner(ctx, obj, perm, values[owner.name]);
      }
      if (!computeTitle(obj, values)) {
        const names = [...obj.titleFields, ...(obj.subtitleField ? [obj.subtitleField] : [])];
        throw new AppError('INVALID', 'no name', {
          fields: Object.fromEntries(names.map((n) => [n, `${obj.label} needs ${names.join(' or ')}`])),
        });
      }
      const entry = { values, id: newId() };
      if (hooked) {
        const changed = Object.keys(values).filter((k) => values[k] !== undefined);
        Object.assign(
          values,
          await beforeWrite(ctx, obj, { action: 'create', id: entry.id, before: null, after: values, changed }),
        );
      }
      p.recordId = entry.id;
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

  // Only the records that written rows name are made; a preview says so on those rows.
  for (const p of pending) {
    if (p.result.status !== 'create' && p.result.status !== 'update') continue;
    for (const [name, ref] of p.creates) {
      ref.used = true;
      const label = ctx.registry.get(obj.fields.get(name)?.relation ?? '')?.label.toLowerCase() ?? 'record';
      const note = `creates ${label} "${ref.name}"`;
      p.result.message = p.result.message ? `${p.result.message}; ${note}` : note;
      if (opts.dryRun) delete p.result.values[name];
    }
  }
  if (opts.dryRun) return results;
  for (const [name, refs] of made) {
    const used = [...refs.entries()].filter(([, r]) => r.used);
    const target = ctx.registry.get(obj.fields.get(name)?.relation ?? '');
    if (!used.length || !target) continue;
    const targetOwner = ownerOf(target);
    const ids = await insertMany(
      ctx,
      target,
      used.map(([, r]) => ({
        ...r.values,
        ...(targetOwner ? { [targetOwner.name]: ctx.principal.userId } : {}),
      })),
      used.map(([, r]) => r.id),
    );
    const cache = plan.refCache.get(name);
    for (const [key, r] of used) cache?.set(key, r.id);
    await emitBatchEvent(ctx, target, { created: ids, updated: [] });
  }
  const created = await insertMany(
    ctx,
    obj,
    creates.map((c) => c.values),
    creates.map((c) => c.id),
  );
  const updated = await updateMany(ctx, obj, [...updates.values()]);
  if (hooked) await afterImportWrites(ctx, obj, creates, [...updates.values()], new Set(updated));
  await emitBatchEvent(ctx, obj, { created, updated, ...(opts.importId ? { importId: opts.importId } : {}) });
  await addNotes(ctx, obj, pending);
  return results;
}

/** The after-write hooks of an import's batch, record by record, in its transaction. */
async function afterImportWrites(
  ctx: Ctx,
  obj: ResolvedObject,
  creates: Array<{ values: Values; id: string }>,
  updates: RowUpdate[],
  changed: Set<string>,
): Promise<void> {
  for (const c of creates) {
    const changedKeys = Object.keys(c.values).filter((k) => c.values[k] !== undefined);
    await afterWrite(ctx, obj, { action: 'create', id: c.id, before: null, after: c.values, changed: changedKeys });
  }
  for (const u of updates) {
    const id = u.row.id as string;
    if (!changed.has(id)) continue;
    const before = readValues(obj, u.row);
    await afterWrite(ctx, obj, {
      action: 'update',
      id,
      before,
      after: { ...before, ...u.patch },
      changed: Object.keys(u.patch),
    });
  }
}

// Admins add fields to any object while the app runs. Each becomes a real column (see
// docs/decisions/002) with an index for filtering and sorting; the registry is rebuilt and
// every process is told to rebuild its own.
import type { CustomFieldType, SelectOption } from '@kith/common';
import type { CustomField, customFieldInput, customFieldPatch } from '@kith/common/api/custom-fields';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { assertAdmin, permissionFor } from '../permissions.ts';
import { ensureRecordCounts, forgetRecordCounts } from '../records/record-counts.ts';
import { systemFields, toColumn } from '../registry/define-object.ts';
import { isUuid } from '../registry/fields.ts';
import { type CustomFieldRow, customFieldDef } from '../registry/registry.ts';
import { checkDdl, columnDdl, fieldSpec, indexDdl } from '../registry/schema.ts';
import { queueObjectReindex, queueSearchReindex, type ReindexColumns, reindexState } from './search-reindex.ts';

export function customFieldJson(r: CustomFieldRow & ReindexColumns): CustomField {
  return {
    id: r.id,
    objectType: r.object_type,
    name: r.name,
    label: r.label,
    // Only the types customFieldInput takes are ever stored; the response schema holds it to that.
    type: r.type as CustomFieldType,
    options: r.options ?? undefined,
    required: r.required,
    searchable: r.searchable,
    relationObject: r.relation_object ?? undefined,
    /** Recomputing the search text of existing rows after `searchable` changed: done/total. */
    searchIndex: reindexState(r),
  };
}

export async function listCustomFields(ctx: Ctx, objectType?: string): Promise<CustomField[]> {
  const rows = await ctx.db.query<CustomFieldRow>(
    sql`SELECT * FROM custom_fields ${objectType ? sql`WHERE object_type = ${objectType}` : sql.empty} ORDER BY object_type, position, created_at`,
  );
  // A field's definition says something about its object: only for those who may read that object.
  return rows.filter((r) => permissionFor(ctx.principal, r.object_type).read).map(customFieldJson);
}

/** Tells every process (this one included) to rebuild its registry; NOTIFY arrives on commit. */
async function announce(ctx: Ctx, objectType: string) {
  await emitEvent(ctx, { type: 'registry.changed', payload: { objectType } });
}

export async function createCustomField(ctx: Ctx, input: z.output<typeof customFieldInput>): Promise<CustomField> {
  assertAdmin(ctx.principal);
  const obj = ctx.registry.get(input.objectType);
  if (!obj) throw invalid(`objectType: no object "${input.objectType}"`, { objectType: 'unknown object' });
  if (obj.fields.has(input.name) || (systemFields as readonly string[]).includes(input.name)) {
    throw conflict(`name: ${obj.label} already has a field "${input.name}"`, { fields: { name: 'already exists' } });
  }
  if ((input.type === 'select' || input.type === 'multiSelect') && !input.options?.length) {
    throw invalid('options: a select field needs at least one option', { options: 'is required' });
  }
  const options: SelectOption[] | undefined = input.options && dedupeOptions(input.options);
  if (input.type === 'relation') {
    if (!input.relationObject || !ctx.registry.get(input.relationObject)) {
      throw invalid('relationObject: name the object this field points at', { relationObject: 'unknown object' });
    }
  }
  const column = `cf_${toColumn(input.name)}`;
  const row: CustomFieldRow = {
    id: uuidv7(),
    object_type: obj.name,
    name: input.name,
    column_name: column,
    label: input.label,
    type: input.type,
    options: options ?? null,
    required: input.required,
    searchable: input.searchable,
    relation_object: input.type === 'relation' ? (input.relationObject ?? null) : null,
  };
  const def = customFieldDef(row);
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await tx.query(sql`INSERT INTO custom_fields (id, object_type, name, column_name, label, type, options, required, searchable, relation_object, position)
      VALUES (${row.id}, ${row.object_type}, ${row.name}, ${column}, ${row.label}, ${row.type}, ${options ? JSON.stringify(options) : null}::jsonb,
              ${row.required}, ${row.searchable}, ${row.relation_object},
              (SELECT coalesce(max(position), 0) + 1 FROM custom_fields WHERE object_type = ${row.object_type}))`);
    // The column and index the registry's schema generator derives for the field (decision 009):
    // every filter and sort the UI offers on it uses an index, on live rows only.
    const spec = fieldSpec(
      { ...def, name: row.name, label: row.label, column },
      obj.table,
      (o) => ctx.registry.get(o)?.table,
    );
    for (const c of spec.columns) await tx.exec(`ALTER TABLE ${obj.table} ADD COLUMN ${columnDdl(c)}`);
    for (const k of spec.checks) await tx.exec(checkDdl(obj.table, k));
    for (const i of spec.indexes) await tx.exec(indexDdl(obj.table, i));
    await recordAudit(c, {
      action: 'customField.create',
      objectType: 'customField',
      recordId: row.id,
      changes: customFieldJson(row),
    });
    await announce(c, obj.name);
  });
  await ctx.registry.load(ctx.db);
  // A select or number field joins the board counts: the table is counted again (decision 012).
  await ensureRecordCounts(ctx.db, ctx.registry, [obj.name]);
  return customFieldJson(row);
}

function dedupeOptions(options: SelectOption[]): SelectOption[] {
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.value)) throw invalid(`options: "${o.value}" appears twice`, { options: 'duplicate value' });
    seen.add(o.value);
  }
  return options;
}

async function loadField(ctx: Ctx, id: string): Promise<CustomFieldRow> {
  if (!isUuid(id)) throw notFound('Custom field');
  const [row] = await ctx.db.query<CustomFieldRow>(sql`SELECT * FROM custom_fields WHERE id = ${id}::uuid`);
  if (!row) throw notFound('Custom field');
  return row;
}

export async function updateCustomField(
  ctx: Ctx,
  id: string,
  patch: z.output<typeof customFieldPatch>,
): Promise<CustomField> {
  assertAdmin(ctx.principal);
  const row = await loadField(ctx, id);
  if (patch.options && row.type !== 'select' && row.type !== 'multiSelect')
    throw invalid('options: only select fields have options', { options: 'not a select field' });
  const next: CustomFieldRow = {
    ...row,
    label: patch.label ?? row.label,
    options: patch.options ? dedupeOptions(patch.options) : row.options,
    required: patch.required ?? row.required,
    searchable: patch.searchable ?? row.searchable,
  };
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await tx.query(sql`UPDATE custom_fields SET label = ${next.label}, options = ${next.options ? JSON.stringify(next.options) : null}::jsonb,
      required = ${next.required}, searchable = ${next.searchable} WHERE id = ${id}::uuid`);
    // Existing rows' search text follows the new rule in the background. (A new field needs no
    // such pass: every existing row has it empty, so their search text is already right.)
    if (next.searchable !== row.searchable) await queueSearchReindex(tx, ctx.jobs, id);
    const { searchIndex: _b, ...before } = customFieldJson(row) as Record<string, unknown>;
    const { searchIndex: _a, ...after } = customFieldJson(next) as Record<string, unknown>;
    const changes = Object.fromEntries(
      Object.keys(after)
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => [k, { before: before[k], after: after[k] }]),
    );
    await recordAudit(c, { action: 'customField.update', objectType: 'customField', recordId: id, changes });
    await announce(c, row.object_type);
  });
  await ctx.registry.load(ctx.db);
  return customFieldJson(await loadField(ctx, id));
}

/** Drops the field and its column: its data goes with it (the UI asks first). */
export async function deleteCustomField(ctx: Ctx, id: string) {
  assertAdmin(ctx.principal);
  const row = await loadField(ctx, id);
  const obj = ctx.registry.get(row.object_type);
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await tx.query(sql`DELETE FROM custom_fields WHERE id = ${id}::uuid`);
    if (obj) {
      // The counts' triggers may read the column: they go first, and come back without it below.
      await forgetRecordCounts(tx, obj.table);
      await tx.query(sql`ALTER TABLE ${sql.ident(obj.table)} DROP COLUMN IF EXISTS ${sql.ident(row.column_name)}`);
      await tx.query(
        sql`ALTER TABLE ${sql.ident(obj.table)} DROP COLUMN IF EXISTS ${sql.ident(`${row.column_name}_currency`)}`,
      );
      // Its words leave the search text too, or search would still find the deleted data.
      if (row.searchable) await queueObjectReindex(tx, ctx.jobs, obj.name);
    }
    await recordAudit(c, {
      action: 'customField.delete',
      objectType: 'customField',
      recordId: id,
      changes: customFieldJson(row),
    });
    await announce(c, row.object_type);
  });
  await ctx.registry.load(ctx.db);
  await ensureRecordCounts(ctx.db, ctx.registry, [row.object_type]);
}

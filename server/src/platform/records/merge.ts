// Merging two records of one object: the survivor keeps its values, fills its gaps from the
// other (or takes the fields the user chose), unions list fields, takes over every related record
// and note, and shows the merged record's history beside its own.
import type { ApiRecord, MergeInput } from '@kith/common/api/records';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { invalid } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { assertCan } from '../permissions.ts';
import { linkColumns } from '../registry/fields.ts';
import { afterMerge } from './hooks.ts';
import { type Row, readValues, type Values } from './record-mapper.ts';
import { applyUpdate, getRecord, loadRow, objectOf, softDelete } from './records.service.ts';

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export async function mergeRecords(ctx: Ctx, objectName: string, input: MergeInput): Promise<ApiRecord> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'update', obj.label);
  assertCan(ctx.principal, obj.name, 'delete', obj.label);
  if (input.primaryId === input.duplicateId)
    throw invalid('duplicateId: cannot merge a record into itself', { duplicateId: 'same as primaryId' });
  for (const name of input.take ?? []) {
    const f = obj.fields.get(name);
    if (!f || f.readOnly) throw invalid(`take: "${name}" is not a writable field`, { take: 'unknown field' });
  }
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const primary = await loadRow(c, obj, perm, input.primaryId, { lock: true });
    const duplicate = await loadRow(c, obj, perm, input.duplicateId, { lock: true });
    const keep = readValues(obj, primary);
    const other = readValues(obj, duplicate);
    const patch: Values = {};
    for (const [name, f] of obj.fields) {
      if (f.readOnly) continue;
      const mine = keep[name];
      const theirs = other[name];
      if (input.take?.includes(name)) patch[name] = theirs;
      else if (Array.isArray(mine) && Array.isArray(theirs)) {
        const seen = new Set(mine.map((v) => JSON.stringify(v)));
        const union = [...mine, ...theirs.filter((v) => !seen.has(JSON.stringify(v)))];
        if (union.length !== mine.length) patch[name] = union;
      } else if (isEmpty(mine) && !isEmpty(theirs)) patch[name] = theirs;
    }
    // A second email address is kept among the other emails rather than lost.
    for (const [name, f] of obj.fields) {
      if (f.type !== 'email' || input.take?.includes(name)) continue;
      const list = [...obj.fields.values()].find((x) => x.type === 'emailList');
      const theirs = other[name];
      if (list && typeof theirs === 'string' && theirs && keep[name] && keep[name] !== theirs) {
        const current = (patch[list.name] ?? keep[list.name] ?? []) as string[];
        if (!current.includes(theirs)) patch[list.name] = [...current, theirs];
      }
    }
    // The duplicate's links move over as they are, even to records this user may not read.
    await applyUpdate(c, obj, perm, primary, patch, other);
    await relink(c, obj.name, duplicate, input.primaryId);
    // What else hangs on the duplicate (notes, later activities and files) moves by the hooks of
    // the entry and of the modules that keep it.
    await afterMerge(c, obj, input.primaryId, input.duplicateId);
    await tx.query(sql`INSERT INTO record_merges (object_type, from_id, into_id, merged_by, merged_at)
      VALUES (${obj.name}, ${input.duplicateId}::uuid, ${input.primaryId}::uuid, ${ctx.principal.userId}, ${ctx.now()})`);
    await softDelete(c, obj, duplicate);
    await recordAudit(c, {
      action: 'merge',
      objectType: obj.name,
      recordId: input.primaryId,
      changes: { mergedFrom: { before: null, after: { id: input.duplicateId, title: duplicate.title } } },
    });
    await emitEvent(c, {
      type: `${obj.name}.merged`,
      objectType: obj.name,
      recordId: input.primaryId,
      payload: { from: input.duplicateId },
    });
  });
  return getRecord(ctx, obj.name, input.primaryId);
}

/**
 * Every record pointing at the duplicate through a relation field, or a link to any record, now
 * points at the survivor.
 */
async function relink(ctx: Ctx, objectName: string, duplicate: Row, intoId: string) {
  const fromId = duplicate.id as string;
  for (const other of ctx.registry.all()) {
    for (const f of other.fields.values()) {
      if (f.type === 'anyRecord' && ctx.registry.linkTargets(f).some((o) => o.name === objectName)) {
        const c = linkColumns(f);
        const moved = await ctx.db.query<{ id: string }>(sql`
          UPDATE ${sql.ident(other.table)} SET ${sql.ident(c.id)} = ${intoId}::uuid, updated_at = ${ctx.now()}
          WHERE ${sql.ident(c.object)} = ${objectName} AND ${sql.ident(c.id)} = ${fromId}::uuid RETURNING id`);
        for (const { id } of moved)
          await recordAudit(ctx, {
            action: 'update',
            objectType: other.name,
            recordId: id,
            changes: {
              [f.name]: { before: { object: objectName, id: fromId }, after: { object: objectName, id: intoId } },
            },
          });
        continue;
      }
      if (f.type !== 'relation' || f.relation !== objectName) continue;
      const moved = await ctx.db.query<{ id: string }>(sql`
        UPDATE ${sql.ident(other.table)} SET ${sql.ident(f.column)} = ${intoId}::uuid, updated_at = ${ctx.now()}
        WHERE ${sql.ident(f.column)} = ${fromId}::uuid RETURNING id`);
      for (const { id } of moved) {
        await recordAudit(ctx, {
          action: 'update',
          objectType: other.name,
          recordId: id,
          changes: { [f.name]: { before: fromId, after: intoId } },
        });
      }
    }
  }
}

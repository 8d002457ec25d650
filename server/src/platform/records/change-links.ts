// A record's change on the timelines of the records it concerns (an order's status on its company's
// and contact's): the entry's `timelineChanges` fields name them. Each audit entry of a record
// write is linked, in the statement that writes it, to every record those fields point at after
// the write and pointed at before it (an order moved to another company shows on both).
import { type Sql, sql } from '../../db/sql.ts';
import type { AuditCtx } from '../audit.ts';
import { linkColumns } from '../registry/fields.ts';
import type { ResolvedObject } from '../registry/registry.ts';

/**
 * The statement that follows an audit insert written as `WITH a AS (INSERT INTO audit_log …
 * RETURNING id, at, record_id, changes)`: one `timeline_links` row per entry and record pointed at
 * (item_kind `change`, via the changed record), its time the entry's, so that a timeline reads its
 * newest changes from the links' (object_type, record_id, item_kind, created_at) index alone.
 * Set-based: one statement whatever the number of entries (an import). `row`: where the records'
 * rows are read when not from their table (the rows a write in the same statement returned, which
 * its snapshot cannot see). Null when the object sends its changes nowhere. The links table is the timeline's (decision 025); the records path writes
 * these rows because it is the one place every record write is audited (decision 032).
 */
export function changeLinks(ctx: Pick<AuditCtx, 'principal'>, obj: ResolvedObject, row?: Sql): Sql | null {
  const targets: Sql[] = [];
  for (const name of obj.timelineChanges ?? []) {
    const f = obj.fields.get(name);
    const before = sql`a.changes -> ${name}::text -> 'before'`;
    if (f?.type === 'relation' && f.relation) {
      targets.push(sql`(${f.relation}::text, t.${sql.ident(f.column)})`);
      targets.push(sql`(${f.relation}::text, (a.changes -> ${name}::text ->> 'before')::uuid)`);
    } else if (f?.type === 'anyRecord') {
      const c = linkColumns(f);
      targets.push(sql`(t.${sql.ident(c.object)}, t.${sql.ident(c.id)})`);
      targets.push(sql`(${before} ->> 'object', (${before} ->> 'id')::uuid)`);
    }
  }
  if (!targets.length) return null;
  return sql`INSERT INTO timeline_links (object_type, record_id, item_kind, item_id, via_object, via_id, created_by, created_at)
    SELECT r.object_type, r.record_id, 'change', a.id, ${obj.name}, a.record_id, ${ctx.principal.userId}::uuid, a.at
    FROM a JOIN ${row ?? sql.ident(obj.table)} t ON t.id = a.record_id
      CROSS JOIN LATERAL (VALUES ${sql.join(targets)}) AS r(object_type, record_id)
    WHERE r.record_id IS NOT NULL
    ON CONFLICT DO NOTHING`;
}

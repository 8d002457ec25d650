// Domain events: written in the same transaction as the change (the outbox for workflows and
// webhooks) and announced with NOTIFY, which PostgreSQL delivers only on commit — to every
// process listening, which is how live updates cross processes.

import { uuidv7 } from 'uuidv7';
import { type Sql, sql } from '../db/sql.ts';
import { type AuditCtx, type AuditEntry, auditInsert, auditReturning } from './audit.ts';
import type { Ctx } from './context.ts';
import { markFields } from './record-scopes.ts';
import { ownerOf } from './registry/registry.ts';

export const eventsChannel = 'kith_events';

/** How many people an event's notification names for a shared record; more are looked up. */
export const maxSharersNamed = 100;

export interface DomainEvent {
  type: string; // e.g. contact.created
  objectType?: string;
  recordId?: string;
  payload?: Record<string, unknown>;
  /** When the change gave the record another owner: the one it had (live updates reach both scopes). */
  previousOwnerId?: string | null;
  /** When the change moved the record's marks (its territory): the ones it had, by scope key. */
  previousMarks?: Record<string, string | null>;
}

export async function emitEvent(
  ctx: Pick<Ctx, 'db' | 'principal' | 'now'> & Partial<Pick<Ctx, 'registry'>>,
  e: DomainEvent,
): Promise<void> {
  const id = uuidv7();
  // Written and announced in one statement (a data-modifying WITH runs whatever the SELECT reads).
  await ctx.db.query(sql`WITH ${eventWritten(ctx, e, id)} ${notifySql(ctx, e, id)}`);
}

/** A record's own INSERT or UPDATE, written with its trail (auditAndEmit). */
export interface RecordWrite {
  /** The statement, without RETURNING: the record's row as it wrote it is read as `w`. */
  write: Sql;
  /** The timeline links that follow the audit entry (read as `a`), given where the record's row is read (`w`). */
  links?: (row: Sql) => Sql | null;
}

/**
 * A record write, its audit entry (with the records path's timeline links, which read it as
 * `a`) and its event, written and announced in one statement: one round trip instead
 * of three. The rows are those the write, recordAudit and emitEvent would leave one after another;
 * what the statement reads of the record (its owner and marks for the notification, the links'
 * targets) comes from the row the write returned, which the statement's own snapshot cannot see.
 */
export async function auditAndEmit(
  ctx: AuditCtx & Partial<Pick<Ctx, 'registry'>>,
  audit: AuditEntry,
  e: DomainEvent,
  record: RecordWrite,
): Promise<void> {
  const { insert } = auditInsert(ctx, audit);
  const id = uuidv7();
  const row = sql`w`;
  const linked = record.links?.(row);
  const links = linked ? sql`, l AS (${linked})` : sql.empty;
  await ctx.db.query(
    sql`WITH w AS (${record.write} RETURNING *), a AS (${insert} ${auditReturning})${links}, ${eventWritten(ctx, e, id)}
    ${notifySql(ctx, e, id, row)}`,
  );
}

/** The CTE that writes an event to the events table (the outbox). */
function eventWritten(ctx: Pick<Ctx, 'principal' | 'now'>, e: DomainEvent, id: string): Sql {
  return sql`written AS (
    INSERT INTO events (id, at, type, object_type, record_id, actor_id, payload)
    VALUES (${id}, ${ctx.now()}, ${e.type}, ${e.objectType ?? null}, ${e.recordId ?? null}, ${ctx.principal.userId},
            ${JSON.stringify(e.payload ?? {})}::jsonb))`;
}

/**
 * Tells every process of an event (live updates), on commit, without writing it to the events
 * table: for a batch whose events were written row by row (records.batch.ts).
 */
export async function notifyEvent(
  ctx: Pick<Ctx, 'db'> & Partial<Pick<Ctx, 'registry'>>,
  e: DomainEvent,
  id: string = uuidv7(),
): Promise<void> {
  await ctx.db.query(notifySql(ctx, e, id));
}

/** The SELECT pg_notify(…) that announces an event; `row`: where the record's row is read (its table). */
function notifySql(ctx: Partial<Pick<Ctx, 'registry'>>, e: DomainEvent, id: string, row?: Sql): Sql {
  // Only ids travel: listeners re-read what they may see through the permission-checked API.
  const note = JSON.stringify({
    id,
    type: e.type,
    objectType: e.objectType,
    recordId: e.recordId,
    ...('previousOwnerId' in e ? { previousOwnerId: e.previousOwnerId } : {}),
    ...(e.previousMarks ? { previousMarks: e.previousMarks } : {}),
  });
  // And the record's owner (and its marks, for a module's scope), read in this transaction, so
  // that live updates can keep to each listener's scope without a query per event.
  const obj = e.objectType && e.recordId ? ctx.registry?.get(e.objectType) : undefined;
  const owner = obj && ownerOf(obj);
  const marks = obj ? Object.entries(markFields(obj)) : [];
  if (obj && (owner || marks.length)) {
    // A record shared beyond its owner's scope (a meeting's attendees) also names whom it is shared
    // with — up to 100 of them: a NOTIFY payload holds 8,000 bytes. Beyond that it says so, and
    // each process looks its listeners up (realtime.ts).
    const sharers = obj.sharedWith
      ? sql`(SELECT s.${sql.ident(obj.sharedWith.userColumn)} AS u FROM ${sql.ident(obj.sharedWith.table)} s
          WHERE s.${sql.ident(obj.sharedWith.recordColumn)} = ${e.recordId}::uuid AND s.${sql.ident(obj.sharedWith.userColumn)} IS NOT NULL LIMIT ${maxSharersNamed + 1})`
      : null;
    const fromRow = sql`FROM ${row ?? sql.ident(obj.table)} r WHERE r.id = ${e.recordId}::uuid`;
    const parts: Sql[] = [];
    if (owner) parts.push(sql`'ownerId', (SELECT r.${sql.ident(owner.column)} ${fromRow})`);
    if (marks.length) {
      const pairs = marks.map(([key, f]) => sql`${key}::text, r.${sql.ident(f.column)}`);
      parts.push(sql`'marks', (SELECT jsonb_build_object(${sql.join(pairs)}) ${fromRow})`);
    }
    if (sharers)
      parts.push(sql`'sharedWith', (SELECT CASE WHEN count(*) > ${maxSharersNamed} THEN '"many"'::jsonb
          ELSE coalesce(jsonb_agg(x.u), '[]'::jsonb) END FROM ${sharers} x)`);
    return sql`SELECT pg_notify(${eventsChannel}, (${note}::jsonb || jsonb_build_object(${sql.join(parts)}))::text)`;
  }
  return sql`SELECT pg_notify(${eventsChannel}, ${note})`;
}

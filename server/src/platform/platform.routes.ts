// Routes of the platform itself: object metadata, global search, people lists, audit log, outbox.

import { auditPage, auditQuery } from '@kith/common/api/audit';
import { objectMeta } from '@kith/common/api/meta';
import { outboxMessage, outboxQuery } from '@kith/common/api/outbox';
import { searchHit, searchQuery } from '@kith/common/api/search';
import { listOf } from '@kith/common/api/shared';
import { userSummary, usersQuery } from '@kith/common/api/users';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from '../db/sql.ts';
import type { Ctx } from './context.ts';
import { invalid } from './errors.ts';
import type { CtxFactory } from './http/request-context.ts';
import { assertAdmin, permissionFor } from './permissions.ts';
import { type AuditRow, auditJson } from './records/records.routes.ts';
import { isUuid } from './registry/fields.ts';
import { searchEverything } from './search.ts';

const isoOut = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function platformRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/meta/objects',
    {
      schema: {
        tags: ['meta'],
        summary: 'Every object type with its fields and what you may do with it',
        response: { 200: listOf(objectMeta) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return {
        data: ctx.registry
          .all()
          .map((o) => ctx.registry.meta(o, permissionFor(ctx.principal, o.name)))
          .filter((m) => m.permissions.read),
      };
    },
  );

  r.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search every object: ranked, prefix-matching and typo-tolerant',
        querystring: searchQuery,
        response: { 200: listOf(searchHit) },
      },
    },
    async (request) => ({ data: await searchEverything(ctxOf(request), request.query.q, request.query.limit) }),
  );

  r.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'People in the organisation (for owner pickers and the admin list)',
        querystring: usersQuery,
        response: { 200: listOf(userSummary) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const q = request.query.q?.trim();
      const rows = await ctx.db.query<{
        id: string;
        name: string;
        email: string;
        is_active: boolean;
        role_key: string;
        role_name: string;
        time_zone: string;
        avatar_url: string | null;
        is_admin: boolean;
        last_login_at: Date | null;
        created_at: Date;
      }>(sql`
      SELECT u.id, u.name, u.email, u.is_active, u.time_zone, u.avatar_url, u.last_login_at, u.created_at,
             r.key AS role_key, r.name AS role_name, r.is_admin
      FROM users u JOIN roles r ON r.id = u.role_id
      WHERE ${request.query.includeInactive === 'true' ? sql`true` : sql`u.is_active`}
        ${q ? sql`AND (u.name ILIKE ${`%${q}%`} OR u.email ILIKE ${`%${q}%`})` : sql.empty}
      ORDER BY u.name LIMIT 500`);
      // Colleagues see who is who (for pickers and mentions); roles and sign-in times are for admins.
      const admin = ctx.principal.role.isAdmin;
      return {
        data: rows.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          isActive: u.is_active,
          timeZone: u.time_zone,
          avatarUrl: u.avatar_url,
          ...(admin
            ? {
                role: { key: u.role_key, name: u.role_name, isAdmin: u.is_admin },
                lastLoginAt: isoOut(u.last_login_at),
                createdAt: new Date(u.created_at).toISOString(),
              }
            : {}),
        })),
      };
    },
  );

  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The admin log: every change, newest first, with filters',
        querystring: auditQuery,
        response: { 200: auditPage },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      assertAdmin(ctx.principal);
      const q = request.query;
      const conds = [sql`true`];
      if (q.objectType) conds.push(sql`a.object_type = ${q.objectType}`);
      if (q.recordId) conds.push(sql`a.record_id = ${q.recordId}::uuid`);
      if (q.actorId) conds.push(sql`a.actor_id = ${q.actorId}::uuid`);
      if (q.action) conds.push(sql`a.action = ${q.action}`);
      if (q.from) conds.push(sql`a.at >= ${q.from}::timestamptz`);
      if (q.to) conds.push(sql`a.at < ${q.to}::timestamptz`);
      if (q.cursor) {
        const [at, id] = Buffer.from(q.cursor, 'base64url').toString().split('|');
        if (!at || !id || !isUuid(id))
          throw invalid('cursor: is not a cursor this API handed out', { cursor: 'malformed' });
        conds.push(sql`(a.at, a.id) < (${at}::timestamptz, ${id}::uuid)`);
      }
      const rows = await ctx.db.query<AuditRow & { at_text: string }>(sql`
      SELECT a.id, a.at, a.at::text AS at_text, a.action, a.actor_id, a.actor_kind, a.changes, a.ip, a.object_type, a.record_id, u.name AS actor_name
      FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
      WHERE ${sql.join(conds, ' AND ')} ORDER BY a.at DESC, a.id DESC LIMIT ${q.limit + 1}`);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const titles = await recordTitles(ctx, page);
      return {
        data: page.map((r) => ({ ...auditJson(r), recordTitle: (r.record_id && titles.get(r.record_id)) ?? null })),
        nextCursor:
          rows.length > q.limit && last ? Buffer.from(`${last.at_text}|${last.id}`).toString('base64url') : null,
      };
    },
  );

  r.get(
    '/api/v1/outbox',
    {
      schema: {
        tags: ['mail'],
        summary: 'Every message the app sent or captured (admins)',
        querystring: outboxQuery,
        response: { 200: listOf(outboxMessage) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      assertAdmin(ctx.principal);
      const rows = await ctx.db.query<{
        id: string;
        to_address: string;
        subject: string;
        text_body: string;
        html_body: string | null;
        status: string;
        error: string | null;
        created_at: Date;
        sent_at: Date | null;
        attachments: Array<{ filename: string; contentType: string; content: string }> | null;
      }>(sql`SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT ${request.query.limit}`);
      return {
        data: rows.map((m) => ({
          id: m.id,
          to: m.to_address,
          subject: m.subject,
          text: m.text_body,
          html: m.html_body,
          status: m.status,
          error: m.error,
          createdAt: new Date(m.created_at).toISOString(),
          sentAt: isoOut(m.sent_at),
          attachments: m.attachments ?? [],
        })),
      };
    },
  );
}

/** Titles of the records a page of audit entries is about: one query per object type, not per row. */
async function recordTitles(ctx: Ctx, rows: AuditRow[]): Promise<Map<string, string>> {
  const byType = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.object_type || !r.record_id) continue;
    byType.set(r.object_type, [...(byType.get(r.object_type) ?? []), r.record_id]);
  }
  const titles = new Map<string, string>();
  for (const [type, ids] of byType) {
    const obj = ctx.registry.get(type);
    const source = obj
      ? sql`SELECT id, title FROM ${sql.ident(obj.table)}`
      : type === 'user'
        ? sql`SELECT id, name AS title FROM users`
        : null;
    if (!source) continue;
    const found = await ctx.db.query<{ id: string; title: string }>(sql`${source} WHERE id = ANY(${ids}::uuid[])`);
    for (const f of found) titles.set(f.id, f.title);
  }
  return titles;
}

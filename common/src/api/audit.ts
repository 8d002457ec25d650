// The audit log: /api/v1/audit (admins) and each record's history (/api/v1/{plural}/{id}/audit).
import { z } from 'zod';
import { pageOf } from './shared.ts';

export const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ id: z.string(), title: z.string() }).nullable().describe('null: Kith itself'),
  actorKind: z.string(),
  ip: z.string().nullable(),
  changes: z
    .record(z.string(), z.unknown())
    .describe('Per field: { before, after } for an update; the values written for other actions'),
  objectType: z.string().nullable().optional().describe('In the admin log'),
  recordId: z.string().nullable().optional().describe('In the admin log'),
  recordTitle: z.string().nullable().optional().describe("In the admin log: the record's current title"),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z.strictObject({
  objectType: z.string().max(100).optional(),
  recordId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(50).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditPage = pageOf(auditEntry);
export type AuditPage = z.infer<typeof auditPage>;

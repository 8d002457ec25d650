// Territories beyond their record routes (/api/v1/territories from the registry): the tree with
// members and record counts, the members of one territory, and re-running assignment by rule.
import { z } from 'zod';
import { uuid } from './shared.ts';

export const territoryMemberRoles = ['rep', 'manager'] as const;
export type TerritoryMemberRole = (typeof territoryMemberRoles)[number];

export const territoryMember = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(territoryMemberRoles),
});
export type TerritoryMember = z.infer<typeof territoryMember>;

export const territoryMembersInput = z.strictObject({
  members: z
    .array(z.strictObject({ userId: uuid, role: z.enum(territoryMemberRoles, { error: 'must be rep or manager' }) }))
    .max(500, 'at most 500 members'),
});
export type TerritoryMembersInput = z.input<typeof territoryMembersInput>;
export const territoryMemberList = z.object({ data: z.array(territoryMember) });

export const territoryNode = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  /** 0 for a root. */
  depth: z.number().int(),
  description: z.string().nullable(),
  inactive: z.boolean(),
  countries: z.array(z.string()),
  regions: z.array(z.string()),
  cities: z.array(z.string()),
  postalCodes: z.array(z.string()),
  industries: z.array(z.string()),
  members: z.array(territoryMember),
  /**
   * Records in this territory per object (companies…), for objects the reader may read in full;
   * objects read within a narrower scope are left out rather than counted past it.
   */
  recordCounts: z.record(z.string(), z.number().int()),
});
export type TerritoryNode = z.infer<typeof territoryNode>;
/** Every live territory, parents before their children, siblings by name. */
export const territoryTree = z.object({ data: z.array(territoryNode) });
export type TerritoryTree = z.infer<typeof territoryTree>;

export const reassignStatuses = ['queued', 'running', 'done', 'failed'] as const;
export const reassignRun = z.object({
  id: z.string(),
  status: z.enum(reassignStatuses),
  /** Why it runs: "territory changed", "requested". */
  reason: z.string(),
  requestedBy: z.string().nullable(),
  /** Records looked at, of `total` (counted when the run starts). */
  processed: z.number().int(),
  total: z.number().int().nullable(),
  /** Records whose territory changed. */
  changed: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ReassignRun = z.infer<typeof reassignRun>;
/** The latest run (null before the first). */
export const reassignStatus = z.object({ run: reassignRun.nullable() });
export type ReassignStatus = z.infer<typeof reassignStatus>;

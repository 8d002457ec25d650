// Roles (admins): /api/v1/roles. What a role allows is per object of the registry.
import { z } from 'zod';
import { type ObjectPermission, recordScopes } from '../objects.ts';

const scope = z
  .enum(recordScopes)
  .describe(
    'Which records read/update/delete/export reach: owned by the user, by their teams, in their territories (and below; plus their own), or all',
  );

/** One object's permission as a role holds it. */
export const objectPermission = z.object({
  create: z.boolean(),
  read: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
  export: z.boolean(),
  scope,
}) satisfies z.ZodType<ObjectPermission>;

/** As sent: whatever is left out allows nothing (own records only). */
const permissionInput = z.strictObject({
  create: z.boolean().default(false),
  read: z.boolean().default(false),
  update: z.boolean().default(false),
  delete: z.boolean().default(false),
  export: z.boolean().default(false),
  scope: scope.default('own'),
});
const permissionsInput = z
  .record(z.string().max(100), permissionInput)
  .describe('Per object name (see /api/v1/meta/objects); objects left out allow nothing');
const name = z.string().trim().min(1, 'is required').max(100);
const description = z.string().trim().max(500);

export const role = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  isBuiltin: z.boolean(),
  isAdmin: z.boolean(),
  permissions: z.record(z.string(), objectPermission),
  userCount: z.number().describe('Active users with this role'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Role = z.infer<typeof role>;

export const roleInput = z.strictObject({ name, description: description.optional(), permissions: permissionsInput });
export type RoleInput = z.input<typeof roleInput>;

export const rolePatch = z.strictObject({
  name: name.optional(),
  description: description.optional(),
  permissions: permissionsInput.optional(),
});
export type RolePatch = z.input<typeof rolePatch>;

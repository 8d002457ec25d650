// People: GET /api/v1/users (everyone, for pickers), /api/v1/users/:id (admins).
import { z } from 'zod';
import { namedRef, personName, uuid, uuidList } from './shared.ts';

/** One user in full, with role and teams (admins). */
export const userDetail = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isActive: z.boolean(),
  timeZone: z.string(),
  locale: z.string(),
  avatarUrl: z.string().nullable(),
  role: z.object({ id: z.string(), key: z.string(), name: z.string(), isAdmin: z.boolean() }),
  teams: z.array(namedRef),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserDetail = z.infer<typeof userDetail>;

export const userPatch = z.strictObject({
  name: personName.optional(),
  roleId: uuid.optional(),
  isActive: z.boolean().optional(),
  teamIds: uuidList.optional(),
});
export type UserPatch = z.input<typeof userPatch>;

export const usersQuery = z.strictObject({
  q: z.string().max(200).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

/** A person in the list: who is who for everyone; role and sign-in times for admins only. */
export const userSummary = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  isActive: z.boolean(),
  timeZone: z.string(),
  avatarUrl: z.string().nullable(),
  role: z.object({ key: z.string(), name: z.string(), isAdmin: z.boolean() }).optional().describe('Admins only'),
  lastLoginAt: z.string().nullable().optional().describe('Admins only'),
  createdAt: z.string().optional().describe('Admins only'),
});
export type UserSummary = z.infer<typeof userSummary>;

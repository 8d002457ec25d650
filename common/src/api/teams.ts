// Teams: /api/v1/teams. Everyone reads them; admins change them.
import { z } from 'zod';
import { namedRef, uuid, uuidList } from './shared.ts';

export const team = z.object({
  id: z.string(),
  name: z.string(),
  manager: namedRef.nullable(),
  members: z.array(namedRef),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Team = z.infer<typeof team>;

const name = z.string().trim().min(1, 'is required').max(100);
const managerId = uuid.nullable();

export const teamInput = z.strictObject({ name, managerId: managerId.optional(), memberIds: uuidList.optional() });
export type TeamInput = z.input<typeof teamInput>;

export const teamPatch = z.strictObject({
  name: name.optional(),
  managerId: managerId.optional(),
  memberIds: uuidList.optional(),
});
export type TeamPatch = z.input<typeof teamPatch>;

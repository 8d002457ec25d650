// Invitations: /api/v1/invitations. Admins invite; the invited person looks the link up and accepts.
import { z } from 'zod';
import { emailAddress, newPassword } from './auth.ts';
import { namedRef, personName, uuid, uuidList } from './shared.ts';

export const invitation = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: namedRef,
  teams: z.array(namedRef),
  invitedBy: namedRef.nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof invitation>;

export const invitationInput = z.strictObject({
  email: emailAddress,
  name: personName.optional(),
  roleId: uuid,
  teamIds: uuidList.optional(),
});
export type InvitationInput = z.input<typeof invitationInput>;

const token = z.string().min(1, 'is required').max(200);
export const invitationLookupQuery = z.strictObject({ token });

/** What an invitation link is for, shown before signing up. */
export const invitationLookup = z.object({
  email: z.string(),
  name: z.string().nullable(),
  organization: z.object({ name: z.string() }),
});
export type InvitationLookup = z.infer<typeof invitationLookup>;

export const invitationAccept = z.strictObject({ token, name: personName, password: newPassword });
export type InvitationAccept = z.input<typeof invitationAccept>;

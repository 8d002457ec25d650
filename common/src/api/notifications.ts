// A person's notifications (/api/v1/notifications): mentions, assignments, reminders, invitations,
// approvals, replies — unread counts, live over /api/v1/realtime, email digests, preferences per kind.
import { z } from 'zod';

/** The kinds a person may tune; modules notify with one of these. */
export const notificationKinds = [
  'mention',
  'assignment',
  'reminder',
  'invitation',
  'approval',
  'reply',
  'quote',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationKindLabels: Record<NotificationKind, string> = {
  mention: 'Mentions of you',
  assignment: 'Things assigned to you',
  reminder: 'Reminders',
  invitation: 'Meeting invitations and replies',
  approval: 'Approvals',
  reply: 'Replies',
  quote: 'Quotes accepted or declined by customers',
};

export const notification = z.object({
  id: z.string(),
  kind: z.enum(notificationKinds),
  title: z.string(),
  body: z.string().nullable(),
  /** The record it is about, when there is one (its page opens from the notification). */
  record: z.object({ object: z.string(), id: z.string() }).nullable(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;

export const notificationsQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  unread: z.enum(['true', 'false']).optional().describe('Only the unread ones'),
  kind: z.enum(notificationKinds).optional().describe('Only this kind'),
});

export const notificationsPage = z.object({
  data: z.array(notification),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});

export const markReadInput = z.union([
  z.strictObject({ ids: z.array(z.uuid('must be an id')).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadInput = z.input<typeof markReadInput>;

export const digestFrequencies = ['never', 'hourly', 'daily'] as const;

export const notificationPreferences = z.object({
  kinds: z.record(z.enum(notificationKinds), z.object({ inApp: z.boolean(), email: z.boolean() })),
  digest: z.enum(digestFrequencies).describe('How often unread notifications are emailed (kinds with email on)'),
});
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

export const notificationPreferencesPatch = z.strictObject({
  kinds: z
    .partialRecord(z.enum(notificationKinds), z.strictObject({ inApp: z.boolean(), email: z.boolean() }))
    .optional(),
  digest: z.enum(digestFrequencies).optional(),
});

/** The live message a user's sockets get when a notification of theirs arrives. */
export interface NotificationArrived {
  type: 'notification';
  id: string;
}

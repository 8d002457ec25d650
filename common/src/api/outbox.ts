// Mail the app sent or captured (admins): /api/v1/outbox.
import { z } from 'zod';

export const outboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  status: z.string(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** Files sent with it (an invitation's .ics), their text content included. */
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), content: z.string() })),
});
export type OutboxMessage = z.infer<typeof outboxMessage>;

export const outboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(100) });

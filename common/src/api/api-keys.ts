// API keys (admins): /api/v1/api-keys. The key itself is shown once, when it is made.
import { z } from 'zod';
import { namedRef, uuid } from './shared.ts';

export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The first 12 characters, to recognise a key'),
  role: namedRef,
  createdBy: namedRef.nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKey>;

export const newApiKey = apiKey.extend({
  key: z.string().describe('Send as "Authorization: Bearer <key>". Shown once.'),
});
export type NewApiKey = z.infer<typeof newApiKey>;

export const apiKeyInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  roleId: uuid,
});
export type ApiKeyInput = z.input<typeof apiKeyInput>;

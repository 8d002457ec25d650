// The signed-in user's own account: /api/v1/me and its sessions.
import { z } from 'zod';
import { newPassword } from './auth.ts';
import { personName } from './shared.ts';

/** An IANA time zone this runtime knows (Europe/Berlin). */
export const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** One BCP 47 language tag (en, de-DE). */
export const isLocale = (tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};

const avatarUrl = z
  .string()
  .max(500)
  .refine(
    (v) => (/^https?:\/\//i.test(v) && URL.canParse(v)) || /^\/api\/v1\/files\/avatars\/[\w.-]+$/.test(v),
    'must be an http(s) URL or an uploaded avatar',
  );

export const profilePatch = z.strictObject({
  name: personName.optional(),
  timeZone: z.string().max(100).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
  locale: z.string().max(35).refine(isLocale, 'must be a language tag such as en or de-DE').optional(),
  avatarUrl: avatarUrl.nullable().optional(),
});
export type ProfilePatch = z.input<typeof profilePatch>;

export const passwordChange = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(200),
  newPassword,
});
export type PasswordChange = z.input<typeof passwordChange>;

/** A place where the user is signed in. */
export const sessionInfo = z.object({
  id: z.string().describe('An opaque id for ending this session'),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean().describe('The session making this request'),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

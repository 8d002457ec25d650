// Set-up, sign-in and the signed-in user: /api/v1/setup, /api/v1/auth/*.
import { z } from 'zod';
import { personName } from './shared.ts';

export const emailAddress = z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(320));
export const newPassword = z.string().min(10, 'must be at least 10 characters').max(200);

/** The signed-in user as the API shows them (also GET /api/v1/me). */
export const signedInUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  avatarUrl: z.string().nullable(),
  role: z.object({ id: z.string(), key: z.string(), name: z.string(), isAdmin: z.boolean() }),
});
export type SignedInUser = z.infer<typeof signedInUser>;

/** What signing in (or set-up, or accepting an invitation) answers; the CSRF token goes with every write. */
export const session = z.object({
  user: signedInUser,
  csrfToken: z.string(),
  organization: z.object({ name: z.string() }),
});
export type Session = z.infer<typeof session>;

export const setupStatus = z.object({ needsSetup: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatus>;

export const setupInput = z.strictObject({
  organizationName: z.string().trim().min(1, 'is required').max(200),
  name: personName,
  email: emailAddress,
  password: newPassword,
  demoData: z.boolean().default(false),
});
export type SetupInput = z.input<typeof setupInput>;

export const loginInput = z.strictObject({
  email: emailAddress,
  password: z.string().min(1, 'is required').max(200),
});
export type LoginInput = z.input<typeof loginInput>;

/** Asks for a reset link by email; the answer is the same whether or not the address is known. */
export const passwordResetRequest = z.strictObject({ email: emailAddress });
export type PasswordResetRequest = z.input<typeof passwordResetRequest>;
export const passwordResetRequested = z.object({ message: z.string() });

export const passwordReset = z.strictObject({
  token: z.string().min(1, 'is required').max(200),
  password: newPassword,
});
export type PasswordReset = z.input<typeof passwordReset>;

// Passwords (argon2id) and opaque tokens (random, stored only as SHA-256).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum (19 MiB, 2 passes) — about 30 ms here, fine for sign-in.
const argonOptions = {
  algorithm: 2 /* Argon2id (a const enum the type stripper cannot read) */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

let argonRuns = 0;
/** How many times this process ran argon2 (each takes ~30 ms of CPU): for /metrics, and tests that strangers can't make us. */
export const passwordHashesSoFar = () => argonRuns;

export const hashPassword = (password: string) => {
  argonRuns++;
  return hash(password, argonOptions);
};

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    await hashPassword(password); // same time whether or not the account exists
    return false;
  }
  try {
    argonRuns++;
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export const newToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

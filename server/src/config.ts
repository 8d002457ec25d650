// Environment → typed config, validated once at start-up.
import { resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  KITH_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  KITH_ADMIN_EMAIL: z.string().email().optional(),
  KITH_ADMIN_PASSWORD: z.string().min(10, 'KITH_ADMIN_PASSWORD must be at least 10 characters').optional(),
  KITH_ORG_NAME: z.string().default('My company'),
  KITH_PUBLIC_URL: z.string().url().optional(),
  KITH_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  KITH_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  KITH_METRICS_TOKEN: z.string().min(20, 'KITH_METRICS_TOKEN must be at least 20 characters').optional(),
  // Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (none by default).
  KITH_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], 'must be IP addresses or CIDR ranges, comma-separated'),
      ),
    ),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Kith <no-reply@kith.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminEmail?: string;
  adminPassword?: string;
  orgName: string;
  publicUrl: string;
  role: 'all' | 'web' | 'worker';
  secureCookies: boolean;
  trustedProxies: string[];
  metricsToken?: string;
  smtpUrl?: string;
  mailFrom: string;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = e.KITH_PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.KITH_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminEmail: e.KITH_ADMIN_EMAIL,
    adminPassword: e.KITH_ADMIN_PASSWORD,
    orgName: e.KITH_ORG_NAME,
    publicUrl,
    role: e.KITH_ROLE,
    secureCookies: e.KITH_SECURE_COOKIES ? e.KITH_SECURE_COOKIES === 'true' : publicUrl.startsWith('https:'),
    trustedProxies: e.KITH_TRUSTED_PROXIES,
    metricsToken: e.KITH_METRICS_TOKEN,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
  };
}

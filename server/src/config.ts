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
  // Attachments: the largest file one upload may be, and S3-compatible storage instead of the data directory.
  KITH_FILE_MAX_MB: z.coerce.number().positive('must be a positive number of megabytes').max(5120).default(25),
  KITH_S3_BUCKET: z.string().min(3).max(63).optional(),
  KITH_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  KITH_S3_REGION: z.string().max(50).default('us-east-1'),
  KITH_S3_ACCESS_KEY_ID: z.string().max(256).optional(),
  KITH_S3_SECRET_ACCESS_KEY: z.string().max(256).optional(),
  KITH_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
});

/** Where attachments' bytes go: S3-compatible storage when a bucket is named (the AWS SDK's own
 * credential chain when no keys are given), else the data directory. */
export interface S3Config {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export interface FilesConfig {
  maxBytes: number;
  s3?: S3Config;
}

const s3Problems = (e: z.infer<typeof schema>): string[] => {
  const problems: string[] = [];
  const named = Object.entries(e).filter(([k, v]) => k.startsWith('KITH_S3_') && k !== 'KITH_S3_REGION' && v);
  if (!e.KITH_S3_BUCKET && named.length)
    problems.push(`KITH_S3_BUCKET: is required when ${named.map(([k]) => k).join(', ')} is set`);
  if (!e.KITH_S3_ACCESS_KEY_ID !== !e.KITH_S3_SECRET_ACCESS_KEY)
    problems.push('KITH_S3_ACCESS_KEY_ID, KITH_S3_SECRET_ACCESS_KEY: give both or neither');
  return problems;
};

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
  files: FilesConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const problems = s3Problems(e);
  if (problems.length) throw new Error(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
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
    files: {
      maxBytes: Math.round(e.KITH_FILE_MAX_MB * 1024 * 1024),
      s3: e.KITH_S3_BUCKET
        ? {
            bucket: e.KITH_S3_BUCKET,
            endpoint: e.KITH_S3_ENDPOINT,
            region: e.KITH_S3_REGION,
            accessKeyId: e.KITH_S3_ACCESS_KEY_ID,
            secretAccessKey: e.KITH_S3_SECRET_ACCESS_KEY,
            // Most S3-compatible servers (MinIO, s3rver, Ceph) want path-style addresses; AWS itself does not.
            forcePathStyle: e.KITH_S3_FORCE_PATH_STYLE
              ? e.KITH_S3_FORCE_PATH_STYLE === 'true'
              : e.KITH_S3_ENDPOINT !== undefined,
          }
        : undefined,
    },
  };
}

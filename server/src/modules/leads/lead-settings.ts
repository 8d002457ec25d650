// The leads module's settings (scoring rules, web-to-lead, rescoring progress): one JSON document
// per key in a small table of its own; every change is audited by its caller.
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';

export type LeadSettingKey = 'scoring' | 'webToLead' | 'rescore' | 'decay';

export async function readSetting<T>(db: Queryable, key: LeadSettingKey, fallback: T): Promise<T> {
  const [row] = await db.query<{ value: T }>(sql`SELECT value FROM lead_settings WHERE key = ${key}`);
  return row ? { ...fallback, ...row.value } : fallback;
}

export async function writeSetting(db: Queryable, key: LeadSettingKey, value: unknown, now: Date): Promise<void> {
  await db.query(sql`INSERT INTO lead_settings (key, value, updated_at) VALUES (${key}, ${JSON.stringify(value)}::jsonb, ${now})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
}

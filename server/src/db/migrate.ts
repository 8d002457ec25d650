// Applies the SQL files in ./migrations in name order, each once, each in its own transaction.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.ts';
import { sql } from './sql.ts';

const dir = join(import.meta.dirname, 'migrations');

export async function migrate(db: Db, log: (msg: string) => void = () => {}): Promise<string[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS kith_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const done = await db.transaction(async (tx) => {
      // Several processes starting at once on one server: the first applies, the others wait.
      if (db.kind === 'server') await tx.exec('SELECT pg_advisory_xact_lock(7001)');
      const rows = await tx.query(sql`SELECT 1 FROM kith_migrations WHERE name = ${file}`);
      if (rows.length) return false;
      await tx.exec(readFileSync(join(dir, file), 'utf8'));
      await tx.query(sql`INSERT INTO kith_migrations (name) VALUES (${file})`);
      return true;
    });
    if (done) {
      applied.push(file);
      log(`migration applied: ${file}`);
    }
  }
  return applied;
}

// Human numbers for documents ("SO-2026-0001"): one counter row per series and year, bumped in the
// writer's transaction, so numbers never repeat and a rolled-back write leaves no gap behind it.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';

/** The next number of `series` this year: `${series}-${year}-${n, 4 digits at least}`. */
export async function nextNumber(ctx: Pick<Ctx, 'db' | 'now'>, series: string): Promise<string> {
  const year = ctx.now().getUTCFullYear();
  const [row] = await ctx.db.query<{ last: number }>(sql`
    INSERT INTO record_numbers (series, year, last) VALUES (${series}, ${year}, 1)
    ON CONFLICT (series, year) DO UPDATE SET last = record_numbers.last + 1 RETURNING last`);
  return `${series}-${year}-${String(row.last).padStart(4, '0')}`;
}

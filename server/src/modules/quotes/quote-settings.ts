// The quotes' settings (one JSON document in a small table): above which discount a quote needs
// approval before it is sent. Everyone reads them (the editor says when approval will be needed);
// admins change them, audited.
import { type QuoteSettings, quoteSettings } from '@kith/common/api/quotes';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';

export const defaultQuoteSettings: QuoteSettings = { approvalDiscountPercent: 20 };

export async function readQuoteSettings(db: Queryable): Promise<QuoteSettings> {
  const [row] = await db.query<{ value: Partial<QuoteSettings> }>(
    sql`SELECT value FROM quote_settings WHERE key = 'quotes'`,
  );
  return { ...defaultQuoteSettings, ...row?.value };
}

export async function saveQuoteSettings(ctx: Ctx, input: unknown): Promise<QuoteSettings> {
  assertAdmin(ctx.principal);
  const parsed = quoteSettings.safeParse(input);
  if (!parsed.success) throw zodToInvalid(parsed.error, input);
  return ctx.db.transaction(async (tx) => {
    const before = await readQuoteSettings(tx);
    await tx.query(sql`INSERT INTO quote_settings (key, value, updated_at) VALUES ('quotes', ${JSON.stringify(parsed.data)}::jsonb, ${ctx.now()})
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
    await recordAudit(withTx(ctx, tx), { action: 'quotes.settings', changes: { before, after: parsed.data } });
    return parsed.data;
  });
}

/** Why the quote needs approval at this threshold, or null when it does not. */
export function approvalReason(
  q: { discountPercent?: unknown; averageDiscountPercent?: unknown },
  settings: QuoteSettings,
): string | null {
  const limit = settings.approvalDiscountPercent;
  const overall = Number(q.discountPercent ?? 0);
  const average = Number(q.averageDiscountPercent ?? 0);
  if (overall > limit) return `Overall discount ${overall} % is above the ${limit} % limit`;
  if (average > limit) return `Average discount ${Math.round(average * 100) / 100} % is above the ${limit} % limit`;
  return null;
}

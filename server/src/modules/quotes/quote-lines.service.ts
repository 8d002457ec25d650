// Many lines in one request (the lines editor's save, an integration building a 200-line quote):
// checked as a whole, written in one INSERT with their audit entries in one more, the old lines
// binned in one statement when replaced, and the quote priced once at the end.
import type { QuoteLinesInput, QuoteWithLines } from '@kith/common/api/quotes';
import { quoteLinesInput } from '@kith/common/api/quotes';
import type { ApiRecord } from '@kith/common/api/records';
import { sql } from '../../db/sql.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertCan } from '../../platform/permissions.ts';
import { changeLinks } from '../../platform/records/change-links.ts';
import { columnTypes, type Row, toRecord, type Values } from '../../platform/records/record-mapper.ts';
import { auditMany, emitBatchEvent, insertMany } from '../../platform/records/records.batch.ts';
import { baseSelect, getRecord, objectOf } from '../../platform/records/records.service.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';
import { productsInBook } from '../products/catalog-reads.ts';
import { lineProblems, refuseLine } from '../products/priced-lines.ts';
import { editableQuote } from './quote-state.ts';
import { recomputeQuote } from './quote-totals.ts';

/** The quote and its live lines in order, as the records API shows them. */
export async function quoteWithLines(ctx: Ctx, quoteId: string): Promise<QuoteWithLines> {
  const quote = await getRecord(ctx, 'quote', quoteId);
  const lines = objectOf(ctx, 'quoteLine');
  const rows = await ctx.db.query<Row>(
    sql.prepared(
      sql`${baseSelect(ctx, lines)} WHERE t.quote_id = ${quoteId}::uuid AND t.deleted_at IS NULL ORDER BY t.position NULLS LAST, t.id`,
      columnTypes(lines),
    ),
  );
  return { quote, lines: rows.map((r) => toRecord(lines, r) as ApiRecord) };
}

export async function saveLines(ctx: Ctx, quoteId: string, body: unknown): Promise<QuoteWithLines> {
  const parsed = quoteLinesInput.safeParse(body);
  if (!parsed.success) throw zodToInvalid(parsed.error, body);
  const input: QuoteLinesInput = parsed.data;
  const obj = objectOf(ctx, 'quoteLine');
  assertCan(ctx.principal, 'quoteLine', 'create', obj.label);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const quote = await editableQuote(c, quoteId);
    const mode = input.mode ?? 'add';
    const ids = input.lines.flatMap((l) => (l.productId ? [l.productId] : []));
    const products = await productsInBook(c, ids, quote.priceBookId);
    const problems: Record<string, string> = {};
    let start = 0;
    if (mode === 'add') {
      const [row] = await tx.query<{ n: number | null }>(
        sql`SELECT max(position) AS n FROM quote_lines WHERE quote_id = ${quoteId}::uuid AND deleted_at IS NULL`,
      );
      start = row.n === null ? 0 : Number(row.n) + 1;
    }
    const rows: Values[] = input.lines.map((l, i) => {
      const p = l.productId ? products.get(l.productId) : undefined;
      if (l.productId && !p) problems[`lines.${i}.productId`] = 'does not exist';
      const v: Values = {
        quoteId,
        position: start + i,
        productId: l.productId ?? null,
        description: l.description || p?.name || null,
        quantity: l.quantity,
        // A line of its own (a note, something included) costs nothing unless priced.
        unitPrice: l.unitPrice ?? (l.productId ? (p?.price ?? null) : { amount: 0, currency: quote.currency }),
        discountPercent: l.discountPercent ?? 0,
        taxPercent: l.taxPercent ?? p?.taxPercent ?? 0,
        ownerId: quote.values.ownerId ?? null,
      };
      Object.assign(problems, lineProblems(v, quote.currency, `lines.${i}.`));
      return v;
    });
    refuseLine(problems);
    if (mode === 'replace') {
      const gone = await tx.query<{ id: string }>(sql`
        UPDATE quote_lines SET deleted_at = ${ctx.now()} WHERE quote_id = ${quoteId}::uuid AND deleted_at IS NULL RETURNING id`);
      await auditMany(
        c,
        'delete',
        'quoteLine',
        gone.map((g) => ({ recordId: g.id, changes: {} })),
        changeLinks(c, obj),
      );
    }
    const created = await insertMany(c, obj, rows);
    await emitBatchEvent(c, obj, { created, updated: [] });
    await recomputeQuote(c, quoteId);
    await emitEvent(c, {
      type: 'quote.updated',
      objectType: 'quote',
      recordId: quoteId,
      payload: { fields: ['lines'] },
    });
    return quoteWithLines(c, quoteId);
  });
}

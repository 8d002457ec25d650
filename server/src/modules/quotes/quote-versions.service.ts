// New quotes from old: a new version (a copy of the quote and its lines, the old one superseded,
// its acceptance link dead with it) and a quote from a deal's product lines. Each in one
// transaction through the records path, so that a refusal leaves nothing made.
import type { QuoteWithLines } from '@kith/common/api/quotes';
import { sql } from '../../db/sql.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, conflict, invalid } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { type Row, readValues, type Values } from '../../platform/records/record-mapper.ts';
import { emitBatchEvent, insertMany } from '../../platform/records/records.batch.ts';
import { baseSelect, createRecord, getRecord, insertRecord, objectOf } from '../../platform/records/records.service.ts';
import { readExchangeRates } from '../forecasts/exchange-rates.service.ts';
import { priceBookFor } from '../products/price-of.service.ts';
import { quoteWithLines } from './quote-lines.service.ts';
import { lockedQuote, statusWord } from './quote-state.ts';
import { setQuoteStatus } from './quote-status.ts';
import { recomputeQuote } from './quote-totals.ts';

const lineFields = ['position', 'productId', 'description', 'quantity', 'unitPrice', 'discountPercent', 'taxPercent'];
const copiedFields = [
  'number',
  'name',
  'dealId',
  'companyId',
  'contactId',
  'priceBookId',
  'validUntil',
  'discountPercent',
  'terms',
  'ownerId',
];

async function linesOf(ctx: Ctx, object: string, column: string, id: string): Promise<Values[]> {
  const obj = objectOf(ctx, object);
  const rows = await ctx.db.query<Row>(
    sql`${baseSelect(ctx, obj)} WHERE t.${sql.ident(column)} = ${id}::uuid AND t.deleted_at IS NULL ORDER BY t.position NULLS LAST, t.id`,
  );
  return rows.map((r) => readValues(obj, r));
}

const pick = (v: Values, keys: string[]) => Object.fromEntries(keys.map((k) => [k, v[k] ?? null]));

export async function newVersion(ctx: Ctx, quoteId: string): Promise<QuoteWithLines> {
  const quotes = objectOf(ctx, 'quote');
  assertCan(ctx.principal, 'quote', 'create', quotes.label);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const old = await lockedQuote(c, quoteId);
    if (['pendingApproval', 'accepted', 'superseded'].includes(old.status))
      throw conflict(`This quote is ${statusWord(old.status)}: it takes no new version`, { status: old.status });
    const first = (old.values.firstVersionId as string | null) ?? old.id;
    const [latest] = await tx.query<{ v: number }>(
      sql`SELECT max(version)::int AS v FROM quotes WHERE id = ${first}::uuid OR first_version_id = ${first}::uuid`,
    );
    const values: Values = {
      ...pick(old.values, copiedFields),
      version: Number(latest?.v ?? old.values.version ?? 1) + 1,
      firstVersionId: first,
      previousVersionId: old.id,
      status: 'draft',
    };
    const id = await insertRecord(c, quotes, values);
    const lines = objectOf(ctx, 'quoteLine');
    const copies = (await linesOf(c, 'quoteLine', 'quote_id', old.id)).map((l) => ({
      ...pick(l, lineFields),
      quoteId: id,
    }));
    const created = await insertMany(c, lines, copies);
    await emitBatchEvent(c, lines, { created, updated: [] });
    await recomputeQuote(c, id);
    await setQuoteStatus(c, old.id, { status: 'superseded' });
    return quoteWithLines(c, id);
  });
}

async function defaultBook(ctx: Ctx, currency: string) {
  try {
    return await priceBookFor(ctx, { currency });
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID') return null; // no default book in that currency
    throw e;
  }
}

/** A draft quote from a deal: its company, contact, owner and product lines (at their prices). */
export async function quoteFromDeal(
  ctx: Ctx,
  dealId: string,
  input: { priceBookId?: string; name?: string },
): Promise<QuoteWithLines> {
  const deal = await getRecord(ctx, 'deal', dealId);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const dealLines = c.registry.get('dealLine') ? await linesOf(c, 'dealLine', 'deal_id', dealId) : [];
    const priceBookId =
      input.priceBookId ??
      (deal.priceBookId as string | undefined) ??
      (dealLines.find((l) => l.priceBookId)?.priceBookId as string | undefined);
    // Else the default price book of the deal's currency (the catalogue's rule) — of the company
    // currency when the deal has no amount yet — if it has one.
    const dealCurrency =
      (deal.amount as { currency?: string } | null)?.currency ?? (await readExchangeRates(c.db)).companyCurrency;
    const book = priceBookId ?? (await defaultBook(c, dealCurrency))?.id;
    if (!book)
      throw invalid('priceBookId: the deal names no price book; choose one for the quote', {
        priceBookId: 'is required',
      });
    const quote = await createRecord(c, 'quote', {
      name: input.name ?? String(deal.name ?? 'Quote'),
      dealId,
      priceBookId: book,
      ...(deal.companyId ? { companyId: deal.companyId } : {}),
      ...(deal.contactId ? { contactId: deal.contactId } : {}),
      ...(deal.ownerId ? { ownerId: deal.ownerId } : {}),
    });
    const lines = objectOf(c, 'quoteLine');
    const copies = dealLines.map((l, i) => ({
      quoteId: quote.id,
      position: i,
      productId: l.productId ?? null,
      description: l.description ?? null,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent ?? 0,
      taxPercent: l.taxPercent ?? 0,
      ownerId: quote.ownerId ?? null,
    }));
    const currency = quote.currency as string;
    const foreign = copies.findIndex((l) => (l.unitPrice as { currency?: string } | null)?.currency !== currency);
    if (foreign >= 0)
      throw invalid(`lines.${foreign}.unitPrice.currency: the deal's line is not in ${currency}, the price book's`, {
        [`lines.${foreign}.unitPrice.currency`]: `must be ${currency}`,
      });
    const created = await insertMany(c, lines, copies);
    await emitBatchEvent(c, lines, { created, updated: [] });
    await recomputeQuote(c, quote.id);
    return quoteWithLines(c, quote.id);
  });
}

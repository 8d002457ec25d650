// Demo quotes, after the catalogue's demo data (skipped when there are no products or price
// books): a dozen quotes on the newest open deals, each with a few product lines, in every state a
// quote lives through — drafts, one waiting state's worth of large discount, sent, accepted,
// declined, and an older version superseded by a newer one. Written through the quotes' own
// services (numbers, pricing, versions) as the system, with the clock at the seed's now.
import type { Tx } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { saveLines } from '../modules/quotes/quote-lines.service.ts';
import { setQuoteStatus } from '../modules/quotes/quote-status.ts';
import { newVersion } from '../modules/quotes/quote-versions.service.ts';
import { createRecord } from '../platform/records/records.service.ts';
import type { Registry } from '../platform/registry/registry.ts';
import { demoCtx } from './demo-write.ts';
import type { Rng } from './random.ts';

const terms = [
  'Payment within 30 days of invoice. Prices exclude travel.',
  'Annual licences are billed up front; services monthly in arrears.',
  'Net 14. Support hours expire at the end of the term.',
];

export async function seedDemoQuotes(input: { tx: Tx; registry: Registry; rng: Rng; now: number }): Promise<number> {
  const { tx, registry, rng, now } = input;
  if (!registry.get('quote') || !registry.get('product')) return 0;
  const books = await tx.query<{ id: string; currency: string }>(
    sql`SELECT id, currency FROM price_books WHERE active AND deleted_at IS NULL ORDER BY is_default DESC, created_at`,
  );
  const priced = await tx.query<{ product_id: string; price_book_id: string }>(sql`
    SELECT e.product_id, e.price_book_id FROM price_book_entries e JOIN products p ON p.id = e.product_id
    WHERE e.active AND e.deleted_at IS NULL AND p.active AND p.deleted_at IS NULL AND p.kind <> 'bundle'`);
  if (!books.length || !priced.length) return 0;
  const deals = await tx.query<{
    id: string;
    name: string;
    company_id: string | null;
    contact_id: string | null;
    owner_id: string | null;
    currency: string | null;
  }>(sql`
    SELECT id, name, company_id, contact_id, owner_id, amount_currency AS currency FROM deals
    WHERE status = 'open' AND deleted_at IS NULL AND company_id IS NOT NULL AND owner_id IS NOT NULL
    ORDER BY created_at DESC LIMIT 12`);
  const ctx = demoCtx(tx, registry, now);
  const states = ['draft', 'draft', 'sent', 'sent', 'accepted', 'declined', 'superseded', 'approved'];
  let made = 0;
  for (const [i, deal] of deals.entries()) {
    const book = books.find((b) => b.currency === deal.currency) ?? books[0];
    const products = priced.filter((p) => p.price_book_id === book.id).map((p) => p.product_id);
    if (!products.length) continue;
    const quote = await createRecord(ctx, 'quote', {
      name: deal.name,
      dealId: deal.id,
      companyId: deal.company_id,
      ...(deal.contact_id ? { contactId: deal.contact_id } : {}),
      ownerId: deal.owner_id,
      priceBookId: book.id,
      validUntil: new Date(now + rng.int(14, 45) * 86_400_000).toISOString().slice(0, 10),
      discountPercent: rng.pick([0, 0, 0, 5, 10]),
      terms: rng.pick(terms),
    });
    const n = rng.int(2, 6);
    await saveLines(ctx, quote.id, {
      lines: Array.from({ length: n }, () => ({
        productId: rng.pick(products),
        quantity: rng.pick([1, 1, 2, 5, 10, 25]),
        discountPercent: rng.pick([0, 0, 0, 5, 10, 15]),
      })),
    });
    made++;
    const state = states[i % states.length];
    const at = new Date(now - rng.int(1, 20) * 86_400_000).toISOString();
    if (state === 'draft') continue;
    await setQuoteStatus(ctx, quote.id, { status: 'approved' });
    if (state === 'approved') continue;
    await setQuoteStatus(ctx, quote.id, { status: 'sent', sentAt: at });
    if (state === 'accepted')
      await setQuoteStatus(ctx, quote.id, { status: 'accepted', acceptedBy: 'Demo Customer', decidedAt: at });
    if (state === 'declined')
      await setQuoteStatus(ctx, quote.id, {
        status: 'declined',
        declineReason: 'Went with a cheaper offer',
        decidedAt: at,
      });
    if (state === 'superseded') {
      await newVersion(ctx, quote.id);
      made++;
    }
  }
  return made;
}

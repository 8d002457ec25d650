// The demo catalogue: categories, tax rates, ~25 products (a bundle and a configurable one among
// them), list prices in EUR and USD, and products on some of the demo deals. Deals whose amount
// comes from their lines get lines that add up to the amount they already had, so the forecast and
// the charts tell the same story with or without this file. Written once: a second seeding keeps
// the catalogue it finds.
import type { Tx } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { Registry, ResolvedObject } from '../platform/registry/registry.ts';
import { asWritten, type DemoRow, insertRows } from './demo-write.ts';
import type { Rng } from './random.ts';

export interface ProductsSeedInput {
  tx: Tx;
  registry: Registry;
  rng: Rng;
  now: number;
  adminId: string;
}

const day = 86_400_000;

type Row = [
  name: string,
  sku: string,
  category: string,
  kind: string,
  unit: string,
  tax: string,
  eur: number,
  usd: number,
];

// Prices in whole currency units.
const catalogue: Row[] = [
  ['Kith CRM Starter', 'SW-STA', 'Software', 'product', 'seat', 'Standard', 25, 29],
  ['Kith CRM Professional', 'SW-PRO', 'Software', 'product', 'seat', 'Standard', 49, 55],
  ['Kith CRM Enterprise', 'SW-ENT', 'Software', 'product', 'seat', 'Standard', 89, 99],
  ['Analytics add-on', 'SW-ANA', 'Software', 'product', 'seat', 'Standard', 15, 17],
  ['Marketing automation', 'SW-MKT', 'Software', 'product', 'month', 'Standard', 290, 320],
  ['API access pack', 'SW-API', 'Software', 'product', 'month', 'Standard', 99, 109],
  ['Extra storage 100 GB', 'SW-STO', 'Software', 'product', 'month', 'Standard', 20, 22],
  ['Sandbox environment', 'SW-SBX', 'Software', 'product', 'month', 'Standard', 150, 165],
  ['Desk phone', 'HW-PHN', 'Hardware', 'product', 'each', 'Standard', 129, 139],
  ['Headset', 'HW-HST', 'Hardware', 'product', 'each', 'Standard', 79, 85],
  ['Barcode scanner', 'HW-BAR', 'Hardware', 'product', 'each', 'Standard', 189, 199],
  ['Kiosk tablet', 'HW-TAB', 'Hardware', 'product', 'each', 'Standard', 349, 379],
  ['Contact-centre workstation', 'HW-WKS', 'Hardware', 'product', 'each', 'Standard', 899, 979],
  ['Onboarding workshop', 'SV-ONB', 'Services', 'service', 'day', 'Standard', 1200, 1350],
  ['Data migration', 'SV-MIG', 'Services', 'service', 'project', 'Standard', 4500, 4900],
  ['Custom integration', 'SV-INT', 'Services', 'service', 'hour', 'Standard', 140, 155],
  ['Consulting', 'SV-CON', 'Services', 'service', 'hour', 'Standard', 160, 175],
  ['Admin training', 'TR-ADM', 'Training', 'service', 'day', 'Reduced', 950, 1050],
  ['End-user training (online)', 'TR-USR', 'Training', 'service', 'seat', 'Reduced', 45, 49],
  ['Certification exam', 'TR-CRT', 'Training', 'service', 'each', 'Reduced', 250, 275],
  ['Standard support', 'SP-STD', 'Support', 'service', 'year', 'Standard', 990, 1090],
  ['Premium support', 'SP-PRM', 'Support', 'service', 'year', 'Standard', 2400, 2650],
  ['24/7 support', 'SP-247', 'Support', 'service', 'year', 'Standard', 4800, 5300],
  ['Customer success manager', 'SP-CSM', 'Support', 'service', 'month', 'Standard', 750, 825],
  ['Starter bundle', 'BN-STA', 'Software', 'bundle', 'each', 'Standard', 1990, 2190],
];

const categories: Array<[string, string]> = [
  ['Software', 'Licences and add-ons, billed per seat or per month'],
  ['Hardware', 'Devices shipped to the customer'],
  ['Services', 'Project work by our consultants'],
  ['Training', 'Courses and certification'],
  ['Support', 'Support plans and success management'],
];

const taxRates: Array<[string, number, boolean]> = [
  ['Standard', 19, true],
  ['Reduced', 7, false],
  ['Zero', 0, false],
];

/** The starter bundle: ten Starter seats, an onboarding day and a year of standard support. */
const bundle: Array<[string, number]> = [
  ['SW-STA', 10],
  ['SV-ONB', 1],
  ['SP-STD', 1],
];

/** The workstation's options: a support plan must be chosen; audio and telephony may be. */
const options: Array<[sku: string, group: string, required: boolean, isDefault: boolean]> = [
  ['SP-STD', 'Support plan', true, true],
  ['SP-PRM', 'Support plan', true, false],
  ['HW-HST', 'Audio', false, true],
  ['HW-PHN', 'Telephony', false, false],
  ['SW-STO', 'Storage', false, false],
];

const objectOf = (registry: Registry, name: string): ResolvedObject => {
  const obj = registry.get(name);
  if (!obj) throw new Error(`the registry has no ${name} object`);
  return obj;
};

export async function seedDemoProducts(input: ProductsSeedInput): Promise<{ products: number; lines: number }> {
  const { tx, registry, rng, now, adminId } = input;
  if (!registry.get('product')) return { products: 0, lines: 0 };
  const [held] = await tx.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM products`);
  if (held?.n) return { products: 0, lines: 0 };
  const setUp = now - 400 * day;
  let clock = setUp;
  const write = async (name: string, list: Array<Record<string, unknown>>) => {
    const obj = objectOf(registry, name);
    const rows: DemoRow[] = [];
    const ids: string[] = [];
    for (const values of list) {
      clock += 60_000;
      const r = { id: rng.uuid(clock), values, createdAt: clock, updatedAt: clock };
      rows.push({ ...r, values: await asWritten(tx, registry, obj, { ...r, clock }) });
      ids.push(r.id);
    }
    await insertRows(tx, obj, rows, adminId);
    return ids;
  };

  const categoryIds = await write(
    'productCategory',
    categories.map(([name, description]) => ({ name, description })),
  );
  const categoryOf = new Map(categories.map(([name], i) => [name, categoryIds[i]]));
  const taxIds = await write(
    'taxRate',
    taxRates.map(([name, ratePercent, isDefault]) => ({ name, ratePercent, isDefault })),
  );
  const taxOf = new Map(taxRates.map(([name], i) => [name, taxIds[i]]));
  const productIds = await write('product', [
    ...catalogue.map(([name, sku, category, kind, unit, tax]) => ({
      name,
      sku,
      kind,
      unit,
      categoryId: categoryOf.get(category),
      taxRateId: taxOf.get(tax),
    })),
    { name: 'On-premise licence (retired)', sku: 'SW-OLD', kind: 'product', unit: 'licence', active: false },
  ]);
  const bySku = new Map(catalogue.map(([, sku], i) => [sku, productIds[i]]));
  const sku = (s: string) => bySku.get(s) as string;

  const [eurBook, usdBook] = await write('priceBook', [
    { name: 'List prices EUR', currency: 'EUR', isDefault: true, description: 'Prices for customers in the euro area' },
    { name: 'List prices USD', currency: 'USD', isDefault: true, description: 'Prices for customers in the Americas' },
  ]);
  const books: Record<string, string> = { EUR: eurBook, USD: usdBook };
  await write(
    'priceBookEntry',
    catalogue.flatMap(([, s, , , , , eur, usd]) => [
      { priceBookId: eurBook, productId: sku(s), unitPrice: { amount: eur * 100, currency: 'EUR' } },
      { priceBookId: usdBook, productId: sku(s), unitPrice: { amount: usd * 100, currency: 'USD' } },
    ]),
  );
  await write(
    'productBundleItem',
    bundle.map(([s, quantity]) => ({ bundleId: sku('BN-STA'), componentId: sku(s), quantity })),
  );
  await write(
    'productOption',
    options.map(([s, group, required, isDefault]) => ({
      productId: sku('HW-WKS'),
      optionProductId: sku(s),
      group,
      required,
      isDefault,
    })),
  );

  const lines = await writeDealLines(input, books, sku);
  return { products: productIds.length, lines };
}

/**
 * Products on about thirty recent deals in EUR or USD. A third take their amount from the lines:
 * a licence line priced to make up the amount the deal already had, after an onboarding day and,
 * for the larger ones, premium support. The others list what was discussed, with a discount.
 */
async function writeDealLines(input: ProductsSeedInput, books: Record<string, string>, sku: (s: string) => string) {
  const { tx, registry, rng, adminId } = input;
  const deals = await tx.query<{
    id: string;
    amount: string;
    currency: string;
    created: Date;
    owner: string | null;
  }>(sql`
    SELECT id, amount, amount_currency AS currency, created_at AS created, owner_id AS owner FROM deals
    WHERE deleted_at IS NULL AND amount IS NOT NULL AND amount_currency IN ('EUR', 'USD')
    ORDER BY created_at DESC, id LIMIT 30`);
  if (!deals.length) return 0;
  const obj = objectOf(registry, 'dealLine');
  const price = async (book: string, product: string) =>
    Number(
      (
        await tx.query<{ amount: string }>(sql`
          SELECT unit_price AS amount FROM price_book_entries WHERE price_book_id = ${book}::uuid AND product_id = ${product}::uuid`)
      )[0]?.amount ?? 0,
    );
  const rows: DemoRow[] = [];
  const rolled: string[] = [];
  for (const [i, d] of deals.entries()) {
    const book = books[d.currency];
    const at = new Date(d.created).getTime() + 3_600_000;
    const line = (values: Record<string, unknown>) => ({ dealId: d.id, priceBookId: book, ...values });
    const planned: Array<Record<string, unknown>> = [];
    if (i % 3 === 0) {
      // Lines that make the amount: extras at list price, the licences at what is left.
      let left = Number(d.amount);
      for (const s of left > 2_000_000 ? ['SV-ONB', 'SP-PRM'] : ['SV-ONB']) {
        const p = await price(book, sku(s));
        if (p >= left) continue;
        planned.push(line({ productId: sku(s), quantity: 1, discountPercent: 0 }));
        left -= p;
      }
      const seats = [50, 25, 20, 10, 5, 2, 1].find((n) => left % n === 0 && left / n >= 100) ?? 1;
      planned.push(
        line({
          productId: sku('SW-PRO'),
          quantity: seats,
          unitPrice: { amount: left / seats, currency: d.currency },
          discountPercent: 0,
        }),
      );
      rolled.push(d.id);
    } else {
      const picks = rng.sample(['SW-STA', 'SW-ENT', 'SW-ANA', 'SW-API', 'HW-HST', 'SV-INT', 'TR-USR', 'SP-STD'], 2);
      for (const s of picks)
        planned.push(
          line({ productId: sku(s), quantity: rng.int(1, 20), discountPercent: rng.pick([0, 0, 5, 10, 12.5]) }),
        );
    }
    for (const [position, values] of planned.entries()) {
      const r = {
        id: rng.uuid(at + position),
        values: { ...values, position },
        createdAt: at,
        updatedAt: at,
        createdBy: d.owner ?? undefined,
      };
      rows.push({ ...r, values: await asWritten(tx, registry, obj, { ...r, clock: at }) });
    }
  }
  // The deals name their book; those whose amount the lines make say so (the sums agree already).
  await tx.query(sql`
    UPDATE deals d SET price_book_id = CASE d.amount_currency WHEN 'EUR' THEN ${books.EUR}::uuid ELSE ${books.USD}::uuid END,
      amount_from_lines = d.id = ANY(${rolled}::uuid[])
    WHERE d.id = ANY(${deals.map((d) => d.id)}::uuid[])`);
  await insertRows(tx, obj, rows, adminId);
  return rows.length;
}

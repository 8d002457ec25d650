// Quotes: lines priced by the catalogue's maths (totals the server's alone), bad input refused
// with the field named, the draft-only rule, versions, a quote from a deal, and the PDF read back.

import { formatMoney } from '@kith/common/money';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { seedDemoQuotes } from '../../seed/demo-quotes.ts';
import { createRng } from '../../seed/random.ts';
import { countStatements } from '../../test/count-statements.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { builtinObjects } from '../index.ts';
import { computePricing } from '../products/pricing.ts';
import { makeCatalog } from './quotes.test-helpers.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let other: { id: string; agent: Agent };
const cat: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Body = Record<string, any>;
const ok = (r: { status: number; body: unknown }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body as Body;
};

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Quotes A' });
  other = await createUser(t, { role: 'sales_rep', team: 'Quotes B' });
  Object.assign(cat, await makeCatalog(t.admin));
});
afterAll(() => t?.close());

async function newQuote(agent: Agent = rep.agent, body: Record<string, unknown> = {}) {
  return ok(
    await agent.request('POST', '/api/v1/quotes', { name: 'Website relaunch', priceBookId: cat.eur, ...body }),
    201,
  );
}

const lines = (agent: Agent, id: string, body: unknown) => agent.request('POST', `/api/v1/quotes/${id}/lines`, body);

describe('a quote and its lines', () => {
  it('numbers a new draft, prices lines from the book and the product, and totals them with the pricing maths', async () => {
    const q = await newQuote(rep.agent, { discountPercent: 5 });
    expect(q).toMatchObject({ status: 'draft', version: 1, currency: 'EUR', total: { amount: 0, currency: 'EUR' } });
    expect(q.number).toMatch(/^Q-\d{4}-\d{4}$/);
    expect(q.title).toBe(`${q.number} · Website relaunch`);

    const r = ok(
      await lines(rep.agent, q.id, {
        lines: [
          { productId: cat.licence, quantity: 3, discountPercent: 10 },
          { productId: cat.book, quantity: 2.5 },
          { description: 'Set-up day', quantity: 1, unitPrice: { amount: 80_000, currency: 'EUR' }, taxPercent: 19 },
        ],
      }),
    );
    expect(r.lines.map((l: Body) => [l.description, l.unitPrice.amount, l.taxPercent, l.position])).toEqual([
      ['CRM licence', 12_000, 19, 0],
      ['Handbook', 2_550, 7, 1],
      ['Set-up day', 80_000, 19, 2],
    ]);
    const expected = computePricing({
      lines: [
        { quantity: 3, unitPrice: 12_000, discountPercent: 10, taxPercent: 19 },
        { quantity: 2.5, unitPrice: 2_550, discountPercent: 0, taxPercent: 7 },
        { quantity: 1, unitPrice: 80_000, discountPercent: 0, taxPercent: 19 },
      ],
      discountPercent: 5,
    });
    expect(r.quote).toMatchObject({
      subtotal: { amount: expected.totals.subtotal, currency: 'EUR' },
      discountTotal: { amount: expected.totals.discountTotal, currency: 'EUR' },
      taxTotal: { amount: expected.totals.taxTotal, currency: 'EUR' },
      total: { amount: expected.totals.total, currency: 'EUR' },
      averageDiscountPercent: expected.totals.averageDiscountPercent,
    });
    expect(r.lines.map((l: Body) => l.net.amount)).toEqual(expected.lines.map((l) => l.net));
    expect(r.lines.map((l: Body) => l.total.amount)).toEqual(expected.lines.map((l) => l.total));

    // The overall discount changes on the quote: every line's share and the totals follow.
    ok(await rep.agent.request('PATCH', `/api/v1/quotes/${q.id}`, { discountPercent: 0 }));
    const after = ok(await rep.agent.request('GET', `/api/v1/quotes/${q.id}/lines`));
    const undiscounted = computePricing({
      lines: expected.lines.map((_, i) => ({
        quantity: [3, 2.5, 1][i],
        unitPrice: [12_000, 2_550, 80_000][i],
        discountPercent: [10, 0, 0][i],
        taxPercent: [19, 7, 19][i],
      })),
      discountPercent: 0,
    });
    expect(after.quote.total.amount).toBe(undiscounted.totals.total);
    expect(after.lines.map((l: Body) => l.net.amount)).toEqual(undiscounted.lines.map((l) => l.net));
  });

  it('ignores the figures a client sends and computes its own', async () => {
    const q = await newQuote();
    const r = ok(
      await lines(rep.agent, q.id, {
        lines: [
          {
            productId: cat.licence,
            quantity: 1,
            net: { amount: 1, currency: 'EUR' },
            tax: { amount: 0, currency: 'EUR' },
            total: { amount: 1, currency: 'EUR' },
          },
        ],
      }),
    );
    expect(r.lines[0]).toMatchObject({ net: { amount: 12_000 }, tax: { amount: 2_280 }, total: { amount: 14_280 } });
    expect(r.quote.total).toEqual({ amount: 14_280, currency: 'EUR' });
    // The quote's totals are not a client's to write on the records path either: refused, nothing changed.
    const patched = await rep.agent.request('PATCH', `/api/v1/quotes/${q.id}`, {
      total: { amount: 1, currency: 'EUR' },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details.fields).toHaveProperty('total');
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${q.id}`)).total.amount).toBe(14_280);
  });

  it('refuses bad lines with the field named, and changes nothing', async () => {
    const q = await newQuote();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ productId: cat.licence, quantity: -1 }, 'lines.0.quantity'],
      [{ productId: cat.licence, quantity: 1, discountPercent: 120 }, 'lines.0.discountPercent'],
      [{ description: 'X', quantity: 1, unitPrice: { amount: -5, currency: 'EUR' } }, 'lines.0.unitPrice.amount'],
      [{ description: 'X', quantity: 1, unitPrice: { amount: 500, currency: 'USD' } }, 'lines.0.unitPrice.currency'],
      [{ productId: cat.unpriced, quantity: 1 }, 'lines.0.unitPrice'],
    ];
    for (const [line, field] of cases) {
      const r = await lines(rep.agent, q.id, { lines: [line] });
      expect(r.status, `${field}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(Object.keys(r.body.error.details.fields)).toContain(field);
    }
    // One line in a foreign currency among good ones: none is written.
    const mixed = await lines(rep.agent, q.id, {
      lines: [
        { productId: cat.licence, quantity: 1 },
        { description: 'Dollars', quantity: 1, unitPrice: { amount: 100, currency: 'USD' } },
      ],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toContain('lines.1.unitPrice.currency');
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${q.id}/lines`)).lines).toEqual([]);
    // An overall discount above 100 %, on the records path.
    const over = await rep.agent.request('PATCH', `/api/v1/quotes/${q.id}`, { discountPercent: 101 });
    expect(over.status).toBe(400);
    expect(over.body.error.details.fields).toHaveProperty('discountPercent');
  });

  it('keeps the totals in step when single lines are added, changed and removed on the records path', async () => {
    const q = await newQuote();
    const line = ok(
      await rep.agent.request('POST', '/api/v1/quote-lines', { quoteId: q.id, productId: cat.licence, quantity: 2 }),
      201,
    );
    expect(line).toMatchObject({ unitPrice: { amount: 12_000 }, taxPercent: 19, net: { amount: 24_000 } });
    const foreign = await rep.agent.request('POST', '/api/v1/quote-lines', {
      quoteId: q.id,
      description: 'Dollar line',
      quantity: 1,
      unitPrice: { amount: 100, currency: 'USD' },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details.fields).toHaveProperty(['unitPrice.currency']);
    const total = async () => ok(await rep.agent.request('GET', `/api/v1/quotes/${q.id}`)).total.amount;
    expect(await total()).toBe(28_560);
    ok(await rep.agent.request('PATCH', `/api/v1/quote-lines/${line.id}`, { quantity: 1 }));
    expect(await total()).toBe(14_280);
    ok(await rep.agent.request('DELETE', `/api/v1/quote-lines/${line.id}`), 204);
    expect(await total()).toBe(0);
  });

  it('prices 200 lines in a fixed number of statements (one read of the lines, one write)', async () => {
    const q = await newQuote();
    const batch = (n: number) => ({
      mode: 'replace',
      lines: Array.from({ length: n }, (_, i) => ({
        productId: i % 2 ? cat.licence : cat.book,
        quantity: (i % 5) + 1,
      })),
    });
    ok(await lines(rep.agent, q.id, batch(5))); // replacing lines then bins the old ones, as below
    const few = await countStatements(t.db, () => lines(rep.agent, q.id, batch(5)));
    const many = await countStatements(t.db, () => lines(rep.agent, q.id, batch(200)));
    expect(many.result.status).toBe(200);
    expect(many.result.body.lines).toHaveLength(200);
    expect(many.statements.length).toBe(few.statements.length);
  });

  it('takes no line changes once the quote has left draft (409)', async () => {
    const q = await newQuote();
    const line = ok(await lines(rep.agent, q.id, { lines: [{ productId: cat.licence, quantity: 1 }] })).lines[0];
    ok(await rep.agent.request('POST', `/api/v1/quotes/${q.id}/submit`));
    const add = await lines(rep.agent, q.id, { lines: [{ productId: cat.book, quantity: 1 }] });
    expect(add.status).toBe(409);
    expect(add.body.error.message).toMatch(/approved/);
    expect((await rep.agent.request('PATCH', `/api/v1/quote-lines/${line.id}`, { quantity: 9 })).status).toBe(409);
    expect((await rep.agent.request('DELETE', `/api/v1/quote-lines/${line.id}`)).status).toBe(409);
    expect((await rep.agent.request('PATCH', `/api/v1/quotes/${q.id}`, { discountPercent: 3 })).status).toBe(409);
  });

  it("keeps other teams out of a rep's quote", async () => {
    const q = await newQuote();
    expect((await other.agent.request('GET', `/api/v1/quotes/${q.id}/lines`)).status).toBe(404);
    expect((await lines(other.agent, q.id, { lines: [{ productId: cat.book, quantity: 1 }] })).status).toBe(404);
    expect((await other.agent.request('GET', `/api/v1/quotes/${q.id}/pdf`)).status).toBe(404);
  });
});

describe('versions and quotes from deals', () => {
  it('makes a new version: a copy with its lines under the same number, the old one superseded', async () => {
    const q = await newQuote(rep.agent, { discountPercent: 2, terms: 'Net 30' });
    ok(
      await lines(rep.agent, q.id, {
        lines: [
          { productId: cat.licence, quantity: 4 },
          { productId: cat.book, quantity: 1 },
        ],
      }),
    );
    const v2 = ok(await rep.agent.request('POST', `/api/v1/quotes/${q.id}/versions`), 201);
    expect(v2.quote).toMatchObject({
      number: q.number,
      version: 2,
      status: 'draft',
      previousVersionId: q.id,
      firstVersionId: q.id,
      terms: 'Net 30',
    });
    expect(v2.quote.title).toBe(`${q.number} v2 · Website relaunch`);
    expect(v2.lines.map((l: Body) => [l.description, l.quantity])).toEqual([
      ['CRM licence', 4],
      ['Handbook', 1],
    ]);
    const old = ok(await rep.agent.request('GET', `/api/v1/quotes/${q.id}/lines`));
    expect(old.quote.status).toBe('superseded');
    expect(v2.quote.total).toEqual(old.quote.total);
    const v3 = ok(await rep.agent.request('POST', `/api/v1/quotes/${v2.quote.id}/versions`), 201);
    expect(v3.quote).toMatchObject({ version: 3, firstVersionId: q.id, previousVersionId: v2.quote.id });
    expect((await rep.agent.request('POST', `/api/v1/quotes/${q.id}/versions`)).status).toBe(409);
  });

  async function newDeal(extra: Record<string, unknown> = {}) {
    const pipeline = ok(
      await t.admin.request('POST', '/api/v1/pipelines', { name: `Quotes pipeline ${Math.random()}` }),
      201,
    );
    const stages = ok(
      await t.admin.request('PUT', `/api/v1/pipelines/${pipeline.id}/stages`, {
        stages: [
          { name: 'New', probability: 10, kind: 'open' },
          { name: 'Won', probability: 100, kind: 'won' },
        ],
      }),
    );
    const company = ok(await rep.agent.request('POST', '/api/v1/companies', { name: `Quotey ${Math.random()}` }), 201);
    const deal = ok(
      await rep.agent.request('POST', '/api/v1/deals', {
        name: 'Quotey rollout',
        pipelineId: pipeline.id,
        stageId: stages.data[0].id,
        companyId: company.id,
        ...extra,
      }),
      201,
    );
    return { deal, company };
  }

  it('makes a draft quote for a deal, its company and owner, in the price book asked for', async () => {
    const { deal, company } = await newDeal();
    // A deal in dollars, a currency with no default price book: the rep must choose one.
    const { deal: inDollars } = await newDeal({ amount: { amount: 500_000, currency: 'USD' } });
    const none = await rep.agent.request('POST', `/api/v1/deals/${inDollars.id}/quote`, {});
    expect(none.status).toBe(400);
    expect(none.body.error.details.fields).toHaveProperty('priceBookId');
    // A deal with no amount yet: the company currency's default book.
    const plain = ok(await rep.agent.request('POST', `/api/v1/deals/${deal.id}/quote`, {}), 201);
    expect(plain.quote.priceBookId).toBe(cat.eur);
    const made = ok(await rep.agent.request('POST', `/api/v1/deals/${deal.id}/quote`, { priceBookId: cat.eur }), 201);
    // A deal with an amount: its currency's default price book.
    const { deal: priced } = await newDeal({ amount: { amount: 500_000, currency: 'EUR' } });
    const fromAmount = ok(await rep.agent.request('POST', `/api/v1/deals/${priced.id}/quote`, {}), 201);
    expect(fromAmount.quote.priceBookId).toBe(cat.eur);
    expect(made.quote).toMatchObject({
      dealId: deal.id,
      companyId: company.id,
      ownerId: rep.id,
      status: 'draft',
      name: 'Quotey rollout',
      currency: 'EUR',
    });
    expect((await other.agent.request('POST', `/api/v1/deals/${deal.id}/quote`, { priceBookId: cat.eur })).status).toBe(
      404,
    );
  });

  it('seeds demo quotes on the newest open deals, priced, numbered and in their states', async () => {
    for (let i = 0; i < 8; i++) await newDeal();
    const made = await t.db.transaction((tx) =>
      seedDemoQuotes({ tx, registry: t.registry, rng: createRng(7), now: Date.now() }),
    );
    expect(made).toBeGreaterThanOrEqual(9);
    const rows = await t.db.query<{ status: string; total: string | null; lines: number }>(sql`
      SELECT q.status, q.total, (SELECT count(*)::int FROM quote_lines l WHERE l.quote_id = q.id) AS lines
      FROM quotes q WHERE q.terms IS NOT NULL AND q.deal_id IS NOT NULL AND q.created_by IS NULL`);
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(['draft', 'approved', 'sent', 'accepted', 'declined', 'superseded']),
    );
    for (const r of rows) {
      expect(r.lines).toBeGreaterThanOrEqual(2);
      expect(Number(r.total)).toBeGreaterThan(0);
    }
  });

  // The catalogue's deal lines (its later part): copied into the quote at their prices.
  it.runIf(builtinObjects.some((o) => o.name === 'dealLine'))(
    "copies a deal's product lines into the quote",
    async () => {
      const { deal } = await newDeal({ priceBookId: cat.eur });
      ok(
        await rep.agent.request('POST', '/api/v1/deal-lines', {
          dealId: deal.id,
          productId: cat.licence,
          priceBookId: cat.eur,
          quantity: 10,
          discountPercent: 15,
        }),
        201,
      );
      const made = ok(await rep.agent.request('POST', `/api/v1/deals/${deal.id}/quote`, {}), 201);
      expect(made.lines).toHaveLength(1);
      expect(made.lines[0]).toMatchObject({ quantity: 10, discountPercent: 15, unitPrice: { amount: 12_000 } });
      expect(made.quote.total.amount).toBe(
        computePricing({
          lines: [{ quantity: 10, unitPrice: 12_000, discountPercent: 15, taxPercent: 19 }],
          discountPercent: 0,
        }).totals.total,
      );
    },
  );
});

describe('the PDF', () => {
  it('is an A4 PDF whose text, read back with a real parser, carries the number and the totals', async () => {
    ok(
      await t.admin.request('PUT', '/api/v1/organization', {
        name: 'Acme Café GmbH',
        address: 'Hauptstraße 1, Berlin',
        email: 'sales@acme.example',
      }),
    );
    const q = await newQuote(rep.agent, { discountPercent: 5, validUntil: '2027-01-31', terms: 'Zahlbar in 30 Tagen' });
    const r = ok(
      await lines(rep.agent, q.id, {
        lines: [
          { productId: cat.licence, quantity: 3 },
          { productId: cat.book, quantity: 2 },
        ],
      }),
    );
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/quotes/${q.id}/pdf`,
      headers: { cookie: rep.agent.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(`${q.number}.pdf`);
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const page = await pdf.getPage(1);
    const [, , w, h] = page.view;
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
    const { text } = await extractText(pdf, { mergePages: true });
    for (const s of [
      'Acme Café GmbH',
      'Hauptstraße 1, Berlin',
      q.number,
      'CRM licence',
      formatMoney(r.quote.subtotal),
      formatMoney(r.quote.taxTotal),
      formatMoney(r.quote.total),
      'Zahlbar in 30 Tagen',
      '2027-01-31',
      'Page 1 of 1',
    ])
      expect(text).toContain(s);
  });

  it("takes an admin's PNG logo (and refuses what is not an image)", async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const put = (agent: Agent, body: Buffer, type: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/organization/logo',
        headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': type },
        payload: body,
      });
    expect((await put(rep.agent, png, 'image/png')).statusCode).toBe(403);
    const bad = await put(t.admin, Buffer.from('GIF89a not really'), 'image/png');
    expect(bad.statusCode).toBe(400);
    const good = await put(t.admin, png, 'image/png');
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().hasLogo).toBe(true);
    const logo = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organization/logo',
      headers: { cookie: rep.agent.cookie },
    });
    expect(logo.statusCode).toBe(200);
    expect(logo.rawPayload.equals(png)).toBe(true);
    const q = await newQuote();
    ok(await lines(rep.agent, q.id, { lines: [{ productId: cat.book, quantity: 1 }] }));
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/quotes/${q.id}/pdf`,
      headers: { cookie: rep.agent.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.includes(Buffer.from('/Subtype /Image'))).toBe(true);
  });

  it('lets only admins change the organisation and the approval limit', async () => {
    expect((await rep.agent.request('PUT', '/api/v1/organization', { name: 'Hijack' })).status).toBe(403);
    expect((await rep.agent.request('PUT', '/api/v1/quote-settings', { approvalDiscountPercent: 90 })).status).toBe(
      403,
    );
    expect(ok(await rep.agent.request('GET', '/api/v1/quote-settings'))).toEqual({ approvalDiscountPercent: 20 });
    expect((await t.admin.request('PUT', '/api/v1/quote-settings', { approvalDiscountPercent: 120 })).status).toBe(400);
    const [row] = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM quote_settings`);
    expect(row.n).toBe(0);
  });
});

// A quote accepted through the customer's signed link becomes an order in the same transaction:
// its lines copied and priced to the same cent, the customer's purchase history showing it, and
// the quote's deal moved to Won with the order's net as its amount when it had none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { makeCatalog } from '../quotes/quotes.test-helpers.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let cat: Record<string, string>;
let companyId: string;
let contactId: string;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Body = Record<string, any>;
const ok = (r: { status: number; body: Body }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Orders from quotes' });
  cat = await makeCatalog(t.admin, ' ofq');
  companyId = ok(await rep.agent.request('POST', '/api/v1/companies', { name: 'Acceptance AG' }), 201).id;
  contactId = ok(
    await rep.agent.request('POST', '/api/v1/contacts', {
      firstName: 'Ada',
      lastName: 'Accept',
      email: 'ada@acceptance.example',
      companyId,
    }),
    201,
  ).id;
});
afterAll(() => t?.close());

const pub = (method: 'GET' | 'POST', path: string, body?: unknown) =>
  t.app.inject({ method, url: `/api/v1/public/quotes/${path}`, ...(body ? { payload: body as object } : {}) });

async function sentQuote(extra: Record<string, unknown>) {
  const q = ok(
    await rep.agent.request('POST', '/api/v1/quotes', {
      name: 'Rollout',
      priceBookId: cat.eur,
      companyId,
      contactId,
      discountPercent: 5,
      ...extra,
    }),
    201,
  );
  ok(
    await rep.agent.request('POST', `/api/v1/quotes/${q.id}/lines`, {
      lines: [
        { productId: cat.licence, quantity: 10, discountPercent: 10 },
        { productId: cat.book, quantity: 3 },
      ],
    }),
  );
  const sent = ok(await rep.agent.request('POST', `/api/v1/quotes/${q.id}/send`, {}));
  return { id: q.id as string, token: String(sent.acceptanceUrl).split('/q/')[1] };
}

describe('a quote accepted', () => {
  it('becomes a confirmed order with the same lines and totals, and wins its deal', async () => {
    const pipeline = ok(await t.admin.request('GET', '/api/v1/pipelines')).data[0];
    const stages = ok(await t.admin.request('GET', `/api/v1/pipelines/${pipeline.id}/stages`)).data;
    const open = stages.find((s: Body) => s.kind === 'open');
    const deal = ok(
      await rep.agent.request('POST', '/api/v1/deals', {
        name: 'Acceptance rollout',
        pipelineId: pipeline.id,
        stageId: open.id,
        companyId,
      }),
      201,
    );
    const quote = await sentQuote({ dealId: deal.id });
    const accepted = await pub('POST', `${quote.token}/accept`, { name: 'Ada Accept' });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const q = ok(await rep.agent.request('GET', `/api/v1/quotes/${quote.id}`));
    const orders = ok(await rep.agent.request('GET', `/api/v1/orders?quoteId=${quote.id}`)).data;
    expect(orders).toHaveLength(1);
    const order = orders[0];
    expect(order).toMatchObject({
      status: 'confirmed',
      companyId,
      contactId,
      dealId: deal.id,
      priceBookId: cat.eur,
      ownerId: rep.id,
      discountPercent: 5,
      subtotal: q.subtotal,
      discountTotal: q.discountTotal,
      taxTotal: q.taxTotal,
      total: q.total,
    });
    expect(order.number).toMatch(/^SO-\d{4}-\d{4}$/);
    expect(order.confirmedAt).toBeTruthy();
    const lines = ok(await rep.agent.request('GET', `/api/v1/order-lines?orderId=${order.id}&sort=position`)).data;
    const quoteLines = ok(await rep.agent.request('GET', `/api/v1/quote-lines?quoteId=${quote.id}&sort=position`)).data;
    const pick = (l: Body) => [l.productId, l.quantity, l.unitPrice, l.discountPercent, l.taxPercent, l.net, l.total];
    expect(lines.map(pick)).toEqual(quoteLines.map(pick));

    const won = ok(await rep.agent.request('GET', `/api/v1/deals/${deal.id}`));
    expect(won.status).toBe('won');
    expect(won.amount).toEqual({ amount: q.subtotal.amount - q.discountTotal.amount, currency: 'EUR' });

    const history = ok(await rep.agent.request('GET', `/api/v1/purchase-history?companyId=${companyId}`));
    expect(history.data.map((o: Body) => o.id)).toContain(order.id);
    expect(history.summary.lifetimeValue).toEqual([q.total]);
  });

  it('without a deal still becomes an order; a decline makes none', async () => {
    const quote = await sentQuote({ name: 'No deal' });
    expect((await pub('POST', `${quote.token}/accept`, { name: 'Ada Accept' })).statusCode).toBe(200);
    expect(ok(await rep.agent.request('GET', `/api/v1/orders?quoteId=${quote.id}`)).data).toHaveLength(1);

    const declined = await sentQuote({ name: 'Declined' });
    expect((await pub('POST', `${declined.token}/decline`, { reason: 'Too dear' })).statusCode).toBe(200);
    expect(ok(await rep.agent.request('GET', `/api/v1/orders?quoteId=${declined.id}`)).data).toHaveLength(0);
  });
});

// From a quote with a large discount to the customer's answer: approval (locked meanwhile),
// sending (the outbox holds the email and its PDF; the timelines show it), and the signed link —
// forged, reused, expired and superseded links refused, nothing changed; acceptance emitting
// `quote.accepted` for orders, audited, and the owner told.
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { makeCatalog } from './quotes.test-helpers.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let cat: Record<string, string>;
let contactId: string;
let companyId: string;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Body = Record<string, any>;
const ok = (r: { status: number; body: Body }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Flow A' });
  cat = await makeCatalog(t.admin, ' flow');
  companyId = ok(await rep.agent.request('POST', '/api/v1/companies', { name: 'Müller & Söhne' }), 201).id;
  contactId = ok(
    await rep.agent.request('POST', '/api/v1/contacts', {
      firstName: 'Zoë',
      lastName: 'Ångström',
      email: 'zoe@mueller.example',
      companyId,
    }),
    201,
  ).id;
});
afterAll(() => t?.close());

async function quoteWith(discountPercent: number, extra: Record<string, unknown> = {}) {
  const q = ok(
    await rep.agent.request('POST', '/api/v1/quotes', {
      name: 'Rollout',
      priceBookId: cat.eur,
      companyId,
      contactId,
      discountPercent,
      ...extra,
    }),
    201,
  );
  ok(
    await rep.agent.request('POST', `/api/v1/quotes/${q.id}/lines`, {
      lines: [{ productId: cat.licence, quantity: 10 }],
    }),
  );
  return q.id as string;
}

const pub = (method: 'GET' | 'POST', path: string, body?: unknown) =>
  t.app.inject({ method, url: `/api/v1/public/quotes/${path}`, ...(body ? { payload: body as object } : {}) });

const tokenOf = (url: string) => url.split('/q/')[1];

async function sent(discount = 0, extra: Record<string, unknown> = {}) {
  const id = await quoteWith(discount, extra);
  const r = ok(await rep.agent.request('POST', `/api/v1/quotes/${id}/send`, {}));
  return { id, token: tokenOf(r.acceptanceUrl), result: r };
}

describe('approval of a large discount', () => {
  it('refuses to send until approved; waits locked; the approver approves; then it is sent', async () => {
    const id = await quoteWith(30);
    const early = await rep.agent.request('POST', `/api/v1/quotes/${id}/send`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/needs approval/);

    const s = ok(await rep.agent.request('POST', `/api/v1/quotes/${id}/submit`));
    expect(s).toMatchObject({ approvalNeeded: true, quote: { status: 'pendingApproval' } });
    expect(s.reason).toContain('30 %');
    // Locked meanwhile: its lines, its fields, sending.
    expect(
      (await rep.agent.request('POST', `/api/v1/quotes/${id}/lines`, { lines: [{ productId: cat.book, quantity: 1 }] }))
        .status,
    ).toBe(409);
    expect((await rep.agent.request('PATCH', `/api/v1/quotes/${id}`, { name: 'Sneaky' })).status).toBe(409);
    expect((await rep.agent.request('POST', `/api/v1/quotes/${id}/send`, {})).status).toBe(409);

    const [req] = await t.db.query<{ id: string; approver_ids: string[] }>(
      sql`SELECT id, approver_ids FROM approval_requests WHERE record_id = ${id}::uuid AND status = 'pending'`,
    );
    expect(req.approver_ids).toContain(t.admin.userId); // no team manager: the admins
    expect((await rep.agent.request('POST', `/api/v1/approvals/${req.id}/approve`, {})).status).toBe(403);
    ok(await t.admin.request('POST', `/api/v1/approvals/${req.id}/approve`, { comment: 'Fine this once' }));
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${id}`)).status).toBe('approved');
    const r = ok(await rep.agent.request('POST', `/api/v1/quotes/${id}/send`, {}));
    expect(r.quote.status).toBe('sent');
  });

  it('goes back to draft with the comment when rejected', async () => {
    const id = await quoteWith(25);
    ok(await rep.agent.request('POST', `/api/v1/quotes/${id}/submit`));
    const [req] = await t.db.query<{ id: string }>(
      sql`SELECT id FROM approval_requests WHERE record_id = ${id}::uuid AND status = 'pending'`,
    );
    ok(await t.admin.request('POST', `/api/v1/approvals/${req.id}/reject`, { comment: 'Max 20 % please' }));
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${id}`))).toMatchObject({
      status: 'draft',
      approvalComment: 'Max 20 % please',
    });
    ok(await rep.agent.request('PATCH', `/api/v1/quotes/${id}`, { discountPercent: 15 }));
    expect(ok(await rep.agent.request('POST', `/api/v1/quotes/${id}/submit`))).toMatchObject({
      approvalNeeded: false,
      quote: { status: 'approved' },
    });
  });
});

describe('sending', () => {
  it('queues the email with the PDF and the link, and shows it on the quote, deal and company timelines', async () => {
    const pipeline = ok(await t.admin.request('POST', '/api/v1/pipelines', { name: 'Flow pipeline' }), 201);
    const stages = ok(
      await t.admin.request('PUT', `/api/v1/pipelines/${pipeline.id}/stages`, {
        stages: [{ name: 'Open', probability: 20, kind: 'open' }],
      }),
    );
    const deal = ok(
      await rep.agent.request('POST', '/api/v1/deals', {
        name: 'Flow deal',
        pipelineId: pipeline.id,
        stageId: stages.data[0].id,
        companyId,
      }),
      201,
    );
    const { id, result } = await sent(0, { dealId: deal.id, validUntil: '2099-12-31' });
    expect(result.quote).toMatchObject({ status: 'sent' });
    expect(result.acceptanceUrl).toMatch(/^http:\/\/kith\.test\/q\/[A-Za-z0-9_-]{40,}$/);
    expect(result.expiresAt).toBe('2099-12-31T23:59:59.999Z');
    const [mail] = await t.db.query<{ to_address: string; subject: string; text_body: string; attachments: Body[] }>(
      sql`SELECT to_address, subject, text_body, attachments FROM outbox WHERE id = ${result.outboxIds[0]}`,
    );
    expect(mail.to_address).toBe('zoe@mueller.example');
    expect(mail.subject).toContain(result.quote.number);
    expect(mail.text_body).toContain(result.acceptanceUrl);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf', encoding: 'base64' });
    const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(mail.attachments[0].content, 'base64')));
    expect((await extractText(pdf, { mergePages: true })).text).toContain(result.quote.number);
    // Only the token's hash is kept.
    const token = tokenOf(result.acceptanceUrl);
    const [stored] = await t.db.query<{ token_hash: string }>(
      sql`SELECT token_hash FROM quote_links WHERE quote_id = ${id}::uuid`,
    );
    expect(stored.token_hash).not.toContain(token);

    for (const path of [`quotes/${id}`, `deals/${deal.id}`, `companies/${companyId}`, `contacts/${contactId}`]) {
      const tl = ok(await rep.agent.request('GET', `/api/v1/${path}/timeline?kinds=email`));
      expect(
        tl.data.map((i: Body) => i.record.subject),
        path,
      ).toContain(mail.subject);
    }
    const audit = await t.db.query(
      sql`SELECT 1 FROM audit_log WHERE action = 'quote.send' AND record_id = ${id}::uuid`,
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses a quote without lines or without anyone to send to', async () => {
    const q = ok(await rep.agent.request('POST', '/api/v1/quotes', { name: 'Empty', priceBookId: cat.eur }), 201);
    expect((await rep.agent.request('POST', `/api/v1/quotes/${q.id}/send`, {})).status).toBe(400);
    ok(
      await rep.agent.request('POST', `/api/v1/quotes/${q.id}/lines`, {
        lines: [{ productId: cat.book, quantity: 1 }],
      }),
    );
    const noOne = await rep.agent.request('POST', `/api/v1/quotes/${q.id}/send`, {});
    expect(noOne.status).toBe(400);
    expect(noOne.body.error.details.fields).toHaveProperty('to');
    const bad = await rep.agent.request('POST', `/api/v1/quotes/${q.id}/send`, { to: ['not an address'] });
    expect(bad.status).toBe(400);
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${q.id}`)).status).toBe('draft');
  });
});

describe("the customer's signed link", () => {
  it('shows the quote without internal data, and accepts it once: quote.accepted emitted, audited, the owner told', async () => {
    const { id, token, result } = await sent();
    const view = await pub('GET', token);
    expect(view.statusCode, view.body).toBe(200);
    const body = view.json();
    expect(body).toMatchObject({
      number: result.quote.number,
      status: 'sent',
      open: true,
      customer: { company: 'Müller & Söhne', contact: 'Zoë Ångström' },
      total: result.quote.total,
    });
    const text = view.body;
    for (const internal of [id, rep.id, cat.eur, cat.licence, 'ownerId', 'priceBookId', 'approval'])
      expect(text).not.toContain(internal);
    const pdf = await pub('GET', `${token}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    expect((await pub('POST', `${token}/accept`, { name: '' })).statusCode).toBe(400);
    const accepted = await pub('POST', `${token}/accept`, { name: 'Zoë Ångström', note: 'PO 4711' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', acceptedBy: 'Zoë Ångström', open: false });
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${id}`))).toMatchObject({
      status: 'accepted',
      acceptedBy: 'Zoë Ångström',
    });
    const [event] = await t.db.query<{ payload: Record<string, unknown> }>(
      sql`SELECT payload FROM events WHERE type = 'quote.accepted' AND record_id = ${id}::uuid`,
    );
    expect(event.payload).toMatchObject({
      quoteId: id,
      version: 1,
      acceptedBy: 'Zoë Ångström',
      companyId,
      note: 'PO 4711',
    });
    expect(
      await t.db.query(sql`SELECT 1 FROM audit_log WHERE action = 'quote.accept' AND record_id = ${id}::uuid`),
    ).toHaveLength(1);
    const [told] = await t.db.query<{ title: string }>(
      sql`SELECT title FROM notifications WHERE user_id = ${rep.id}::uuid AND kind = 'quote' AND record_id = ${id}::uuid`,
    );
    expect(told.title).toContain('Zoë Ångström accepted');

    // Used: a second answer is refused, and nothing changes.
    const again = await pub('POST', `${token}/decline`, { reason: 'changed my mind' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already accepted/);
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${id}`)).status).toBe('accepted');
    // The page still shows what happened.
    expect((await pub('GET', token)).json()).toMatchObject({ status: 'accepted', open: false });
  });

  it('refuses forged, expired and superseded links with a clear 4xx, changing nothing', async () => {
    expect((await pub('GET', 'forged-token-forged-token-forged-token-1')).statusCode).toBe(404);
    expect(
      (await pub('POST', 'forged-token-forged-token-forged-token-1/accept', { name: 'Eve Mallory' })).statusCode,
    ).toBe(404);
    expect((await pub('GET', 'short')).statusCode).toBe(404);

    const expired = await sent();
    await t.db.query(
      sql`UPDATE quote_links SET expires_at = now() - interval '1 minute' WHERE quote_id = ${expired.id}::uuid`,
    );
    const e = await pub('POST', `${expired.token}/accept`, { name: 'Late Larry' });
    expect(e.statusCode).toBe(410);
    expect(e.json().error.message).toMatch(/expired/);
    expect((await pub('GET', expired.token)).statusCode).toBe(410);
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${expired.id}`)).status).toBe('sent');

    const old = await sent();
    ok(await rep.agent.request('POST', `/api/v1/quotes/${old.id}/versions`), 201);
    const s = await pub('POST', `${old.token}/accept`, { name: 'Old Olga' });
    expect(s.statusCode).toBe(410);
    expect(s.json().error.message).toMatch(/newer version/);
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${old.id}`)).status).toBe('superseded');
    const events = await t.db.query(
      sql`SELECT 1 FROM events WHERE type = 'quote.accepted' AND record_id IN (${expired.id}::uuid, ${old.id}::uuid)`,
    );
    expect(events).toHaveLength(0);
  });

  it('records a decline with its reason and tells the owner', async () => {
    const { id, token } = await sent();
    const d = await pub('POST', `${token}/decline`, { reason: 'Too expensive' });
    expect(d.statusCode).toBe(200);
    expect(ok(await rep.agent.request('GET', `/api/v1/quotes/${id}`))).toMatchObject({
      status: 'declined',
      declineReason: 'Too expensive',
    });
    expect(
      await t.db.query(sql`SELECT 1 FROM events WHERE type = 'quote.declined' AND record_id = ${id}::uuid`),
    ).toHaveLength(1);
  });
});

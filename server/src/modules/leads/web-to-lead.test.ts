// The public web-to-lead endpoint: form posts and JSON from allowed sites become leads (UTM,
// referrer and landing page kept, written and audited as the system); spam, oversized bodies,
// floods and bad fields get a clear 4xx and write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { honeypotField, webToLeadPath, webToLeadPerMinute } from './web-to-lead.service.ts';

let t: TestApp;
const site = 'https://www.acme.test';
let ip = 0;
/** Each test posts from an address of its own, so that the per-address limit is only met where meant. */
const nextIp = () => `10.77.0.${++ip}`;

const postForm = (form: Record<string, string>, headers: Record<string, string> = {}, remoteAddress = nextIp()) =>
  t.app.inject({
    method: 'POST',
    url: webToLeadPath,
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site, ...headers },
    payload: new URLSearchParams(form).toString(),
  });
const postJson = (body: unknown, headers: Record<string, string> = {}, remoteAddress = nextIp()) =>
  t.app.inject({
    method: 'POST',
    url: webToLeadPath,
    remoteAddress,
    headers: { origin: site, ...headers },
    payload: body as object,
  });

const leadCount = async () => (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM leads`))[0].n;
const leadByEmail = async (email: string) => {
  const rows = await t.db.query<{ id: string }>(sql`SELECT id FROM leads WHERE email = ${email}`);
  return Promise.all(rows.map(async (r) => (await t.admin.request('GET', `/api/v1/leads/${r.id}`)).body));
};

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('web-to-lead', () => {
  it('is off until an admin turns it on, and only admins may', async () => {
    const off = await postJson({ email: 'early@x.test' });
    expect(off.statusCode).toBe(404);
    expect(await leadCount()).toBe(0);
    const settings = await t.admin.request('PUT', '/api/v1/web-to-lead/settings', {
      enabled: true,
      allowedOrigins: [site, 'https://landing.acme.test/'],
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    expect(settings.body).toMatchObject({
      enabled: true,
      allowedOrigins: [site, 'https://landing.acme.test'],
      endpoint: `http://kith.test${webToLeadPath}`,
      honeypotField,
    });
    const bad = await t.admin.request('PUT', '/api/v1/web-to-lead/settings', {
      enabled: true,
      allowedOrigins: ['https://acme.test/path'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toHaveProperty('allowedOrigins.0');
  });

  it('takes a plain HTML form: known names mapped, UTM, referrer and landing page kept, written as the system', async () => {
    const res = await postForm(
      {
        first_name: 'Ann',
        'Last Name': 'Lee',
        email: 'Ann.Lee@Example.test',
        company: 'Acme GmbH',
        message: 'Call me about pricing',
        utm_source: 'google',
        landing_page: `${site}/pricing?utm_campaign=spring&utm_medium=cpc`,
        submit: 'Send',
        [honeypotField]: '',
      },
      { referer: `${site}/contact`, 'user-agent': 'FormBrowser/1.0' },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const [lead] = await leadByEmail('ann.lee@example.test');
    expect(lead).toMatchObject({
      firstName: 'Ann',
      lastName: 'Lee',
      companyName: 'Acme GmbH',
      description: 'Call me about pricing',
      source: 'website',
      status: 'new',
      utmSource: 'google',
      utmCampaign: 'spring',
      utmMedium: 'cpc',
      referrer: `${site}/contact`,
      landingPage: `${site}/pricing?utm_campaign=spring&utm_medium=cpc`,
      ownerId: null,
      // The default rules: a form submitted is worth 10.
      score: 10,
    });
    const [audit] = await t.db.query<{ actor_kind: string; user_agent: string }>(
      sql`SELECT actor_kind, user_agent FROM audit_log WHERE record_id = ${lead.id}::uuid AND action = 'create'`,
    );
    expect(audit).toEqual({ actor_kind: 'system', user_agent: 'FormBrowser/1.0' });
    const engagements = await t.admin.request('GET', `/api/v1/leads/${lead.id}/engagements`);
    expect(engagements.body.data).toMatchObject([{ kind: 'formSubmitted', url: lead.landingPage }]);
  });

  it('counts a returning visitor’s form on their lead instead of making a duplicate', async () => {
    const before = await leadCount();
    const again = await postJson({ email: 'ann.lee@example.test', firstName: 'Annie' });
    expect(again.statusCode, again.body).toBe(200);
    // Select values as people type them: "cold call" is the option Cold call.
    const typed = await postJson({ email: 'typed@x.test', lead_source: 'cold call', industry: 'software' });
    expect(typed.statusCode, typed.body).toBe(200);
    const [t2] = await leadByEmail('typed@x.test');
    expect(t2).toMatchObject({ source: 'coldCall', industry: 'Software' });
    expect(await leadCount()).toBe(before + 1);
    const [lead] = await leadByEmail('ann.lee@example.test');
    expect(lead).toMatchObject({ firstName: 'Ann', score: 20 });
  });

  it('redirects a form post back to an allowed site, and refuses any other address', async () => {
    const ok = await postForm({ email: 'redirected@x.test', redirect: `${site}/thanks` });
    expect(ok.statusCode, ok.body).toBe(303);
    expect(ok.headers.location).toBe(`${site}/thanks`);
    const before = await leadCount();
    for (const redirect of ['https://evil.test/thanks', 'javascript:alert(1)', '//evil.test', `${site}.evil.test/x`]) {
      const res = await postForm({ email: 'open-redirect@x.test', redirect });
      expect(res.statusCode, redirect).toBe(400);
      expect(res.json().error.details.fields).toHaveProperty('redirect');
    }
    expect(await leadCount()).toBe(before);
  });

  it('answers allowed sites with CORS headers (preflight too) and refuses other sites', async () => {
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: webToLeadPath,
      headers: { origin: site, 'access-control-request-method': 'POST' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(site);
    const json = await postJson({ email: 'cors@x.test', lastName: 'Cors' });
    expect(json.statusCode).toBe(200);
    expect(json.headers['access-control-allow-origin']).toBe(site);

    const before = await leadCount();
    const other = await postJson({ email: 'other@x.test' }, { origin: 'https://other.test' });
    expect(other.statusCode).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(await leadCount()).toBe(before);
  });

  it('refuses spam (the honeypot filled), bad fields and a missing email with 400s naming the field, writing nothing', async () => {
    const before = await leadCount();
    const spam = await postForm({ email: 'bot@spam.test', first_name: 'Bot', [honeypotField]: 'http://spam.test' });
    expect(spam.statusCode).toBe(400);
    expect(spam.json().error.details.fields).toEqual({ [honeypotField]: 'must be left empty' });

    const badEmail = await postForm({ email: 'not-an-email', first_name: 'Bad' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error.details.fields).toHaveProperty('email');
    const long = await postForm({ email: 'long@x.test', first_name: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details.fields).toHaveProperty('first_name');
    const source = await postJson({ email: 'src@x.test', lead_source: 'carrier pigeon' });
    expect(source.statusCode).toBe(400);
    expect(source.json().error.details.fields).toHaveProperty('lead_source');
    const noEmail = await postForm({ first_name: 'Nomail' });
    expect(noEmail.statusCode).toBe(400);
    expect(noEmail.json().error.message).toBe('email: is required');
    const nested = await postJson({ email: 'nested@x.test', company: { name: 'Acme' } });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.details.fields).toHaveProperty('company');
    expect(await leadCount()).toBe(before);
  });

  it('refuses an oversized body (413) before reading it, and a flood from one address (429)', async () => {
    const before = await leadCount();
    const big = await postForm({ email: 'big@x.test', message: 'x'.repeat(20_000) });
    expect(big.statusCode).toBe(413);
    const bigJson = await postJson({ email: 'big@x.test', message: 'x'.repeat(20_000) });
    expect(bigJson.statusCode).toBe(413);

    const from = '10.78.0.1';
    const codes: number[] = [];
    for (let i = 0; i < webToLeadPerMinute; i++)
      codes.push((await postForm({ email: `flood${i}@x.test`, [honeypotField]: 'x' }, {}, from)).statusCode);
    expect(codes.every((c) => c === 400)).toBe(true);
    const refused = await postForm({ email: 'flood-last@x.test' }, {}, from);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await leadCount()).toBe(before);
    // Another address is not held back.
    expect((await postForm({ email: 'neighbour@x.test' })).statusCode).toBe(200);
  });

  it('ignores a Kith session cookie (a signed-in visitor on the same site is no CSRF failure)', async () => {
    const res = await postForm({ email: 'colleague@x.test' }, { cookie: t.admin.cookie });
    expect(res.statusCode, res.body).toBe(200);
  });
});

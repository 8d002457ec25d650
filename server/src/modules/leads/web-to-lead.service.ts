// The public web-to-lead endpoint's work: a website's form (or its script) posts a visitor's
// details; known field names are mapped onto a lead, UTM parameters, referrer and landing page
// kept, spam refused, and the lead written through the records path as the system — so it is
// validated, audited, assigned by the rules and scored like any other. A returning visitor (same
// email as a live lead) adds a form submission to that lead instead of a duplicate.
import type { WebToLeadSettings, WebToLeadSettingsInput } from '@kith/common/api/leads';
import { webToLeadSettingsInput } from '@kith/common/api/leads';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { appLink } from '../../platform/links.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { insertEngagement } from './engagements.service.ts';
import { readSetting, writeSetting } from './lead-settings.ts';

/** The hidden field people leave empty and robots fill. */
export const honeypotField = 'website_url';
/** Submissions per address per minute (on top of every public route's own limit). */
export const webToLeadPerMinute = 10;
/** A form's body, at most (a form with a long message is a few kilobytes). */
export const webToLeadMaxBytes = 16 * 1024;
export const webToLeadPath = '/api/v1/web-to-lead';

interface StoredSettings {
  enabled: boolean;
  allowedOrigins: string[];
}
const defaults: StoredSettings = { enabled: false, allowedOrigins: [] };

/**
 * Field names a form may use, by lead field: the field's own name, and the names forms and
 * marketing tools commonly give it. Matched without case, spaces, dashes or underscores.
 */
const aliases: Record<string, string[]> = {
  firstName: ['first', 'given_name', 'fname'],
  lastName: ['last', 'surname', 'family_name', 'lname'],
  email: ['email_address', 'mail'],
  phone: ['telephone', 'tel', 'phone_number', 'mobile'],
  companyName: ['company', 'organization', 'organisation'],
  jobTitle: ['title', 'position', 'job'],
  website: ['company_website', 'url'],
  industry: [],
  country: [],
  region: ['state', 'province'],
  city: ['town'],
  postalCode: ['zip', 'zip_code', 'postcode', 'postal'],
  source: ['lead_source'],
  description: ['message', 'comments', 'comment', 'notes', 'enquiry', 'inquiry'],
  utmSource: [],
  utmMedium: [],
  utmCampaign: [],
  utmTerm: [],
  utmContent: [],
  referrer: ['referer'],
  landingPage: ['landing_page_url', 'page_url', 'page'],
};
const squash = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const fieldByName = new Map<string, string>();
for (const [f, names] of Object.entries(aliases))
  for (const n of [f, ...names, f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]) fieldByName.set(squash(n), f);
/** The names the form snippet uses, one per field. */
export const webToLeadFieldNames = Object.keys(aliases).map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));

const utmFields = {
  utm_source: 'utmSource',
  utm_medium: 'utmMedium',
  utm_campaign: 'utmCampaign',
  utm_term: 'utmTerm',
  utm_content: 'utmContent',
} as const;

export async function getWebToLeadSettings(ctx: Ctx, publicUrl: string): Promise<WebToLeadSettings> {
  assertAdmin(ctx.principal);
  const s = await readSetting(ctx.db, 'webToLead', defaults);
  return {
    ...s,
    endpoint: appLink(publicUrl, webToLeadPath),
    honeypotField,
    fieldNames: webToLeadFieldNames,
    perMinute: webToLeadPerMinute,
  };
}

export async function saveWebToLeadSettings(
  ctx: Ctx,
  publicUrl: string,
  input: WebToLeadSettingsInput,
): Promise<WebToLeadSettings> {
  assertAdmin(ctx.principal);
  const parsed = webToLeadSettingsInput.safeParse(input);
  if (!parsed.success) throw zodToInvalid(parsed.error, input);
  const next: StoredSettings = {
    enabled: parsed.data.enabled,
    allowedOrigins: [...new Set(parsed.data.allowedOrigins)],
  };
  await ctx.db.transaction(async (tx) => {
    const before = await readSetting(tx, 'webToLead', defaults);
    await writeSetting(tx, 'webToLead', next, ctx.now());
    await recordAudit(withTx(ctx, tx), {
      action: 'update',
      objectType: 'web_to_lead_settings',
      changes: { settings: { before, after: next } },
    });
  });
  return getWebToLeadSettings(ctx, publicUrl);
}

/** The origins allowed to post (and to be answered with CORS headers); read on each request. */
export const webToLeadSettings = (ctx: Pick<Ctx, 'db'>) => readSetting(ctx.db, 'webToLead', defaults);

export interface Submission {
  body: unknown;
  /** Set for a plain HTML form post (it may be redirected back); JSON is answered with JSON. */
  form: boolean;
  origin?: string;
  referer?: string;
}

/** Whether `origin` may post: any origin while none is listed, else only those listed. */
export const originAllowed = (s: StoredSettings, origin: string | undefined) =>
  !origin || s.allowedOrigins.length === 0 || s.allowedOrigins.includes(origin);

const refuse = (field: string, message: string) => invalid(`${field}: ${message}`, { [field]: message });

/** Turns a submission into a lead (or a returning visitor's engagement). Returns where to redirect, if anywhere. */
export async function submitWebToLead(ctx: Ctx, sub: Submission): Promise<{ redirect: string | null }> {
  const settings = await webToLeadSettings(ctx);
  if (!settings.enabled) throw new AppError('NOT_FOUND', 'Web-to-lead is turned off (Settings › Web-to-lead)');
  if (!originAllowed(settings, sub.origin))
    throw new AppError('FORBIDDEN', `Origin: ${sub.origin} may not post leads here`);
  const body = sub.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('body: must be a form or a JSON object', { body: 'must be an object' });
  const entries = Object.entries(body as Record<string, unknown>);
  for (const [k, v] of entries)
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) throw refuse(k, 'must be text');
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
  const raw = Object.fromEntries(entries.map(([k, v]) => [k, text(v)]));

  // Spam: a robot fills every field, the hidden one too. Refused, and nothing is written.
  if (raw[honeypotField]) throw refuse(honeypotField, 'must be left empty');
  const redirect = raw.redirect || null;
  if (redirect && !allowedRedirect(settings, redirect))
    throw refuse('redirect', 'must be an address on one of the allowed origins (Settings › Web-to-lead)');

  // Map known names; the submitted name is kept to name it back in errors.
  const values: Values = {};
  const sentAs: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const f = fieldByName.get(squash(k));
    if (!f || !v || values[f] !== undefined) continue;
    values[f] = v;
    sentAs[f] = k;
  }
  matchOptions(ctx.registry.get('lead') as ResolvedObject, values);
  keepUtmFromLandingPage(values);
  if (!values.referrer && sub.referer) values.referrer = sub.referer.slice(0, 2000);
  values.source ??= 'website';
  values.status = 'new';
  if (typeof values.email !== 'string') throw refuse(sentAs.email ?? 'email', 'is required');
  return { redirect: (await writeLead(ctx, values, sentAs)) && redirect };
}

function allowedRedirect(s: StoredSettings, url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && s.allowedOrigins.includes(u.origin);
  } catch {
    return false;
  }
}

/** A form's "software" or "Cold call" is the select's Software or coldCall; anything else is left for validation to name. */
function matchOptions(obj: ResolvedObject, values: Values) {
  for (const [name, v] of Object.entries(values)) {
    const options = obj.fields.get(name)?.options;
    if (!options || typeof v !== 'string') continue;
    const key = squash(v);
    const hit = options.find((o) => squash(o.value) === key || squash(o.label) === key);
    if (hit) values[name] = hit.value;
  }
}

/** UTM parameters the form did not send are read from the landing page's address, if it has them. */
function keepUtmFromLandingPage(values: Values) {
  if (typeof values.landingPage !== 'string') return;
  let params: URLSearchParams;
  try {
    params = new URL(values.landingPage).searchParams;
  } catch {
    return;
  }
  for (const [param, f] of Object.entries(utmFields)) {
    const v = params.get(param)?.trim();
    if (v && values[f] === undefined) values[f] = v.slice(0, 200);
  }
}

/** Writes the lead as the system, or a form submission on the live lead with this email. */
async function writeLead(ctx: Ctx, values: Values, sentAs: Record<string, string>): Promise<true> {
  const obj = ctx.registry.get('lead') as ResolvedObject;
  try {
    await ctx.db.transaction(async (tx) => {
      const c = withTx(ctx, tx);
      const [known] = await tx.query<{ id: string }>(sql`SELECT id FROM ${sql.ident(obj.table)}
        WHERE lower(email) = lower(${String(values.email)}) AND deleted_at IS NULL ORDER BY created_at LIMIT 1 FOR UPDATE`);
      const url = typeof values.landingPage === 'string' ? values.landingPage : null;
      if (known) {
        await insertEngagement(c, known.id, { kind: 'formSubmitted', url });
        return;
      }
      // Visitors with similar names are different people: only the same email counts as the same lead.
      await createRecord(c, obj.name, values, { allowDuplicate: true }, (c2, id) =>
        insertEngagement(c2, id, { kind: 'formSubmitted', url }).then(() => undefined),
      );
    });
  } catch (err) {
    throw renamed(err, sentAs);
  }
  return true;
}

/** A validation error names the fields as the form sent them (first_name, not firstName). */
function renamed(err: unknown, sentAs: Record<string, string>): unknown {
  if (!(err instanceof AppError) || err.code !== 'INVALID') return err;
  const fields = (err.details?.fields ?? {}) as Record<string, string>;
  const named = Object.fromEntries(Object.entries(fields).map(([k, m]) => [sentAs[k] ?? k, m]));
  const message = Object.entries(named)
    .slice(0, 5)
    .map(([k, m]) => `${k}: ${m}`)
    .join('; ');
  return invalid(message || err.message, named);
}

// What a quote's PDF and its public page show, gathered in a few statements: the quote and its
// lines, the customer, the organisation's details and logo. Read as the system once the caller
// has checked access (a user's right to the quote, or a valid signed link).
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { logoBytes, readOrganization } from '../organization/organization.service.ts';
import type { Money, QuoteDocument } from './quote-pdf.ts';

interface QuoteRow {
  id: string;
  number: string;
  version: number;
  name: string;
  status: string;
  valid_until: string | Date | null;
  terms: string | null;
  currency: string | null;
  discount_percent: string | number | null;
  subtotal: string | number | null;
  discount_total: string | number | null;
  tax_total: string | number | null;
  total: string | number | null;
  accepted_by: string | null;
  decided_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
  company: string | null;
  contact: string | null;
  contact_email: string | null;
}

interface LineRow {
  description: string | null;
  quantity: string | number;
  unit_price: string | number | null;
  discount_percent: string | number | null;
  tax_percent: string | number | null;
  net: string | number | null;
  total: string | number | null;
}

export type QuoteView = Omit<QuoteDocument, 'lines'> & {
  id: string;
  acceptedBy: string | null;
  decidedAt: string | null;
  lines: Array<QuoteDocument['lines'][number] & { total: Money }>;
};

const dateText = (d: string | Date | null) =>
  d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

export async function quoteView(
  ctx: Pick<Ctx, 'db'>,
  quoteId: string,
  storage: FileStorage | null,
): Promise<QuoteView> {
  const [q] = await ctx.db.query<QuoteRow>(sql`
    SELECT q.id, q.number, q.version, q.name, q.status, q.valid_until::text AS valid_until, q.terms, q.currency,
      q.discount_percent, q.subtotal, q.discount_total, q.tax_total, q.total, q.accepted_by, q.decided_at,
      q.sent_at, q.created_at, co.title AS company, ct.title AS contact, ct.email AS contact_email
    FROM quotes q
    LEFT JOIN companies co ON co.id = q.company_id AND co.deleted_at IS NULL
    LEFT JOIN contacts ct ON ct.id = q.contact_id AND ct.deleted_at IS NULL
    WHERE q.id = ${quoteId}::uuid AND q.deleted_at IS NULL`);
  if (!q) throw notFound('Quote');
  const lines = await ctx.db.query<LineRow>(sql`
    SELECT description, quantity, unit_price, discount_percent, tax_percent, net, total FROM quote_lines
    WHERE quote_id = ${quoteId}::uuid AND deleted_at IS NULL ORDER BY position NULLS LAST, id`);
  const org = await readOrganization(ctx.db);
  const logo = storage && org.hasLogo ? await logoBytes(ctx.db, storage) : null;
  const currency = q.currency ?? 'EUR';
  const m = (v: string | number | null): Money => ({ amount: Number(v ?? 0), currency });
  return {
    id: q.id,
    number: q.number,
    version: Number(q.version),
    name: q.name,
    status: q.status,
    issuedOn: dateText(q.sent_at ?? q.created_at) as string,
    validUntil: dateText(q.valid_until),
    terms: q.terms,
    currency,
    seller: {
      name: org.name,
      address: org.address,
      email: org.email,
      phone: org.phone,
      website: org.website,
      taxId: org.taxId,
    },
    logo: logo?.bytes ?? null,
    customer: { company: q.company, contact: q.contact, email: q.contact_email },
    lines: lines.map((l) => ({
      description: l.description ?? '',
      quantity: Number(l.quantity),
      unitPrice: m(l.unit_price),
      discountPercent: Number(l.discount_percent ?? 0),
      taxPercent: Number(l.tax_percent ?? 0),
      net: m(l.net),
      total: m(l.total),
    })),
    discountPercent: Number(q.discount_percent ?? 0),
    subtotal: m(q.subtotal),
    discountTotal: m(q.discount_total),
    taxTotal: m(q.tax_total),
    total: m(q.total),
    acceptedBy: q.accepted_by,
    decidedAt: q.decided_at ? new Date(q.decided_at).toISOString() : null,
  };
}

/** "Q-2026-0001-v2.pdf" */
export const pdfFileName = (v: Pick<QuoteView, 'number' | 'version'>) =>
  `${v.number}${v.version > 1 ? `-v${v.version}` : ''}.pdf`;

// The quote PDF read back with a real parser (unpdf, PDF.js): its text, pages and totals.

import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { type QuoteDocument, renderQuotePdf } from './quote-pdf.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

export function sampleDocument(lines: number): QuoteDocument {
  return {
    number: 'Q-2026-0007',
    version: 2,
    name: 'Relaunch for Müller & Söhne',
    status: 'draft',
    issuedOn: '2026-12-02',
    validUntil: '2026-12-31',
    terms: 'Payment within 30 days. Prices exclude shipping.',
    currency: 'EUR',
    seller: {
      name: 'Acme Café GmbH',
      address: 'Hauptstraße 1\n10115 Berlin',
      email: 'sales@acme.example',
      phone: '+49 30 123456',
      website: '',
      taxId: 'DE123456789',
    },
    logo: null,
    customer: { company: 'Müller & Söhne', contact: 'Zoë Ångström', email: 'zoe@example.org' },
    lines: Array.from({ length: lines }, (_, i) => ({
      description:
        i % 7 === 0
          ? `Consulting day ${i + 1} — a longer description that wraps onto a second line of the table`
          : `Licence ${i + 1}`,
      quantity: (i % 3) + 1,
      unitPrice: eur(12_345),
      discountPercent: i % 2 ? 10 : 0,
      taxPercent: 19,
      net: eur(11_111),
    })),
    discountPercent: 5,
    subtotal: eur(1_234_567),
    discountTotal: eur(123_456),
    taxTotal: eur(211_111),
    total: eur(1_322_222),
  };
}

async function readPdf(bytes: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: false });
  return { totalPages, pages: text as string[] };
}

describe('the quote PDF', () => {
  it('prints the seller, the customer, the lines and the totals, with € and accents', async () => {
    const bytes = await renderQuotePdf(sampleDocument(3));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { totalPages, pages } = await readPdf(bytes);
    expect(totalPages).toBe(1);
    const text = pages.join('\n');
    for (const s of [
      'Acme Café GmbH',
      'Müller & Söhne',
      'Zoë Ångström',
      'Q-2026-0007',
      'version 2',
      '€13,222.22',
      '€12,345.67',
      '€2,111.11',
      'Page 1 of 1',
      'Payment within 30 days',
      '2026-12-31',
    ])
      expect(text).toContain(s);
  });

  it('wraps 200 lines across pages, the header on each, every page numbered', async () => {
    const { totalPages, pages } = await readPdf(await renderQuotePdf(sampleDocument(200)));
    expect(totalPages).toBeGreaterThan(3);
    pages.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} of ${totalPages}`);
      if (i < totalPages - 1) expect(p).toContain('Unit price');
    });
    expect(pages.join('\n')).toContain('Licence 200');
    expect(pages.at(-1)).toContain('€13,222.22');
  });
});

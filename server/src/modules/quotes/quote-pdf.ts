// The quote as an A4 PDF (pdfkit): the organisation's logo, name and address, the customer, the
// lines table (wrapping across pages, its header repeated on each), discounts, tax and totals in
// the currency's format, the terms and validity, the number and version, and page numbers. The
// font is embedded (DejaVu Sans: €, accents, most of Latin, Greek and Cyrillic), so the PDF reads
// the same everywhere. A pure function of its view: quote-document.ts gathers that.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatMoney, formatNumber } from '@kith/common/money';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export type Money = { amount: number; currency: string };

export interface QuoteDocument {
  number: string;
  version: number;
  name: string;
  status: string;
  issuedOn: string;
  validUntil: string | null;
  terms: string | null;
  currency: string;
  seller: { name: string; address: string; email: string; phone: string; website: string; taxId: string };
  logo: Buffer | null;
  customer: { company: string | null; contact: string | null; email: string | null };
  lines: Array<{
    description: string;
    quantity: number;
    unitPrice: Money;
    discountPercent: number;
    taxPercent: number;
    net: Money;
  }>;
  discountPercent: number;
  subtotal: Money;
  discountTotal: Money;
  taxTotal: Money;
  total: Money;
  locale?: string;
}

const require = createRequire(import.meta.url);
type ParsedFont = ReturnType<typeof fontkit.create>;
let parsedFonts: { regular: ParsedFont; bold: ParsedFont } | undefined;
/**
 * Read and parsed once per process: every document embeds (a subset of) the same two faces, and
 * parsing a TrueType file for each document cost more than laying out its pages. pdfkit takes a
 * parsed fontkit font in place of the file and makes its own subset per document.
 */
const fonts = () =>
  (parsedFonts ??= {
    regular: fontkit.create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))),
    bold: fontkit.create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'))),
  });

const formatPercent = (n: number, locale = 'en') => `${formatNumber(n, locale, 3)} %`;

const ink = '#1f2430';
const muted = '#6b7280';
const rule = '#d9dce3';
const accent = '#2f5bd3';

// Columns of the lines table: x offsets within the text width (515 pt on A4 with 40 pt margins).
const cols = [
  { key: 'n', label: '#', x: 0, w: 22, align: 'left' as const },
  { key: 'description', label: 'Description', x: 22, w: 205, align: 'left' as const },
  { key: 'quantity', label: 'Qty', x: 227, w: 45, align: 'right' as const },
  { key: 'unitPrice', label: 'Unit price', x: 272, w: 75, align: 'right' as const },
  { key: 'discount', label: 'Disc.', x: 347, w: 45, align: 'right' as const },
  { key: 'tax', label: 'Tax', x: 392, w: 45, align: 'right' as const },
  { key: 'net', label: 'Net', x: 437, w: 78, align: 'right' as const },
];

export function renderQuotePdf(q: QuoteDocument): Promise<Buffer> {
  const locale = q.locale ?? 'en';
  const money = (m: Money) => formatMoney(m, locale);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 40, bottom: 56, left: 40, right: 40 },
    bufferPages: true,
    info: { Title: `Quote ${q.number} v${q.version}`, Author: q.seller.name, Subject: q.name },
  });
  // @types/pdfkit names only files and buffers; pdfkit itself takes a parsed font (see fonts()).
  doc.registerFont('regular', fonts().regular as unknown as Buffer);
  doc.registerFont('bold', fonts().bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  // ——— header: the seller, the document's name ———
  let y = doc.page.margins.top;
  if (q.logo) {
    try {
      doc.image(q.logo, left, y, { fit: [140, 56] });
    } catch {
      // A logo pdfkit cannot read (not PNG or JPEG) is left out rather than failing the quote.
    }
  }
  const sellerLines = [q.seller.address, q.seller.email, q.seller.phone, q.seller.website]
    .flatMap((s) => (s ? s.split('\n') : []))
    .concat(q.seller.taxId ? [`Tax ID ${q.seller.taxId}`] : []);
  doc.font('bold').fontSize(12).fillColor(ink).text(q.seller.name, left, y, { width, align: 'right' });
  doc.font('regular').fontSize(8.5).fillColor(muted);
  for (const l of sellerLines) doc.text(l, { width, align: 'right' });
  y = Math.max(doc.y, y + 60) + 18;

  doc.font('bold').fontSize(22).fillColor(ink).text('Quote', left, y);
  doc.font('regular').fontSize(10).fillColor(muted);
  doc.text(`${q.number} · version ${q.version}`, left, doc.y + 2);
  const metaTop = y;
  const meta: Array<[string, string]> = [
    ['Date', q.issuedOn],
    ['Valid until', q.validUntil ?? '—'],
    ['Currency', q.currency],
  ];
  let my = metaTop + 4;
  for (const [k, v] of meta) {
    doc
      .font('regular')
      .fontSize(8.5)
      .fillColor(muted)
      .text(k, left + width - 200, my, { width: 90 });
    doc
      .font('bold')
      .fontSize(9)
      .fillColor(ink)
      .text(v, left + width - 110, my, { width: 110, align: 'right' });
    my += 14;
  }
  y = Math.max(doc.y, my) + 16;

  // ——— the customer and the subject ———
  doc.font('regular').fontSize(8).fillColor(muted).text('PREPARED FOR', left, y, { characterSpacing: 0.6 });
  doc
    .font('bold')
    .fontSize(10.5)
    .fillColor(ink)
    .text(q.customer.company ?? q.customer.contact ?? '—', left, doc.y + 3);
  doc.font('regular').fontSize(9).fillColor(ink);
  if (q.customer.company && q.customer.contact) doc.text(q.customer.contact);
  if (q.customer.email) doc.fillColor(muted).text(q.customer.email);
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(muted)
    .text('SUBJECT', left + width / 2, y, { characterSpacing: 0.6 });
  doc
    .font('bold')
    .fontSize(10.5)
    .fillColor(ink)
    .text(q.name, left + width / 2, y + 13, { width: width / 2 });
  y = Math.max(doc.y, y + 40) + 18;

  // ——— the lines ———
  const headerRow = (top: number) => {
    doc.rect(left, top, width, 20).fill('#f2f4f8');
    doc.font('bold').fontSize(8).fillColor(muted);
    for (const c of cols)
      doc.text(c.label, left + c.x + 4, top + 6, { width: c.w - 8, align: c.align, lineBreak: false });
    return top + 24;
  };
  y = headerRow(y);
  doc.font('regular').fontSize(9);
  q.lines.forEach((l, i) => {
    const cells: Record<string, string> = {
      n: String(i + 1),
      description: l.description,
      quantity: formatNumber(l.quantity, locale),
      unitPrice: money(l.unitPrice),
      discount: l.discountPercent ? formatPercent(l.discountPercent, locale) : '—',
      tax: formatPercent(l.taxPercent, locale),
      net: money(l.net),
    };
    doc.font('regular').fontSize(9);
    // A cell that fits on one line (every figure, most descriptions) is placed, not wrapped: the
    // wrapper measured and laid out each of a 200-line quote's 1,400 cells twice.
    const fits = cols.map((c) => doc.widthOfString(cells[c.key]) <= c.w - 8);
    const h = Math.max(
      ...cols.map((c, i) => (fits[i] ? 0 : doc.heightOfString(cells[c.key], { width: c.w - 8, align: c.align }))),
      11,
    );
    if (y + h + 8 > bottom()) {
      doc.addPage();
      y = headerRow(doc.page.margins.top);
      doc.font('regular').fontSize(9);
    }
    doc.fillColor(ink);
    cols.forEach((c, i) => {
      const text = cells[c.key];
      if (!fits[i]) doc.text(text, left + c.x + 4, y, { width: c.w - 8, align: c.align });
      else {
        const x = c.align === 'right' ? left + c.x + c.w - 4 - doc.widthOfString(text) : left + c.x + 4;
        doc.text(text, x, y, { lineBreak: false });
      }
    });
    y += h + 5;
    doc
      .moveTo(left, y - 2)
      .lineTo(left + width, y - 2)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    y += 3;
  });

  // ——— totals ———
  const totals: Array<[string, string, boolean]> = [
    ['Subtotal', money(q.subtotal), false],
    [
      q.discountPercent ? `Discounts (incl. ${formatPercent(q.discountPercent, locale)} overall)` : 'Discounts',
      q.discountTotal.amount ? `−${money(q.discountTotal)}` : money(q.discountTotal),
      false,
    ],
    ['Tax', money(q.taxTotal), false],
    ['Total', money(q.total), true],
  ];
  if (y + totals.length * 18 + 20 > bottom()) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  y += 8;
  const tx = left + width - 250;
  for (const [label, value, strong] of totals) {
    if (strong) {
      y += 4;
      doc
        .moveTo(tx, y - 3)
        .lineTo(left + width, y - 3)
        .lineWidth(1)
        .strokeColor(ink)
        .stroke();
      y += 4;
    }
    doc
      .font(strong ? 'bold' : 'regular')
      .fontSize(strong ? 12 : 9.5)
      .fillColor(strong ? ink : muted);
    doc.text(label, tx, y, { width: 150 });
    doc.fillColor(strong ? accent : ink).text(value, tx + 120, y, { width: 130, align: 'right' });
    y += strong ? 22 : 16;
  }

  // ——— terms and validity ———
  y += 12;
  const termsText = [
    q.validUntil ? `This quote is valid until ${q.validUntil}.` : null,
    q.terms?.trim() || null,
  ].filter((s): s is string => !!s);
  if (termsText.length) {
    const body = termsText.join('\n\n');
    doc.font('regular').fontSize(9);
    if (y + 30 > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    doc.font('bold').fontSize(9).fillColor(ink).text('Terms', left, y);
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(muted)
      .text(body, left, doc.y + 4, { width });
  }

  // ——— footers: number, version, page n of m ———
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // text below the margin would otherwise start a new page
    const fy = doc.page.height - 34;
    doc
      .moveTo(left, fy - 8)
      .lineTo(left + width, fy - 8)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
    doc.font('regular').fontSize(8).fillColor(muted);
    doc.text(`${q.seller.name} · Quote ${q.number} v${q.version}`, left, fy, { width: width / 2, lineBreak: false });
    doc.text(`Page ${i + 1} of ${range.count}`, left + width / 2, fy, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = keep;
  }
  doc.end();
  return done;
}

// Issue 14: a quote with 200 lines — its totals and its PDF under 500 ms. Through the API on the
// running server: a small catalogue of its own (one price book, 20 products), one draft quote,
// then rounds of (replace the 200 lines: priced and totalled in the request) and (GET the PDF).
// Each round's time is the two requests together, one client after the other, as a rep saving
// the lines editor and downloading the PDF would see them.
import type { ApiMeasured, Server, Session } from './server.ts';

export interface QuoteMeasured {
  api: ApiMeasured;
  note: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function call(server: Server, s: Session, method: string, path: string, body?: unknown) {
  const r = await fetch(`${server.base}${path}`, {
    method,
    headers: { ...s.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
  return r;
}
const json = async (r: Response) => (await r.json()) as { id: string };

export async function measureQuote200(server: Server, s: Session, rounds = 30): Promise<QuoteMeasured | null> {
  const probe = await fetch(`${server.base}/api/v1/quote-settings`, { headers: s.headers });
  if (probe.status === 404) return null;
  const tag = `bench ${process.pid}`;
  const tax = await json(await call(server, s, 'POST', '/api/v1/tax-rates', { name: `VAT ${tag}`, ratePercent: 19 }));
  const book = await json(
    await call(server, s, 'POST', '/api/v1/price-books', { name: `Book ${tag}`, currency: 'EUR' }),
  );
  const products: string[] = [];
  for (let i = 0; i < 20; i++) {
    const p = await json(
      await call(server, s, 'POST', '/api/v1/products', { name: `Product ${i} ${tag}`, taxRateId: tax.id }),
    );
    await call(server, s, 'POST', '/api/v1/price-book-entries', {
      priceBookId: book.id,
      productId: p.id,
      unitPrice: { amount: 1_000 + i * 137, currency: 'EUR' },
    });
    products.push(p.id);
  }
  const quote = await json(
    await call(server, s, 'POST', '/api/v1/quotes', {
      name: `200 lines ${tag}`,
      priceBookId: book.id,
      discountPercent: 3,
    }),
  );
  const lines = Array.from({ length: 200 }, (_, i) => ({
    productId: products[i % products.length],
    quantity: (i % 7) + 1,
    discountPercent: i % 3 === 0 ? 5 : 0,
  }));
  const rounds_: number[] = [];
  const saves: number[] = [];
  const pdfs: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < rounds + 2; i++) {
    try {
      const t0 = performance.now();
      await call(server, s, 'POST', `/api/v1/quotes/${quote.id}/lines`, { mode: 'replace', lines });
      const t1 = performance.now();
      const pdf = await call(server, s, 'GET', `/api/v1/quotes/${quote.id}/pdf`);
      await pdf.arrayBuffer();
      const t2 = performance.now();
      if (i < 2) continue; // warm-up: fonts read, statements prepared
      saves.push(t1 - t0);
      pdfs.push(t2 - t1);
      rounds_.push(t2 - t0);
    } catch {
      errors++;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  const sort = (a: number[]) => [...a].sort((x, y) => x - y);
  const all = sort(rounds_);
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    api: {
      p50: r1(percentile(all, 0.5)),
      p99: r1(percentile(all, 0.99)),
      rps: all.length / elapsed,
      requests: all.length,
      non2xx: 0,
      errors,
      rssAfterMb: Math.round(server.rss()),
    },
    note: `${rounds} rounds of POST /api/v1/quotes/:id/lines (replace 200 lines: priced, totalled) then GET /api/v1/quotes/:id/pdf, one client; lines p50 ${r1(percentile(sort(saves), 0.5))} ms, PDF p50 ${r1(percentile(sort(pdfs), 0.5))} ms`,
  };
}

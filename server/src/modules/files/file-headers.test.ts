// Properties of the names and headers files leave with: any name a client sends becomes a safe
// one, and Content-Disposition carries it whole (filename*) with a plain-ASCII stand-in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiFallback, contentDisposition, contentHeaders, parseRange, sanitizeFileName } from './file-headers.ts';

/** Names as clients send them: any Unicode (lone surrogates too), paths, controls, bidi marks. */
const rawName = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      'é',
      '/',
      '\\',
      '.',
      ' ',
      '"',
      "'",
      '%',
      '\u202E',
      '\u0000',
      '\n',
      '😀',
      '\ud800',
      '(',
      '*',
    ),
    maxLength: 40,
  }),
);

describe('sanitizeFileName', () => {
  it('leaves a short, path-free, printable, well-formed name, and is idempotent', () => {
    fc.assert(
      fc.property(rawName, (raw) => {
        const name = sanitizeFileName(raw);
        expect(name.length).toBeGreaterThan(0);
        expect([...name].length).toBeLessThanOrEqual(255);
        expect(name).not.toMatch(/[/\\\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
        expect(['.', '..']).not.toContain(name);
        expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/); // well-formed
        expect(sanitizeFileName(name)).toBe(name);
      }),
      { examples: [['../../etc/passwd'], ['\ud800.pdf'], ['...'], ['a\u202Efdp.exe']] },
    );
  });

  it('keeps the extension of a name too long', () => {
    expect(sanitizeFileName(`${'x'.repeat(400)}.pdf`)).toBe(`${'x'.repeat(251)}.pdf`);
  });
});

describe('Content-Disposition', () => {
  const parse = (header: string) => {
    const m = /^(inline|attachment); filename="([^"\\]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]*)$/.exec(
      header,
    );
    if (!m) throw new Error(`not a well-formed header: ${header}`);
    return { disposition: m[1], fallback: m[2], name: decodeURIComponent(m[3]) };
  };

  it('round-trips any sanitised name through filename*, with an ASCII fallback', () => {
    fc.assert(
      fc.property(
        rawName,
        fc.constantFrom('inline', 'attachment') as fc.Arbitrary<'inline' | 'attachment'>,
        (raw, d) => {
          const name = sanitizeFileName(raw);
          const parsed = parse(contentDisposition(d, name));
          expect(parsed.name).toBe(name);
          expect(parsed.disposition).toBe(d);
          expect(parsed.fallback).toMatch(/^[\x20-\x7e]*$/);
          expect(parsed.fallback).toBe(asciiFallback(name));
        },
      ),
    );
  });

  it('never serves HTML or SVG inline, whatever is asked', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'text/html',
          'image/svg+xml',
          'application/xml',
          'text/plain',
          'application/x-msdownload',
          'image/png',
          'application/pdf',
        ),
        fc.boolean(),
        (type, inline) => {
          const h = contentHeaders({ name: 'f', contentType: type, sha256: 'ab' }, inline);
          const isInline = h['content-disposition'].startsWith('inline');
          expect(isInline).toBe(inline && ['image/png', 'application/pdf'].includes(type));
          expect(h['x-content-type-options']).toBe('nosniff');
          expect(h['content-security-policy']).toMatch(/^sandbox; default-src 'none'; frame-ancestors /);
        },
      ),
    );
  });
});

describe('parseRange', () => {
  it('answers a range inside the file, unsatisfiable, or the whole file', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.option(fc.nat(20_000)), fc.option(fc.nat(20_000)), (size, a, b) => {
        const header = `bytes=${a ?? ''}-${b ?? ''}`;
        const r = parseRange(header, size);
        if (r === null || r === 'unsatisfiable') return;
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThan(size);
        expect(r.start).toBeLessThanOrEqual(r.end);
      }),
    );
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-4', 10)).toEqual({ start: 6, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
  });
});

import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCell } from '../exports/exports.service.ts';
import { parseDate, parseMoney, parseNumber, splitList, unescapeCell } from './import-cells.ts';
import {
  compactHeader,
  decode,
  delimiters,
  detectDelimiter,
  detectEncoding,
  headerKey,
  normalizeHeader,
  uniqueHeaders,
} from './import-csv.ts';

const plainChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.-_@/éüßø€'.split(''));
const plainCell = fc.string({ unit: plainChar, maxLength: 12 });
const anyCell = fc.string({ maxLength: 12, unit: fc.constantFrom(...'ab ,;\t"\n\r\'=é'.split('')) });
const table = (cell: fc.Arbitrary<string>) =>
  fc
    .integer({ min: 2, max: 8 })
    .chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 15 }));

describe('CSV dialect detection', () => {
  it('finds the delimiter of any table written with it (cells without delimiters)', () => {
    fc.assert(
      fc.property(
        table(plainCell),
        fc.constantFrom(...delimiters),
        fc.constantFrom('\n', '\r\n'),
        (rows, delimiter, eol) => {
          const text = stringify(rows, { delimiter, record_delimiter: eol === '\n' ? 'unix' : 'windows' });
          expect(detectDelimiter(text)).toBe(delimiter);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the delimiter when every cell is quoted, whatever the cells hold', () => {
    fc.assert(
      fc.property(table(anyCell), fc.constantFrom(...delimiters), (rows, delimiter) => {
        expect(detectDelimiter(stringify(rows, { delimiter, quoted: true }))).toBe(delimiter);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes UTF-8 with or without BOM, UTF-16 with BOM, and falls back to Latin-1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.boolean(), (s, bom) => {
        const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(s, 'utf8')]);
        const enc = detectEncoding(bytes, true);
        expect(enc).toBe('utf-8');
        expect(decode(bytes, enc)).toBe(bom || s.charCodeAt(0) !== 0xfeff ? s : s.slice(1));
        const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
        expect(decode(utf16, detectEncoding(utf16, false))).toBe(s);
      }),
    );
    const latin = fc.string({ unit: fc.constantFrom(...'aZ09 ,;äöüßéèçñÅØ£©'.split('')), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(latin, (s) => {
        const bytes = Buffer.from(s, 'latin1');
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        const enc = detectEncoding(bytes, valid);
        if (!valid) expect(enc).toBe('latin1');
        if (!valid) expect(decode(bytes, enc)).toBe(s);
      }),
    );
  });
});

describe('headers', () => {
  it('normalises idempotently, compacts to letters and digits, keys ignore order and case', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 10 }), (headers) => {
        for (const h of headers) {
          expect(normalizeHeader(normalizeHeader(h))).toBe(normalizeHeader(h));
          expect(compactHeader(h)).toMatch(/^[\p{L}\p{N}]*$/u);
          expect(compactHeader(h.toUpperCase())).toBe(compactHeader(h.toLowerCase()));
        }
        const shuffled = [...headers].reverse().map((h) => `  ${h.toUpperCase()} `);
        expect(headerKey(shuffled)).toBe(headerKey(headers.map((h) => h.toUpperCase())));
        const unique = uniqueHeaders(headers);
        expect(unique).toHaveLength(headers.length);
        expect(new Set(unique.map(normalizeHeader)).size).toBe(headers.length);
        expect(unique.every((h) => h.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('compacts the headers of common tools as the presets expect', () => {
    expect(compactHeader('E-mail 1 - Value')).toBe('email1value');
    expect(compactHeader('Business Country/Region')).toBe('businesscountryregion');
    expect(compactHeader(' Prénom ')).toBe('prenom');
    expect(uniqueHeaders(['Email', 'email', '', 'Email'])).toEqual(['Email', 'email (2)', 'Column 3', 'Email (3)']);
  });
});

describe('cells', () => {
  it("undoes the export's formula escaping for any text", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a') })),
        (s) => {
          expect(unescapeCell(safeCell(s))).toBe(s);
          expect(safeCell(s)).not.toMatch(/^[=+\-@\t\r]/);
        },
      ),
    );
  });

  it('reads numbers, money, dates and lists as spreadsheets write them', () => {
    expect(
      ['1,234', '1.234,5', '1.234.567', '1.234', '12,5', '-3', '1e3', 'abc', '1.2.3'].map((s) => parseNumber(s, false)),
    ).toEqual([1234, 1234.5, 1234567, 1.234, 12.5, -3, 1000, null, null]);
    expect(parseNumber('2.5', true)).toBeNull();
    expect(['12.34 EUR', 'EUR 12.34', '€12.34', '1,000 JPY', '-0.5 usd', '12.34'].map(parseMoney)).toEqual([
      { amount: 1234, currency: 'EUR' },
      { amount: 1234, currency: 'EUR' },
      { amount: 1234, currency: 'EUR' },
      { amount: 1000, currency: 'JPY' },
      { amount: -50, currency: 'USD' },
      null,
    ]);
    expect(
      [
        '2024-02-29',
        '2023-02-29',
        '14.03.2024',
        '3/14/1990',
        '14/3/1990',
        '0/0/00',
        '2024-01-02T10:00:00Z',
        'soon',
      ].map(parseDate),
    ).toEqual(['2024-02-29', null, '2024-03-14', '1990-03-14', '1990-03-14', undefined, '2024-01-02', null]);
    expect(splitList('a ::: b; c,d\ne')).toEqual(['a', 'b', 'c', 'd', 'e']);
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom('EUR', 'USD', 'JPY', 'KWD'),
        (amount, currency) => {
          const digits = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
          expect(parseMoney(`${(amount / 10 ** digits).toFixed(digits)} ${currency}`)).toEqual({ amount, currency });
        },
      ),
    );
  });
});

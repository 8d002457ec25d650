import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCell } from '../exports/exports.service.ts';
import {
  type CellField,
  maxCellChars,
  parseCell,
  parseDate,
  parseMoney,
  parseNumber,
  splitList,
  unescapeCell,
} from './import-cells.ts';
import {
  compactHeader,
  decode,
  delimiters,
  detectDelimiter,
  detectEncoding,
  headerKey,
  maxRecordChars,
  normalizeHeader,
  openRecords,
  uniqueHeaders,
} from './import-csv.ts';
import { parseRows, type ReadBatch, type ReadTask, readBatches } from './import-parse.ts';
import { parseInWorker, readInWorker, usingWorkers } from './import-pool.ts';

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

describe('hostile cells and rows', () => {
  // Before the parsers were linear, one 200k-character cell of these took minutes (quadratic
  // backtracking), so this test timed out; eslint-plugin-regexp now guards the expressions too.
  const adversarial = fc
    .tuple(
      fc.constantFrom('1,', ' ', '1', '1.', ' ,', '€ ', 'EUR ', 'a:', '\t', ';'),
      fc.constantFrom('', 'x', '!', '€', 'EUR'),
    )
    .map(([unit, tail]) => unit.repeat(Math.ceil(200_000 / unit.length)) + tail);
  const fields: CellField[] = (
    [
      ['tags', 'tags', 'jsonb'],
      ['phones', 'phoneList', 'jsonb'],
      ['addresses', 'addressList', 'jsonb'],
      ['emails', 'emailList', 'jsonb'],
      ['employees', 'number', 'int'],
      ['revenue', 'currency', 'jsonb'],
      ['birthday', 'date', 'date'],
      ['description', 'longText', 'text'],
    ] as const
  ).map(([name, type, sqlType]) => ({ name, type, sqlType, max: type === 'longText' ? 100_000 : undefined }));

  it('parses 200k-character adversarial cells at once, and refuses them over the cell limit', () => {
    fc.assert(
      fc.property(adversarial, (cell) => {
        expect(Array.isArray(splitList(cell))).toBe(true);
        parseNumber(cell, false);
        parseMoney(cell);
        parseDate(cell);
        for (const f of fields) {
          const parsed = parseCell(f, cell, 'Mobile', undefined);
          if (cell.trim().length > (f.type === 'longText' ? 100_000 : maxCellChars))
            expect(parsed).toEqual({ error: expect.stringMatching(/is longer than/) });
        }
        const short = cell.slice(0, 9_000);
        for (const f of fields) parseCell(f, short, 'Phone', undefined);
      }),
      { numRuns: 40 },
    );
  });

  it('parses batches in a worker thread exactly as on this thread', async () => {
    const targets = fields.map((field, index) => ({ index, header: field.name, field }));
    const rows = [
      { row: 2, cells: ['a; b', 'work: +1 555', '1 Main St', 'A@X.example', '1,234', '12.34 EUR', '14.03.2024', 'hi'] },
      { row: 3, cells: fields.map(() => '') },
      { row: 4, cells: ['1,'.repeat(6000), '', '', '', 'x', 'EUR', 'soon', ''] },
    ];
    const opts = { unknownValues: 'empty' as const };
    expect(await parseInWorker(targets, rows, opts)).toEqual(parseRows(targets, rows, opts));
    expect(usingWorkers()).toBe(true); // a worker thread did it, not the fallback on this thread
  });

  it("streams a job's file from a worker in parsed batches, exactly as read here, past the rows done", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kith-csv-'));
    const path = join(dir, 'job.csv');
    const lines = Array.from({ length: 2600 }, (_, i) => `Row ${i},"${i}, quoted",${i % 7 ? 'x' : ''}`);
    lines[1999] = ',,'; // a blank row
    writeFileSync(path, ['Name,Tags,Employees', ...lines, ','.repeat(2000), 'After,,'].join('\n'));
    const targets = fields.slice(0, 3).map((field, index) => ({ index, header: field.name, field }));
    const task: ReadTask = {
      kind: 'read',
      path,
      dialect: { encoding: 'utf-8', delimiter: ',' },
      skip: 500,
      targets,
      opts: { unknownValues: 'empty' },
      batchRows: 1000,
      batchChars: 4_000_000,
    };
    const here: ReadBatch[] = [];
    for await (const b of readBatches(task)) here.push(b);
    const there: ReadBatch[] = [];
    for await (const b of readInWorker(task)) there.push(b);
    expect(there).toEqual(here);
    expect(here.map((b) => [b.rows.length, b.rows[0]?.row, b.done, b.seen])).toEqual([
      [1000, 502, false, 1500],
      [1000, 1502, false, 2500],
      [100, 2502, true, 2600],
    ]);
    expect(here[2].error).toMatchObject({ code: 'CSV_MAX_FIELDS' });
    expect(here[1].parsed[499]).toMatchObject({ row: 2001, blank: true });
    // Left early, the worker stops reading; a missing file fails the stream with its code.
    const early = readInWorker({ ...task, batchRows: 10 });
    expect((await early.next()).value?.rows).toHaveLength(10);
    early.close();
    await expect(readInWorker({ ...task, path: join(dir, 'gone.csv') }).next()).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('refuses a row of millions of empty fields at once, and cleans NUL characters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kith-csv-'));
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, `a,b\n1,2\n${','.repeat(3_000_000)}\n3,4\n`);
    const seen: string[][] = [];
    await expect(
      (async () => {
        for await (const rec of openRecords(wide, { encoding: 'utf-8', delimiter: ',' })) seen.push(rec);
      })(),
    ).rejects.toMatchObject({ code: 'CSV_MAX_FIELDS' });
    expect(seen.length).toBeLessThanOrEqual(2); // what came before the wide row, at most
    // Delimiters count toward the record size: a million-character row of commas and one letter each.
    const long = join(dir, 'long.csv');
    writeFileSync(long, `a\n${'x,'.repeat(400)}${'y'.repeat(maxRecordChars - 500)}\n`);
    await expect(
      (async () => {
        for await (const _ of openRecords(long, { encoding: 'utf-8', delimiter: ',' })) void _;
      })(),
    ).rejects.toMatchObject({ code: 'CSV_MAX_RECORD_SIZE' });
    const nul = join(dir, 'nul.csv');
    writeFileSync(nul, 'a,b\nx\u0000y,z\n');
    const recs: string[][] = [];
    for await (const rec of openRecords(nul, { encoding: 'utf-8', delimiter: ',' })) recs.push(rec);
    expect(recs[1]).toEqual(['xy', 'z']);
  });
});

// Reading an uploaded CSV: its encoding and delimiter, its header, and its records as a stream.
// The file is never held in memory: records come one at a time from csv-parse, decoded on the way.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { CsvDelimiter, CsvEncoding } from '@kith/common/api/imports';
import { type CsvError, parse } from 'csv-parse';

export type { CsvDelimiter, CsvEncoding };
// Not the contract's list itself: this file runs in worker threads, which need not load zod.
export const delimiters: readonly CsvDelimiter[] = [',', ';', '\t'];

/**
 * Limits that keep a hostile file from costing memory: one record (its characters plus one for
 * each delimiter, so a row of a million empty fields counts), the header, and the fields of any
 * row (a data row may run a little past the header, as spreadsheets' trailing delimiters do).
 */
export const maxRecordChars = 1_000_000;
export const maxColumns = 500;
export const maxFieldsPerRecord = 2 * maxColumns;

/** A csv-parse error of our own limits: isCsvError treats it as the file's fault, as csv-parse's own. */
const csvLimitError = (code: string, message: string) => Object.assign(new Error(message), { code });

const tooManyFields = (line: number) =>
  csvLimitError('CSV_MAX_FIELDS', `a record on line ${line} has more than ${maxFieldsPerRecord} fields`);
const tooLong = (line: number) =>
  csvLimitError(
    'CSV_MAX_RECORD_SIZE',
    `a record on line ${line} is longer than ${maxRecordChars.toLocaleString('en')} characters`,
  );

/** How many times `c` occurs in s[from, to). */
function occurrences(s: string, c: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf(c, from); i !== -1 && i < to; i = s.indexOf(c, i + 1)) n++;
  return n;
}

/**
 * Keeps a hostile line from reaching the parser: a line (text between line breaks, quoted or not)
 * longer than maxRecordChars belongs to a record longer than that, so the file is refused as soon
 * as such a line passes the limit — a row of millions of delimiters stops there, not at its end,
 * and no parser builds its millions of fields. One native scan per line; delimiters are counted
 * only in the part of a line carried from one chunk to the next, or in a line past the limit (to
 * say which limit it broke). Also drops NUL characters, which PostgreSQL text cannot hold
 * (documented: the cell is cleaned).
 */
class LineGuard {
  private lineChars = 0;
  private lineDelimiters = 0;
  private line = 1;
  private readonly delimiter: string;
  // No parameter properties: the worker thread runs this file with type stripping only.
  constructor(delimiter: string) {
    this.delimiter = delimiter;
  }
  take(input: string): string {
    const text = input.includes('\u0000') ? input.replaceAll('\u0000', '') : input;
    let from = 0;
    let nl = text.indexOf('\n');
    let cr = text.indexOf('\r');
    for (;;) {
      const br = nl === -1 ? cr : cr === -1 ? nl : Math.min(nl, cr);
      if (br === -1) {
        this.carry(text, from, text.length, true);
        return text;
      }
      this.carry(text, from, br, false);
      // \r\n is one break (split across two chunks it counts twice: only the line numbers suffer).
      from = br + (text[br] === '\r' && text[br + 1] === '\n' ? 2 : 1);
      if (nl !== -1 && nl < from) nl = text.indexOf('\n', from);
      if (cr !== -1 && cr < from) cr = text.indexOf('\r', from);
      this.line++;
      this.lineChars = 0;
      this.lineDelimiters = 0;
    }
  }
  private carry(text: string, from: number, to: number, tail: boolean) {
    this.lineChars += to - from;
    const over = this.lineChars > maxRecordChars;
    if (tail || over) this.lineDelimiters += occurrences(text, this.delimiter, from, to);
    if (over) throw this.lineDelimiters >= maxFieldsPerRecord ? tooManyFields(this.line) : tooLong(this.line);
  }
}

/**
 * The limits of one parsed record (a record of many short lines passes the line guard): its
 * fields, and its characters with one for each delimiter. Plain arithmetic per record.
 */
function checkRecord(rec: string[], line: number) {
  if (rec.length > maxFieldsPerRecord) throw tooManyFields(line);
  let chars = rec.length;
  for (const f of rec) chars += f.length;
  if (chars > maxRecordChars) throw tooLong(line);
}

/**
 * The encoding of a file from its first bytes and whether all of it was valid UTF-8: a UTF-16
 * byte-order mark wins, then UTF-8 (with or without BOM), else Latin-1 (decoded as Windows-1252,
 * which is what spreadsheets mean by it).
 */
export function detectEncoding(head: Uint8Array, validUtf8: boolean): CsvEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  return validUtf8 ? 'utf-8' : 'latin1';
}

/** Decodes bytes of the given encoding, dropping a leading byte-order mark. */
export function decode(bytes: Uint8Array, encoding: CsvEncoding): string {
  return stripBom(new TextDecoder(encoding).decode(bytes));
}

const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/**
 * A stream that decodes bytes to text (multi-byte characters split across chunks included), and
 * with a delimiter given, guards the lines (LineGuard: too long, NUL characters).
 */
export function decoderStream(encoding: CsvEncoding, delimiter?: CsvDelimiter): Transform {
  const decoder = new TextDecoder(encoding);
  const guard = delimiter ? new LineGuard(delimiter) : null;
  let first = true;
  const take = (text: string) => (guard && text ? guard.take(text) : text);
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      let text = decoder.decode(chunk, { stream: true });
      if (first && text) {
        text = stripBom(text);
        first = false;
      }
      try {
        done(null, take(text));
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        done(null, take(decoder.decode()));
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/**
 * Field counts of the first records of a text for one delimiter (quotes understood), and how many
 * quotes sat where a well-formed file has none (inside an unquoted field, or right after a closing
 * quote): the wrong delimiter makes a quoted file look malformed.
 */
export function fieldCounts(text: string, delimiter: string, maxRecords = 50): { counts: number[]; stray: number } {
  const counts: number[] = [];
  let stray = 0;
  let fields = 1;
  let inQuotes = false;
  let afterQuote = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length && counts.length < maxRecords; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else {
          inQuotes = false;
          afterQuote = true;
        }
      }
      continue;
    }
    if (c === delimiter) {
      fields++;
      atFieldStart = true;
      afterQuote = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      counts.push(fields);
      fields = 1;
      atFieldStart = true;
      afterQuote = false;
    } else if (c === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
    } else {
      if (c === '"' || afterQuote) stray++;
      atFieldStart = false;
      afterQuote = false;
    }
  }
  if (counts.length < maxRecords && !inQuotes && (fields > 1 || !atFieldStart)) counts.push(fields);
  if (inQuotes) stray++;
  return { counts, stray };
}

/**
 * The delimiter that splits the sample most consistently into more than one column, without
 * malformed quoting: the share of records with the most common field count, less stray quotes,
 * then the number of columns. Comma when in doubt.
 */
export function detectDelimiter(sample: string, complete = true): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const d of delimiters) {
    const { counts, stray } = fieldCounts(sample, d);
    // A sample cut from a longer file may end inside a record: leave that one out.
    if (!complete && counts.length > 1) counts.pop();
    if (!counts.length) continue;
    const freq = new Map<number, number>();
    for (const n of counts) freq.set(n, (freq.get(n) ?? 0) + 1);
    const [mode, hits] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (mode < 2) continue;
    const score = (hits / counts.length) * 1000 - stray * 100 + Math.min(mode, 99);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** A header as the user wrote it, tidied: Unicode-normalised, trimmed, single-spaced. */
export function tidyHeader(h: string): string {
  return stripBom(h.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}

/** The key a header is compared and remembered by: tidied and lower-cased. */
export function normalizeHeader(h: string): string {
  return tidyHeader(h).toLowerCase();
}

/** Letters and digits only, accents dropped: "E-mail 1 - Value" → "email1value". */
export function compactHeader(h: string): string {
  return normalizeHeader(h)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Headers made usable as mapping keys: blank ones named by position, repeats numbered. */
export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = tidyHeader(h).slice(0, 200) || `Column ${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(normalizeHeader(name)); n++) name = `${base} (${n})`;
    seen.set(normalizeHeader(name), i);
    return name;
  });
}

/** The remembered-mapping key of a header set: order and case do not matter. */
export function headerKey(headers: string[]): string {
  const parts = [...new Set(headers.map(normalizeHeader))].sort();
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

export interface CsvDialect {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
}

/**
 * The records of a stored file (the header first), streamed. Within the limits above: the line
 * guard on the text, csv-parse's own limit on a record's field characters, and checkRecord on
 * each record (no per-field hook: csv-parse builds an info object for every field it casts).
 */
export function openRecords(path: string, dialect: CsvDialect): AsyncIterable<string[]> & { destroy(): void } {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const parser = parse({
    delimiter: dialect.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: maxRecordChars,
  });
  file.on('error', (err) => parser.destroy(err));
  const decoded = file.pipe(decoderStream(dialect.encoding, dialect.delimiter));
  decoded.on('error', (err) => parser.destroy(err));
  decoded.pipe(parser);
  return {
    async *[Symbol.asyncIterator]() {
      for await (const rec of parser as AsyncIterable<string[]>) {
        checkRecord(rec, parser.info.lines);
        yield rec;
      }
    },
    destroy() {
      file.destroy();
      parser.destroy();
    },
  };
}

/** The header and up to `max` records of a file; stops reading once it has them. */
export async function readHead(
  path: string,
  dialect: CsvDialect,
  max: number,
): Promise<{ header: string[] | null; rows: string[][] }> {
  const records = openRecords(path, dialect);
  let header: string[] | null = null;
  const rows: string[][] = [];
  try {
    for await (const rec of records) {
      if (!header) header = rec;
      else rows.push(rec);
      if (rows.length >= max) break;
    }
  } finally {
    records.destroy();
  }
  return { header, rows };
}

export const isCsvError = (err: unknown): err is CsvError =>
  err instanceof Error && String((err as unknown as { code?: unknown }).code ?? '').startsWith('CSV_');

/** A blank record: every cell empty or spaces (a spreadsheet's empty line). */
export const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

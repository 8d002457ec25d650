// CSV export of any registry object: the list query (search, filters, sort) paged through with
// the keyset cursor, 1,000 records at a time, streamed as CSV — never the whole file in memory.
// Cells a spreadsheet would run as a formula are neutralised; the export is audited.

import { pipeline, Readable } from 'node:stream';
import { addressParts } from '@kith/common';
import type { ApiRecord } from '@kith/common/api/records';
import { minorDigits } from '@kith/common/money';
import { stringify } from 'csv-stringify';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { type ListParams, listRecords, objectOf } from '../../platform/records/records.service.ts';
import type { ResolvedField, ResolvedObject } from '../../platform/registry/registry.ts';

export const exportPageSize = 1000;

/**
 * A cell a spreadsheet would read as a formula (= + - @, or a tab or carriage return first) gets a
 * leading apostrophe (OWASP's advice); the import takes it off again.
 */
export function safeCell(value: string): string {
  // Also when apostrophes already precede one, so that the import's unescaping is exact.
  return /^'*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV text from records (arrays of cells), formula-safe, with a BOM so spreadsheets read UTF-8. */
export function csvStream(records: AsyncIterable<string[]>): Readable {
  const out = stringify({ bom: true });
  pipeline(
    Readable.from(records).map((rec: string[]) => rec.map(safeCell)),
    out,
    () => {}, // an error ends the response early; the client sees a cut-off download
  );
  return out;
}

const currencyText = (v: { amount: number; currency: string }) => {
  const digits = minorDigits(v.currency);
  return `${(v.amount / 10 ** digits).toFixed(digits)} ${v.currency}`;
};

/** Key of a relation's expanded { id, title } in an API record (companyId → company). */
export const relationKey = (f: ResolvedField) => (f.name.endsWith('Id') ? f.name.slice(0, -2) : `${f.name}Ref`);

/** One field's value as a cell: lists joined with '; ', money as "12.34 EUR", relations by title, links as object:id. */
export function cellText(f: ResolvedField, rec: ApiRecord): string {
  const v = rec[f.name];
  if (v === null || v === undefined) return '';
  switch (f.type) {
    case 'relation':
    case 'user': {
      const ref = rec[relationKey(f)] as { title: string | null } | null;
      return ref?.title ?? String(v);
    }
    case 'anyRecord': {
      // object:id, what a list filter takes back (?about=contact:…); titles may be hidden from the reader.
      const link = v as { object: string; id: string };
      return `${link.object}:${link.id}`;
    }
    case 'currency':
      return currencyText(v as { amount: number; currency: string });
    case 'tags':
    case 'emailList':
    case 'multiSelect':
      return (v as string[]).join('; ');
    case 'phoneList':
      return (v as Array<{ label?: string; number: string }>)
        .map((p) => (p.label ? `${p.label}: ${p.number}` : p.number))
        .join('; ');
    case 'addressList':
      // In one cell (a flat export column elsewhere); the CSV export uses addressColumns instead.
      return (v as Array<Record<string, string | undefined>>)
        .map((a) => [a.street, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', '))
        .join('; ');
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return String(v);
  }
}

/** The column after the parts: the further addresses of a record, as JSON (the import reads it back). */
export const moreAddresses = 'More';

interface Column {
  header: string;
  cell: (rec: ApiRecord) => string;
}

/**
 * The CSV columns of some fields. An address list becomes structured columns — the first address
 * in parts ("Addresses: City"), then any further ones as JSON — so that an import puts each part
 * back where it was; every other field is one column.
 */
export function csvColumns(fields: ResolvedField[]): Column[] {
  return fields.flatMap((f): Column[] => {
    if (f.type !== 'addressList') return [{ header: f.label, cell: (rec) => cellText(f, rec) }];
    const list = (rec: ApiRecord) => (Array.isArray(rec[f.name]) ? (rec[f.name] as Array<Record<string, string>>) : []);
    return [
      ...addressParts.map(([part, label]) => ({
        header: `${f.label}: ${label}`,
        cell: (rec: ApiRecord) => list(rec)[0]?.[part] ?? '',
      })),
      {
        header: `${f.label}: ${moreAddresses}`,
        cell: (rec: ApiRecord) => (list(rec).length > 1 ? JSON.stringify(list(rec).slice(1)) : ''),
      },
    ];
  });
}

export function exportColumns(obj: ResolvedObject, columns: string | undefined): ResolvedField[] {
  if (!columns) return [...obj.fields.values()];
  const names = columns
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !obj.fields.has(n));
  if (unknown.length || !names.length) {
    throw invalid(
      `columns: unknown field ${unknown.map((n) => `"${n}"`).join(', ') || '(none given)'}; fields: ${[...obj.fields.keys()].join(', ')}`,
      { columns: 'unknown field' },
    );
  }
  return [...new Set(names)].map((n) => obj.fields.get(n) as ResolvedField);
}

/**
 * Checks permission and the query, reads the first page (so a bad filter is a 400, not a broken
 * download), and returns the CSV as a stream. The audit entry is written when the stream ends,
 * with the number of rows that went out.
 */
export async function exportCsv(ctx: Ctx, objectName: string, params: ListParams, columns: string | undefined) {
  const obj = objectOf(ctx, objectName);
  assertCan(ctx.principal, obj.name, 'export', obj.label);
  const fields = exportColumns(obj, columns);
  const cols = csvColumns(fields);
  const query = { ...params, limit: exportPageSize, cursor: undefined };
  const first = await listRecords(ctx, obj.name, query);
  async function* records(): AsyncGenerator<string[]> {
    let rows = 0;
    let complete = false;
    try {
      yield cols.map((c) => c.header);
      let page = first;
      for (;;) {
        for (const rec of page.data) {
          yield cols.map((c) => c.cell(rec));
          rows++;
        }
        if (!page.nextCursor) break;
        page = await listRecords(ctx, obj.name, { ...query, cursor: page.nextCursor });
      }
      complete = true;
    } finally {
      const filter = {
        q: params.q ?? null,
        filter: params.filter ?? null,
        equals: params.equals ?? [],
        sort: params.sort ?? null,
        deleted: params.deleted ?? false,
      };
      await recordAudit(ctx, {
        action: 'export',
        objectType: obj.name,
        changes: { filter, columns: fields.map((f) => f.name), rowCount: rows, complete },
      }).catch((err) => ctx.log.error({ err }, 'export audit entry failed'));
    }
  }
  const stamp = ctx.now().toISOString().slice(0, 10);
  return { fileName: `${obj.plural}-${stamp}.csv`, stream: csvStream(records()) };
}

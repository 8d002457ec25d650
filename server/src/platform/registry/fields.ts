// Field builders for registry entries. A field knows its column(s), how to validate input,
// how to read and write its value, and which filter comparators it accepts.
import type { FieldType, FilterComparator, SelectOption } from '@kith/common';
import { recordLinkInput } from '@kith/common/api/shared';
import { z } from 'zod';

export type SqlType =
  | 'text'
  | 'int'
  | 'bigint'
  | 'numeric'
  | 'date'
  | 'timestamptz'
  | 'boolean'
  | 'uuid'
  | 'text[]'
  | 'jsonb';

/** How a text field's value is written, for pickers and display: `rrule`, a repeat rule (RFC 5545). */
export type TextFormat = 'rrule';

export interface FieldOptions {
  label?: string;
  /** A text field holding a value of a known form (the web offers a picker for it). */
  format?: TextFormat;
  required?: boolean;
  readOnly?: boolean;
  searchable?: boolean;
  filterable?: boolean;
  sortable?: boolean;
  list?: boolean;
  max?: number;
  /** Hidden from roles without the right (a later issue); kept out of search and audit text. */
  sensitive?: boolean;
  /** Set by the server (an entry's `compute` hook) on create and update; read-only to clients. */
  computed?: boolean;
  /** Number and money fields: the least value accepted (0: no negative amounts). */
  min?: number;
  /**
   * Relation and user fields: counts and sums per value kept by the database (decision 012), as
   * select fields have them, for boards grouped by it (a deal's stage). Each costs every write.
   */
  keepCounts?: boolean;
  /**
   * Relation fields: the target is one of the records under this record's `within` field (a
   * relation both entries have): a deal's stage is a stage of the deal's pipeline. Writes are
   * checked; pickers offer only those; a board by it takes its columns from them, in the target's
   * order, given that field's value (`pipelineId=…`).
   */
  within?: string;
  /**
   * Relation fields: only records of the target whose select or text fields hold these values (a
   * bundle item's bundle is a product of kind bundle). Writes are checked; pickers offer only those.
   */
  where?: Record<string, string>;
  /**
   * Relation fields: the record is a part of the target (a quote's line), which shows its parts in
   * a panel of its own — the target's page lists them under no related list of their own. A part
   * is read and changed only where its whole may be read (records.service changeScope).
   */
  partOf?: boolean;
  /**
   * A valid value, different for each n, for tests that loop over the registry, where the type
   * alone does not make one that the entry's hooks accept (a time zone, an end after a start).
   */
  sample?: (n: number) => unknown;
  /**
   * What a new record takes when its input leaves the field out (a product starts active). Yes/no
   * fields get it as their column's default too, so a row written by SQL agrees.
   */
  defaultValue?: boolean | string | number;
}

export interface FieldDef {
  type: FieldType;
  label?: string;
  format?: TextFormat;
  required: boolean;
  readOnly: boolean;
  searchable: boolean;
  filterable: boolean;
  sortable: boolean;
  list: boolean;
  sensitive: boolean;
  max?: number;
  options?: SelectOption[];
  /** Target object of a relation field (for 'user' fields: users). */
  relation?: string;
  onDelete?: 'setNull' | 'cascade';
  /** A link to any record: the objects it may point at (every object that has a title when unset). */
  objects?: string[];
  sqlType: SqlType;
  /** Set for custom fields (their column is made at run time). */
  custom?: boolean;
  /** Made with field.owner(): the entry's owner unless it names another. */
  isOwner?: boolean;
  /** Set by the server (records/hooks.ts compute); clients cannot write it. */
  computed?: boolean;
  /** See FieldOptions.min. */
  min?: number;
  /** See FieldOptions.keepCounts. */
  keepCounts?: boolean;
  /** See FieldOptions.within. */
  within?: string;
  /** See FieldOptions.where. */
  where?: Record<string, string>;
  /** See FieldOptions.partOf. */
  partOf?: boolean;
  column?: string;
  /** See FieldOptions.sample. */
  sample?: (n: number) => unknown;
  /** See FieldOptions.defaultValue. */
  defaultValue?: boolean | string | number;
}

const base = (type: FieldType, sqlType: SqlType, o: FieldOptions, defaults: Partial<FieldOptions> = {}): FieldDef => ({
  type,
  sqlType,
  label: o.label,
  required: o.required ?? false,
  readOnly: o.readOnly ?? o.computed ?? false,
  computed: o.computed ?? false,
  searchable: o.searchable ?? defaults.searchable ?? false,
  // Opted into per field: each sortable or filterable field has an index, which every write pays.
  // A sortable field's index serves its filters too.
  filterable: o.filterable ?? defaults.filterable ?? o.sortable ?? false,
  sortable: o.sortable ?? defaults.sortable ?? false,
  list: o.list ?? false,
  sensitive: o.sensitive ?? false,
  max: o.max ?? defaults.max,
  ...(o.sample ? { sample: o.sample } : {}),
  ...(o.format ? { format: o.format } : {}),
  ...(o.min !== undefined ? { min: o.min } : {}),
  ...(o.keepCounts ? { keepCounts: true } : {}),
  ...(o.within ? { within: o.within } : {}),
  ...(o.where ? { where: { ...o.where } } : {}),
  ...(o.partOf ? { partOf: true } : {}),
  ...(o.defaultValue !== undefined ? { defaultValue: o.defaultValue } : {}),
});

const opts = (values: Array<string | SelectOption>): SelectOption[] =>
  values.map((v) => (typeof v === 'string' ? { value: v, label: v.charAt(0).toUpperCase() + v.slice(1) } : v));

export const field = {
  text: (o: FieldOptions = {}) => base('text', 'text', o, { max: 500 }),
  longText: (o: FieldOptions = {}) => base('longText', 'text', o, { max: 100_000 }),
  number: (o: FieldOptions & { integer?: boolean } = {}) => base('number', o.integer ? 'int' : 'numeric', o),
  currency: (o: FieldOptions = {}) => base('currency', 'bigint', o),
  date: (o: FieldOptions = {}) => base('date', 'date', o),
  datetime: (o: FieldOptions = {}) => base('datetime', 'timestamptz', o),
  boolean: (o: FieldOptions = {}) => base('boolean', 'boolean', o),
  select: (values: Array<string | SelectOption>, o: FieldOptions = {}) => ({
    ...base('select', 'text', o),
    options: opts(values),
  }),
  multiSelect: (values: Array<string | SelectOption>, o: FieldOptions = {}) => ({
    ...base('multiSelect', 'text[]', o),
    options: opts(values),
  }),
  email: (o: FieldOptions = {}) => base('email', 'text', o, { max: 320 }),
  emailList: (o: FieldOptions = {}) => base('emailList', 'text[]', o),
  phone: (o: FieldOptions = {}) => base('phone', 'text', o, { max: 50 }),
  phoneList: (o: FieldOptions = {}) => base('phoneList', 'jsonb', o),
  url: (o: FieldOptions = {}) => base('url', 'text', o, { max: 2000 }),
  /** Always indexed (related lists, and the target's delete), so always filterable. */
  relation: (object: string, o: FieldOptions & { onDelete?: 'setNull' | 'cascade' } = {}) => ({
    ...base('relation', 'uuid', o, { filterable: true }),
    relation: object,
    onDelete: o.onDelete ?? 'setNull',
  }),
  /** A user (assignee, reviewer…); filterable by default, like a relation. */
  user: (o: FieldOptions = {}) => ({ ...base('user', 'uuid', o, { filterable: true }), relation: 'user' }),
  /** The record's owner: what own/team scopes are measured against (indexed with the scopes). */
  owner: (o: FieldOptions = {}) => ({
    ...base('user', 'uuid', { label: 'Owner', list: true, ...o }, { filterable: true }),
    relation: 'user',
    isOwner: true,
  }),
  /**
   * A link to a record of any object (or of `objects` only): an activity, a file or a note about
   * anything. Two columns, `<column>_object` (the object's name) and `<column>_id`, both set or
   * both empty; always indexed on (object, id) for the "linked from" lists of the target and its
   * merges, so always filterable, never sortable (see linkColumns).
   */
  anyRecord: (o: Omit<FieldOptions, 'sortable' | 'searchable' | 'max'> & { objects?: string[] } = {}) => ({
    ...base('anyRecord', 'uuid', { ...o, sortable: false, searchable: false }, { filterable: true }),
    ...(o.objects ? { objects: [...o.objects] } : {}),
  }),
  tags: (o: FieldOptions = {}) => base('tags', 'text[]', { label: 'Tags', ...o }),
  addressList: (o: FieldOptions = {}) => base('addressList', 'jsonb', { label: 'Addresses', ...o }),
} satisfies Record<string, (...args: never[]) => FieldDef>;

/** The two columns of a link to any record: the target's object name and its id. */
export const linkColumns = (f: { column?: string }) => ({ object: `${f.column}_object`, id: `${f.column}_id` });

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && uuidRe.test(v);
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date PostgreSQL accepts: YYYY-MM-DD that exists (no 2020-02-30) from year 1 on.
 * Date.parse alone is not enough: it rolls 2020-02-30 over to March and takes year 0.
 */
export function isRealDate(s: string): boolean {
  const m = isoDate.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(2000, mo - 1, d));
  t.setUTCFullYear(y);
  return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** An ISO 8601 date-time PostgreSQL accepts (zod checks the calendar; year 0 does not exist there). */
export const isoDateTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
  .refine((v) => !v.startsWith('0000'), 'must be a date-time from year 1 on');

/**
 * Why a number cannot be written to, or compared with, a column of this SQL type; null if it can.
 * Every number that reaches SQL goes through here: bodies, filters and cursors. numeric holds any
 * finite double, denormals such as 5e-324 included; int and bigint only whole numbers in range.
 */
export function numberProblem(sqlType: SqlType, n: unknown): string | null {
  if (typeof n !== 'number' || !Number.isFinite(n)) return 'must be a number';
  if (sqlType === 'int' && !(Number.isInteger(n) && n >= -2147483648 && n <= 2147483647))
    return 'must be a whole number from -2147483648 to 2147483647';
  if (sqlType === 'bigint' && !Number.isSafeInteger(n))
    return `must be a whole number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`;
  return null;
}
// The ISO 4217 codes in use that the runtime knows (about 160): "ABC" is refused by name.
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
export const isKnownCurrency = (code: string): boolean => knownCurrencies.has(code);
const minProblem = (f: FieldDef, n: number) =>
  f.min !== undefined && n < f.min ? (f.min === 0 ? 'must not be negative' : `must be at least ${f.min}`) : null;

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR')
  .refine(isKnownCurrency, 'is not a known ISO 4217 currency code');

const trimmedText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((s) => s.trim());

const phoneItem = z.strictObject({
  label: z.string().max(50).default('work'),
  number: z.string().trim().min(1).max(50),
});
const addressItem = z.strictObject({
  label: z.string().max(50).default('work'),
  street: z.string().max(500).optional(),
  city: z.string().max(200).optional(),
  region: z.string().max(200).optional(),
  postalCode: z.string().max(50).optional(),
  country: z.string().max(200).optional(),
});

/** The zod schema of one field's input value (null clears it). */
export function inputSchema(f: FieldDef): z.ZodType {
  const max = f.max ?? 500;
  let s: z.ZodType;
  switch (f.type) {
    case 'text':
    case 'longText':
      s = trimmedText(max);
      break;
    case 'email':
      s = z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(max));
      break;
    case 'phone':
      s = z
        .string()
        .trim()
        .max(max)
        .regex(/^[+()\d\s./-]*(?:(?:ext|x)\.?\s*\d+)?$/i, 'must be a phone number');
      break;
    case 'url':
      s = z
        .string()
        .trim()
        .max(max)
        .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));
      break;
    case 'number':
      s = z.number().superRefine((n, c) => {
        const problem = numberProblem(f.sqlType, n) ?? minProblem(f, n);
        if (problem) c.addIssue({ code: 'custom', message: problem });
      });
      break;
    case 'currency':
      s = z.strictObject({
        amount: z
          .number()
          .int('must be whole minor units (cents)')
          .min(-9e15)
          .max(9e15)
          .refine((n) => minProblem(f, n) === null, { message: minProblem(f, Number.NEGATIVE_INFINITY) ?? '' }),
        currency: currencyCode,
      });
      break;
    case 'date':
      s = z.string().regex(isoDate, 'must be a date (YYYY-MM-DD)').refine(isRealDate, 'must be a real date');
      break;
    case 'datetime':
      s = isoDateTime;
      break;
    case 'boolean':
      // A built-in yes/no is never empty (NOT NULL DEFAULT false, decision 009): null clears it to no.
      if (!f.custom && !f.required)
        return z
          .boolean()
          .nullable()
          .transform((v) => v ?? false);
      s = z.boolean();
      break;
    case 'select': {
      const values = (f.options ?? []).map((o) => o.value);
      // An enum, so that OpenAPI lists the values clients may send.
      s = values.length
        ? z.enum(values as [string, ...string[]], { error: `must be one of: ${values.join(', ')}` })
        : z.string().refine(() => false, { message: 'this field has no options yet' });
      break;
    }
    case 'multiSelect': {
      const values = (f.options ?? []).map((o) => o.value);
      s = z
        .array(z.string().refine((v) => values.includes(v), { message: `must be one of: ${values.join(', ')}` }))
        .max(100);
      break;
    }
    case 'emailList':
      s = z.array(z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(320))).max(50);
      break;
    case 'tags':
      s = z
        .array(z.string().trim().min(1).max(100))
        .max(100)
        .transform((t) => [...new Set(t)]);
      break;
    case 'phoneList':
      s = z.array(phoneItem).max(50);
      break;
    case 'addressList':
      s = z.array(addressItem).max(20);
      break;
    case 'relation':
    case 'user':
      s = z.string().refine(isUuid, 'must be an id');
      break;
    case 'anyRecord':
      // Errors name the part: about.object, about.id. Whether the object exists (and the record
      // does, for the writer) is checked against the registry and the database on write.
      s = recordLinkInput.extend({
        ...(f.objects?.length
          ? {
              object: z.enum(f.objects as [string, ...string[]], {
                error: `must be one of: ${f.objects.join(', ')}`,
              }),
            }
          : {}),
        id: z.string().refine(isUuid, 'must be an id'),
      });
      break;
  }
  return f.required ? s : s.nullable();
}

/** Comparators a field accepts in filters. */
export function comparatorsFor(f: FieldDef): FilterComparator[] {
  switch (f.type) {
    case 'text':
    case 'longText':
    case 'email':
    case 'phone':
    case 'url':
      return ['eq', 'neq', 'contains', 'startsWith', 'in', 'isEmpty', 'isNotEmpty'];
    case 'select':
      return ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'];
    case 'number':
    case 'currency':
    case 'date':
    case 'datetime':
      return ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'isEmpty', 'isNotEmpty'];
    case 'boolean':
      return ['eq', 'neq', 'isEmpty', 'isNotEmpty'];
    case 'relation':
    case 'user':
      return ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'];
    case 'tags':
    case 'multiSelect':
    case 'emailList':
      return ['contains', 'in', 'isEmpty', 'isNotEmpty'];
    case 'phoneList':
    case 'addressList':
      return ['contains', 'isEmpty', 'isNotEmpty'];
    case 'anyRecord':
      return ['eq', 'isEmpty', 'isNotEmpty'];
  }
}

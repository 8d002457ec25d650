// Properties of the parsers a client feeds: whatever arrives, the answer is a value or a 400.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinObjects } from '../../modules/index.ts';
import { gadgetObject } from '../../test/test-objects.ts';
import { AppError } from '../errors.ts';
import { Registry } from '../registry/registry.ts';
import {
  decodeCursor,
  encodeCursor,
  filterSql,
  parseFilter,
  parseSort,
  queryWords,
  tsLexeme,
  typoTsQueries,
  typoWordsSql,
} from './list-query.ts';

const registry = new Registry(builtinObjects);
const contact = registry.get('contact')!;
const fieldNames = [...contact.fields.keys()];

const onlyInvalid = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID');
  }
};

describe('list query parsing', () => {
  it('any filter text parses or is refused as INVALID — never anything else', () => {
    fc.assert(fc.property(fc.string(), (raw) => onlyInvalid(() => filterSql(contact, parseFilter(raw)))));
  });

  it('any filter-shaped JSON compiles or is refused as INVALID', () => {
    const condition = fc.record({
      field: fc.oneof(fc.constantFrom(...fieldNames), fc.string()),
      cmp: fc.constantFrom(
        'eq',
        'neq',
        'contains',
        'startsWith',
        'gt',
        'gte',
        'lt',
        'lte',
        'in',
        'isEmpty',
        'isNotEmpty',
        'bogus',
      ),
      value: fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.uuid(),
      ),
    });
    const group = fc.letrec((tie) => ({
      group: fc.record({
        op: fc.constantFrom('and', 'or', 'xor'),
        conditions: fc.array(fc.oneof({ depthSize: 'small' }, condition, tie('group')), { maxLength: 4 }),
      }),
    })).group;
    fc.assert(fc.property(group, (g) => onlyInvalid(() => filterSql(contact, parseFilter(JSON.stringify(g))))));
  });

  it('a link filter compiles only for a pair of an object name and an id, else INVALID', () => {
    const gadget = new Registry([...builtinObjects, gadgetObject]).get('gadget')!;
    const value = fc.oneof(
      fc.record(
        { object: fc.oneof(fc.constantFrom('contact', 'gadget'), fc.string()), id: fc.oneof(fc.uuid(), fc.string()) },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    const cmp = fc.constantFrom('eq', 'neq', 'in', 'contains', 'isEmpty', 'isNotEmpty');
    fc.assert(
      fc.property(cmp, value, (c, v) => {
        const run = () => filterSql(gadget, { op: 'and', conditions: [{ field: 'about', cmp: c, value: v }] });
        onlyInvalid(run);
        const link = v as { object?: unknown; id?: unknown } | null;
        const valid =
          c === 'isEmpty' ||
          c === 'isNotEmpty' ||
          (c === 'eq' &&
            typeof link === 'object' &&
            link !== null &&
            !Array.isArray(link) &&
            Object.keys(link).length === 2 &&
            typeof link.object === 'string' &&
            /^[a-zA-Z][a-zA-Z0-9_]*$/.test(link.object) &&
            typeof link.id === 'string' &&
            /^[0-9a-f-]{36}$/i.test(link.id));
        if (valid) expect(run()).not.toBeNull();
        else expect(run).toThrow(AppError);
      }),
    );
  });

  it('a cursor survives a round trip; any other text is INVALID', () => {
    const sort = parseSort(contact, '-createdAt');
    const byName = parseSort(contact, 'name');
    fc.assert(
      fc.property(fc.option(fc.string()), fc.uuid(), (v, id) => {
        expect(decodeCursor(encodeCursor({ s: byName.key, v, id }), byName)).toEqual({ s: byName.key, v, id });
      }),
    );
    // A timestamp cursor carries the value as PostgreSQL prints it (timestamptz::text).
    const pgText = fc
      .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString().replace('T', ' ').replace('Z', '+00'));
    fc.assert(
      fc.property(fc.option(pgText), fc.uuid(), (v, id) => {
        expect(decodeCursor(encodeCursor({ s: sort.key, v, id }), sort)).toEqual({ s: sort.key, v, id });
      }),
    );
    fc.assert(fc.property(fc.string(), (raw) => onlyInvalid(() => decodeCursor(raw, sort))));
    // Any value that would not cast to the sort column's type is refused before SQL sees it.
    fc.assert(
      fc.property(fc.string(), fc.uuid(), (v, id) =>
        onlyInvalid(() => decodeCursor(encodeCursor({ s: sort.key, v, id }), sort)),
      ),
    );
  });

  it('a number filter reaches SQL only if its column type holds it', () => {
    const company = registry.get('company')!;
    const accepts = (field: string, value: unknown) => {
      try {
        filterSql(company, { op: 'and', conditions: [{ field, cmp: 'gte', value }] });
        return true;
      } catch (err) {
        expect((err as AppError).code).toBe('INVALID');
        return false;
      }
    };
    const number = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(-5e-324, 5e-324, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, Number.NaN, Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(number, (n) => {
        // employees is int; annualRevenue compares its bigint amount.
        expect(accepts('employees', n)).toBe(Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31);
        expect(accepts('annualRevenue', n)).toBe(Number.isSafeInteger(n));
      }),
      { examples: [[-5e-324], [5e-324], [2 ** 31 - 1], [-(2 ** 31)]] },
    );
  });

  it('query words hold only letters, digits and joiners inside', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (q) => {
        const word = /^[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}.@_-]*[\p{L}\p{N}\p{M}])?$/u;
        for (const w of queryWords(q)) expect(w).toMatch(word);
        expect(queryWords(q).length).toBeLessThanOrEqual(8);
      }),
    );
    expect(queryWords('  Ann  MÜL, acme.com -x- ')).toEqual(['ann', 'mül', 'acme.com', 'x']);
  });

  it('sorting by an unknown or unsortable field is INVALID', () => {
    expect(() => parseSort(contact, 'phones')).toThrow(/cannot sort by "phones"/);
    expect(parseSort(contact, '-lastName')).toMatchObject({ column: 'last_name', desc: true, nullable: true });
  });

  it('a typo look-up takes q as a value only, and none for text too short to be a typo', () => {
    expect(typoWordsSql(['contacts'], ' ab ')).toBeNull();
    const text = typoWordsSql(['contacts'], 'gonzales')?.toQuery().text;
    fc.assert(
      fc.property(fc.string({ minLength: 3 }), fc.array(fc.string(), { minLength: 1, maxLength: 3 }), (q, tables) => {
        const lookup = typoWordsSql(tables, q);
        if (q.trim().length < 3) expect(lookup).toBeNull();
        else expect(lookup?.toQuery().text).toBe(text);
      }),
    );
  });

  it('a typo tsquery: per table, each word typed as a prefix or one of its similar words, all quoted', () => {
    const q = typoTsQueries([
      { table: 'contacts', typed: 'gonzales', similar: ['gonzalez', 'gonzalo'] },
      { table: 'contacts', typed: 'mar', similar: ['mar', 'maria'] },
      { table: 'companies', typed: 'gonzales', similar: [] },
      { table: 'companies', typed: 'mar', similar: ['mar'] },
      { table: 'weird', typed: "o'b", similar: ["o'brien", 'back\\slash', 'a:*|!&'] },
    ]);
    expect(Object.fromEntries(q)).toEqual({
      contacts: "('gonzales':* | 'gonzalez' | 'gonzalo') & ('mar':* | 'maria')",
      // No companies: no word has a similar one there, and its search would be the full-text one again.
      weird: "('o''b':* | 'o''brien' | 'back\\\\slash' | 'a:*|!&')",
    });
    expect(tsLexeme("it's \\ 'quoted'")).toBe("'it''s \\\\ ''quoted'''");
  });
});

// Properties of the aggregate's parameter parsing: whatever a client sends is a value or a 400
// naming the parameter — and a date bucket's key and its range agree with the database's date_trunc.
// Each property is tried on every registry object (the test-only gadget included), with the field
// names each one has.
import { dateBuckets } from '@kith/common/api/aggregates';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { builtinObjects } from '../../modules/index.ts';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { makeRecord } from '../../test/registry-samples.ts';
import { gadgetObject } from '../../test/test-objects.ts';
import { AppError } from '../errors.ts';
import { Registry, type ResolvedObject } from '../registry/registry.ts';
import {
  bucketEnd,
  type GroupSpec,
  groupableFields,
  groupKeySql,
  maxMetrics,
  parseGroupBy,
  parseGroupKey,
  parseMetrics,
} from './aggregate-query.ts';

// The registry as the app below holds it (checked there), known when the file loads.
const registry = new Registry([...builtinObjects, gadgetObject]);
const objects = registry.all();
const contact = registry.get('contact')!;
const names = (o: ResolvedObject) => [...o.fields.keys()];
const metricFieldsOf = (o: ResolvedObject) =>
  [...o.fields.values()].filter((f) => (f.type === 'number' || f.type === 'currency') && !f.sensitive);
const withMetrics = objects.filter((o) => metricFieldsOf(o).length > 0);

/** Runs fn; if it throws, the error must be INVALID naming one parameter that `param` accepts. */
function valueOrInvalid<T>(fn: () => T, param: (name: string) => boolean): T | undefined {
  try {
    return fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('INVALID');
    const fields = Object.keys((e.details as { fields: Record<string, string> }).fields);
    expect(fields).toHaveLength(1);
    expect(param(fields[0]), fields[0]).toBe(true);
    expect(e.message.startsWith(`${fields[0]}: `)).toBe(true);
    return undefined;
  }
}

const wordish = (o: ResolvedObject) => fc.oneof(fc.constantFrom(...names(o)), fc.string({ maxLength: 12 }));

describe.each(objects.map((o) => [o.plural, o] as const))('groupBy and bucket on %s', (_plural, obj) => {
  it('any groupBy and bucket parse or are refused naming groupBy or bucket', () => {
    fc.assert(
      fc.property(
        wordish(obj),
        fc.option(fc.oneof(fc.constantFrom(...dateBuckets), fc.string()), { nil: undefined }),
        (groupBy, bucket) => {
          const spec = valueOrInvalid(
            () => parseGroupBy(obj, groupBy, bucket),
            (p) => p === 'groupBy' || p === 'bucket',
          );
          if (!spec) return;
          expect(groupableFields(obj)).toContain(spec.field);
          const dated = spec.field.type === 'date' || spec.field.type === 'datetime';
          expect(spec.bucket === null).toBe(!dated);
          if (dated) expect(spec.bucket).toBe(bucket ?? 'month');
        },
      ),
    );
  });

  it('every groupable field groups; nothing else does', () => {
    for (const f of obj.fields.values()) {
      const ok = groupableFields(obj).includes(f);
      expect(
        valueOrInvalid(
          () => parseGroupBy(obj, f.name, undefined),
          (p) => p === 'groupBy',
        ) !== undefined,
      ).toBe(ok);
    }
  });
});

describe.each(withMetrics.map((o) => [o.plural, o] as const))('metrics on %s', (_plural, obj) => {
  const metricFields = metricFieldsOf(obj);
  const [m] = metricFields;
  const other = [...obj.fields.values()].find((f) => !metricFields.includes(f))!;
  const validPart = fc.oneof(
    fc.constant('count'),
    fc
      .tuple(fc.constantFrom('sum', 'avg', 'min', 'max'), fc.constantFrom(...metricFields.map((f) => f.name)))
      .map(([fn, f]) => `${fn}:${f}`),
  );
  const anyPart = fc.oneof(
    validPart,
    fc.string({ maxLength: 15 }),
    wordish(obj).map((w) => `sum:${w}`),
  );

  it('any list of metrics parses or is refused naming metrics or metrics.N of a part that exists', () => {
    fc.assert(
      fc.property(fc.array(anyPart, { maxLength: 13 }), (parts) => {
        const raw = parts.join(',');
        const n = raw.split(',').length;
        const specs = valueOrInvalid(
          () => parseMetrics(obj, raw),
          (p) => p === 'metrics' || (/^metrics\.\d+$/.test(p) && Number(p.slice(8)) < n),
        );
        if (!specs) return;
        expect(new Set(specs.map((s) => s.key)).size).toBe(specs.length);
        for (const s of specs) expect(['number', 'currency']).toContain(s.field.type);
      }),
      { examples: [[[`sum:${m.name}`, `sum:${m.name}`]], [[`median:${m.name}`]], [[`sum:${other.name}`]]] },
    );
  });

  it('distinct valid metrics come back as written, count left out', () => {
    fc.assert(
      fc.property(fc.uniqueArray(validPart, { maxLength: maxMetrics }), (parts) => {
        const specs = parseMetrics(obj, parts.join(','));
        expect(specs.map((s) => s.key)).toEqual(parts.filter((p) => p !== 'count'));
      }),
    );
  });

  it('refuses more than the maximum, and a number metric on other types', () => {
    expect(() =>
      parseMetrics(
        obj,
        Array(maxMetrics + 1)
          .fill('count')
          .join(','),
      ),
    ).toThrow(/^metrics: at most/);
    expect(() => parseMetrics(obj, `count,avg:${other.name}`)).toThrow(
      /^metrics\.1: avg needs a number or currency field/,
    );
  });
});

describe('group keys', () => {
  // A groupable field of each type any object has (a key is parsed by its field's type alone).
  const specs = [
    ...new Map(
      objects.flatMap((o) => groupableFields(o).map((f) => [f.type, parseGroupBy(o, f.name, undefined)] as const)),
    ).values(),
  ];
  const keyOf = (s: GroupSpec): fc.Arbitrary<string | boolean> => {
    switch (s.field.type) {
      case 'boolean':
        return fc.boolean();
      case 'relation':
      case 'user':
        return fc.uuid();
      case 'date':
      case 'datetime':
        return fc
          .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      default:
        return fc.string({ maxLength: 500 });
    }
  };

  it('a key survives JSON; any other text is a value or INVALID naming group', () => {
    for (const spec of specs) {
      fc.assert(
        fc.property(fc.option(keyOf(spec)), (k) => {
          expect(parseGroupKey(spec, JSON.stringify(k))).toEqual(k);
        }),
      );
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.jsonValue().map((v) => JSON.stringify(v)),
          ),
          (raw) => {
            valueOrInvalid(
              () => parseGroupKey(spec, raw),
              (p) => p === 'group',
            );
          },
        ),
      );
    }
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ objects: [gadgetObject] });
  expect(t.registry.all().map((o) => o.plural)).toEqual(objects.map((o) => o.plural));
  // Records with every field filled (values differ by n) and one with only what it needs (nulls).
  for (const obj of t.registry.all()) {
    for (const n of [1, 2, 3]) await makeRecord(t.admin, t.registry, obj, { n, full: true });
    await makeRecord(t.admin, t.registry, obj, { n: 4 });
  }
});
afterAll(() => t.close());

/** A query string for one object: its field names, metrics and group keys, and anything else. */
function queryFor(obj: ResolvedObject) {
  const groupable = groupableFields(obj).map((f) => f.name);
  const metrics = metricFieldsOf(obj).flatMap((f) => ['sum', 'avg', 'min', 'max'].map((fn) => `${fn}:${f.name}`));
  // Group keys as a client would send them: option values, booleans, dates, null.
  const keys = [...obj.fields.values()].flatMap((f) => (f.options ?? []).map((o) => JSON.stringify(o.value)));
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom(...names(obj), 'null', 'true'),
    fc.array(fc.constantFrom('count', ...metrics), { minLength: 1, maxLength: 3 }).map((m) => m.join(',')),
    fc.constantFrom('week', 'null', '0', '51', '-1', '1e3', '"2024-03-01"', ...keys),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  );
  const others = fc.dictionary(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(
          'bucket',
          'metrics',
          'groupLimit',
          'limit',
          'sort',
          'group',
          'cursor',
          'q',
          'filter',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          ...[...obj.fields.values()].filter((f) => f.filterable).map((f) => f.name),
          'deleted',
          '__proto__',
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    ),
    value,
    { maxKeys: 4 },
  );
  // Mostly a real groupBy, so that most requests get past it to the rest.
  const groupBy = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...groupable) }, { weight: 1, arbitrary: value });
  return fc.tuple(groupBy, others).map(([g, rest]) => ({ groupBy: g, ...rest }));
}

describe('any query string, on any object', () => {
  // One budget of runs shared by every object (each run picks one), so that the time this takes
  // does not grow with the registry; the seed varies which objects get the most.
  const request = fc.constantFrom(...objects).chain((obj) => queryFor(obj).map((q) => [obj.plural, q] as const));

  it.each(['aggregate', 'groups'])('/api/v1/{plural}/%s answers a 200 or a 4xx, never a 5xx', async (route) => {
    const ok = new Set<string>();
    await fc.assert(
      fc.asyncProperty(request, async ([plural, q]) => {
        const r = await t.admin.request('GET', `/api/v1/${plural}/${route}?${new URLSearchParams(q)}`);
        expect(r.status, `${plural}: ${JSON.stringify(q)} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.body.error.code).toBeTypeOf('string');
        else ok.add(plural);
      }),
      { numRuns: 200 },
    );
    expect(ok.size).toBeGreaterThan(0); // some got through to the database
  });
});

describe('date buckets', () => {
  const moment = fc.date({
    min: new Date('0001-01-01T00:00:00Z'),
    max: new Date('9999-12-30T00:00:00Z'),
    noInvalidDate: true,
  });

  it.each(dateBuckets)(
    "each %s's key (date_trunc in UTC) and its range [key, bucketEnd) hold the moment",
    async (bucket) => {
      const spec = parseGroupBy(contact, 'createdAt', bucket);
      await fc.assert(
        fc.asyncProperty(fc.array(moment, { minLength: 1, maxLength: 50 }), async (moments) => {
          const iso = moments.map((d) => d.toISOString());
          const rows = await t.db.query<{ at: string; k: string }>(
            sql`SELECT t.created_at::text AS at, ${groupKeySql(spec)} AS k FROM unnest(${iso}::timestamptz[]) AS t(created_at)`,
          );
          rows.forEach((r, i) => {
            const day = iso[i].slice(0, 10);
            const end = bucketEnd(r.k, bucket);
            expect(r.k <= day, `${iso[i]} → ${r.k}`).toBe(true);
            if (end !== null) expect(day < end, `${iso[i]} → [${r.k}, ${end})`).toBe(true);
          });
        }),
        { numRuns: 20 },
      );
    },
  );

  it('bucketEnd is the first day of the next period', () => {
    expect(bucketEnd('2024-02-26', 'week')).toBe('2024-03-04');
    expect(bucketEnd('2024-01-31', 'day')).toBe('2024-02-01');
    expect(bucketEnd('2025-10-01', 'quarter')).toBe('2026-01-01');
    expect(bucketEnd('0999-12-01', 'month')).toBe('1000-01-01');
    expect(bucketEnd('9999-01-01', 'year')).toBeNull();
  });
});

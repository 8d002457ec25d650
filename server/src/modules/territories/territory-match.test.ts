// Territory matching: values compared without case, accents or spacing; countries by code or name;
// postal codes exact, by prefix or by range; the most specific territory wins, a child inherits its
// parent's constraints, and ties never depend on the order of the rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileTerritories,
  cycleThrough,
  hasLocation,
  kindOf,
  type RecordLocation,
  type TerritoryDef,
} from './territory-match.ts';
import { countryCode, normaliseText, parsePostalPattern, postalMatches } from './territory-values.ts';

let n = 0;
const territory = (t: Partial<TerritoryDef> & { name: string }): TerritoryDef => ({
  id: t.id ?? `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  parentId: null,
  inactive: false,
  countries: [],
  regions: [],
  cities: [],
  postalCodes: [],
  industries: [],
  ...t,
});

const nameOf = (defs: TerritoryDef[], loc: RecordLocation) => {
  const id = compileTerritories(defs).match(loc);
  return id ? defs.find((d) => d.id === id)?.name : null;
};

describe('values', () => {
  it('fold case, accents, special letters and spacing', () => {
    expect(normaliseText('  Saint-Étienne ')).toBe('saint etienne');
    expect(normaliseText('MÜNCHEN')).toBe(normaliseText('münchen'));
    expect(normaliseText('Straße')).toBe('strasse');
    expect(normaliseText('Ålesund')).toBe('alesund');
    expect(normaliseText('São  Paulo')).toBe('sao paulo');
  });

  it('know countries by code, English or local name, and common aliases', () => {
    for (const v of ['DE', 'de', 'Germany', 'germany ', 'Deutschland', 'Allemagne', 'DEU'])
      expect(countryCode(v)).toBe('DE');
    for (const v of ['USA', 'United States', 'United States of America', 'us']) expect(countryCode(v)).toBe('US');
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('Österreich')).toBe('AT');
    expect(countryCode('Cote d’Ivoire')).toBe('CI');
    expect(countryCode('Atlantis')).toBeNull();
    expect(countryCode('EU')).toBeNull();
  });

  it('parse postal patterns: exact, prefix, range, hyphenated codes; refuse the rest with a reason', () => {
    expect(parsePostalPattern('75001')).toEqual({ kind: 'exact', value: '75001' });
    expect(parsePostalPattern('sw1a 1aa')).toEqual({ kind: 'exact', value: 'SW1A1AA' });
    expect(parsePostalPattern('75*')).toEqual({ kind: 'prefix', value: '75' });
    expect(parsePostalPattern('10000-14999')).toEqual({ kind: 'range', from: '10000', to: '14999' });
    expect(parsePostalPattern('00-950')).toEqual({ kind: 'exact', value: '00950' });
    expect(parsePostalPattern('14999-10000')).toMatch(/backwards/);
    expect(parsePostalPattern('7*5')).toMatch(/star/);
    expect(parsePostalPattern('*')).toMatch(/star/);
    expect(parsePostalPattern('75 001 ; DROP')).toMatch(/not a postal code/);
  });

  it('match ranges on the leading digits, so ZIP+4 codes fall in five-digit ranges', () => {
    const range = { kind: 'range', from: '10000', to: '14999' } as const;
    expect(postalMatches(range, '12345')).toBe(true);
    expect(postalMatches(range, '123456789')).toBe(true);
    expect(postalMatches(range, '15000')).toBe(false);
    expect(postalMatches(range, '1234')).toBe(false);
    expect(postalMatches(range, 'A1234')).toBe(false);
  });
});

describe('matching', () => {
  const emea = territory({ name: 'EMEA', countries: ['Germany', 'FR', 'Austria'] });
  const dach = territory({ name: 'DACH', parentId: emea.id, countries: ['DE', 'AT', 'CH'] });
  const bavaria = territory({ name: 'Bavaria', parentId: dach.id, regions: ['Bayern', 'Bavaria'] });
  const munich = territory({ name: 'Munich', parentId: bavaria.id, cities: ['München', 'Munich'] });
  const munichSouth = territory({ name: 'Munich south', parentId: bavaria.id, postalCodes: ['81*'] });
  const france = territory({ name: 'France', parentId: emea.id, countries: ['France'] });
  const paris = territory({ name: 'Paris', parentId: france.id, postalCodes: ['75*'] });
  const softwareDe = territory({ name: 'Software DE', countries: ['DE'], industries: ['software'] });
  const all = [emea, dach, bavaria, munich, munichSouth, france, paris, softwareDe];

  it('takes the deepest matching territory', () => {
    expect(nameOf(all, { country: 'Deutschland', region: 'bayern', city: 'MUENCHEN' })).toBe('Bavaria');
    expect(nameOf(all, { country: 'de', region: 'Bayern', city: 'münchen' })).toBe('Munich');
    expect(nameOf(all, { country: 'Germany', region: 'Hessen' })).toBe('DACH');
    expect(nameOf(all, { country: 'France', postalCode: '75008' })).toBe('Paris');
    expect(nameOf(all, { country: 'France', postalCode: '69001' })).toBe('France');
    expect(nameOf(all, { country: 'Austria' })).toBe('DACH');
    expect(nameOf(all, { country: 'Japan' })).toBeNull();
    expect(nameOf(all, {})).toBeNull();
  });

  it('makes a child inherit its parent’s constraints', () => {
    // A Paris postal code in Germany is not Paris: Paris sits under France.
    expect(nameOf(all, { country: 'DE', postalCode: '75001' })).toBe('DACH');
    // Munich outside Bavaria's region does not match Munich.
    expect(nameOf(all, { country: 'DE', region: 'Hessen', city: 'Munich' })).toBe('DACH');
    // Switzerland is in DACH's list but not in EMEA's: its subtree is out of reach.
    expect(nameOf(all, { country: 'CH' })).toBeNull();
  });

  it('breaks ties at the same depth by the more specific kind, then by name and id', () => {
    // Munich (city) and Munich south (postal code) are both children of Bavaria.
    expect(nameOf(all, { country: 'DE', region: 'Bayern', city: 'München', postalCode: '81371' })).toBe('Munich south');
    const a = territory({ name: 'Alpha', countries: ['DE'] });
    const b = territory({ name: 'Beta', countries: ['DE'] });
    expect(nameOf([b, a], { country: 'DE' })).toBe('Alpha');
    const same1 = territory({ name: 'Same', countries: ['DE'], id: '00000000-0000-7000-8000-00000000000b' });
    const same2 = territory({ name: 'Same', countries: ['DE'], id: '00000000-0000-7000-8000-00000000000a' });
    expect(compileTerritories([same1, same2]).match({ country: 'DE' })).toBe(same2.id);
  });

  it('leaves out inactive territories and their subtrees, and containers claim nothing', () => {
    const off = { ...dach, inactive: true };
    expect(nameOf([emea, off, bavaria, munich], { country: 'DE', region: 'Bayern', city: 'Munich' })).toBe('EMEA');
    const container = territory({ name: 'Everything' });
    const child = territory({ name: 'Retail', parentId: container.id, industries: ['Retail'] });
    expect(nameOf([container, child], { country: 'DE' })).toBeNull();
    expect(nameOf([container, child], { industry: 'retail' })).toBe('Retail');
  });

  it('treats a territory whose parent is missing as a root and never loops on a cycle', () => {
    const orphan = territory({ name: 'Orphan', parentId: '00000000-0000-7000-8000-ffffffffffff', countries: ['IT'] });
    expect(nameOf([orphan], { country: 'Italy' })).toBe('Orphan');
    const x = territory({ name: 'X', countries: ['ES'], id: '00000000-0000-7000-8000-0000000000c1' });
    const y = territory({ name: 'Y', countries: ['ES'], id: '00000000-0000-7000-8000-0000000000c2' });
    x.parentId = y.id;
    y.parentId = x.id;
    expect(compileTerritories([x, y]).match({ country: 'ES' })).toBeNull();
  });

  it('knows the kinds and whether a record has a location', () => {
    expect(kindOf(munichSouth)).toBe('postalCode');
    expect(kindOf(softwareDe)).toBe('country');
    expect(kindOf(territory({ name: 'i', industries: ['x'] }))).toBe('industry');
    expect(hasLocation({ city: '  ' })).toBe(false);
    expect(hasLocation({ industry: 'Retail' })).toBe(true);
  });

  it('finds cycles before a move makes one', () => {
    const parents: Record<string, string | null> = { a: null, b: 'a', c: 'b' };
    const parentOf = (id: string) => parents[id] ?? null;
    expect(cycleThrough('a', 'c', parentOf)).toBe(true);
    expect(cycleThrough('a', 'a', parentOf)).toBe(true);
    expect(cycleThrough('c', 'a', parentOf)).toBe(false);
    expect(cycleThrough('b', null, parentOf)).toBe(false);
  });
});

// ---- properties ----

const countryPool = ['DE', 'FR', 'AT', 'US', 'GB', 'IT'];
const cityPool = ['München', 'Paris', 'Wien', 'Lyon', 'Köln'];
const regionPool = ['Bayern', 'Île-de-France', 'Tirol'];
const industryPool = ['Software', 'Retail', 'Banking'];
const postalPool = ['75*', '8*', '10000-14999', '80331', '1*'];

const subset = (pool: string[]) => fc.subarray(pool, { maxLength: 2 });
const arbTerritories = fc
  .array(
    fc.record({
      name: fc.constantFrom('A', 'B', 'C', 'D'),
      parent: fc.option(fc.nat(20), { nil: null }),
      inactive: fc.boolean(),
      countries: subset(countryPool),
      regions: subset(regionPool),
      cities: subset(cityPool),
      postalCodes: subset(postalPool),
      industries: subset(industryPool),
    }),
    { maxLength: 12 },
  )
  .map((rows) =>
    rows.map(
      (r, i): TerritoryDef => ({
        id: `00000000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
        name: r.name,
        // Parents only among earlier rows: a forest, as the entry keeps it.
        parentId:
          r.parent !== null && r.parent < i
            ? `00000000-0000-7000-8000-${String(r.parent + 1).padStart(12, '0')}`
            : null,
        inactive: r.inactive,
        countries: r.countries,
        regions: r.regions,
        cities: r.cities,
        postalCodes: r.postalCodes,
        industries: r.industries,
      }),
    ),
  );
const arbLocation = fc.record({
  country: fc.option(fc.constantFrom(...countryPool, 'Germany', 'france', 'Österreich'), { nil: null }),
  region: fc.option(fc.constantFrom(...regionPool, 'bayern', 'ILE DE FRANCE'), { nil: null }),
  city: fc.option(fc.constantFrom(...cityPool, 'MUNCHEN', 'muenchen', ' paris '), { nil: null }),
  postalCode: fc.option(fc.constantFrom('75008', '80331', '12345', '81371', '99999', '1'), { nil: null }),
  industry: fc.option(fc.constantFrom(...industryPool, 'software'), { nil: null }),
});

/** The rule, written the slow and obvious way: every territory checked with its whole ancestry. */
function reference(defs: TerritoryDef[], loc: RecordLocation): string | null {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const single = (d: TerritoryDef) => compileTerritories([{ ...d, parentId: null, inactive: false }]);
  const matchesOwn = (d: TerritoryDef) => kindOf(d) === 'none' || single(d).match(loc) === d.id;
  const chain = (d: TerritoryDef) => {
    const out = [d];
    for (let p = d.parentId ? byId.get(d.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined)
      out.push(p);
    return out;
  };
  const candidates = defs
    .filter((d) => kindOf(d) !== 'none')
    .filter((d) => chain(d).every((a) => !a.inactive && matchesOwn(a)))
    .map((d) => ({ d, depth: chain(d).length - 1 }));
  const rank = { none: 0, industry: 1, country: 2, region: 3, city: 4, postalCode: 5 };
  candidates.sort(
    (a, b) =>
      b.depth - a.depth ||
      rank[kindOf(b.d)] - rank[kindOf(a.d)] ||
      (a.d.name < b.d.name ? -1 : a.d.name > b.d.name ? 1 : a.d.id < b.d.id ? -1 : 1),
  );
  return candidates[0]?.d.id ?? null;
}

describe('matching, as properties', () => {
  it('agrees with the rule written the obvious way', () => {
    fc.assert(
      fc.property(arbTerritories, arbLocation, (defs, loc) => {
        expect(compileTerritories(defs).match(loc)).toBe(reference(defs, loc));
      }),
      { numRuns: 400 },
    );
  });

  it('does not depend on the order of the territories', () => {
    fc.assert(
      fc.property(
        arbTerritories.chain((defs) =>
          fc.tuple(fc.constant(defs), fc.shuffledSubarray(defs, { minLength: defs.length })),
        ),
        arbLocation,
        ([defs, shuffled], loc) => {
          expect(compileTerritories(shuffled).match(loc)).toBe(compileTerritories(defs).match(loc));
        },
      ),
    );
  });

  it('ignores case, accents and spacing of the record’s values', () => {
    const variants = (s: string) =>
      fc.constantFrom(s, s.toUpperCase(), s.toLowerCase(), `  ${s} `, s.normalize('NFD'), s.replace(/ /g, '  '));
    fc.assert(
      fc.property(
        arbTerritories,
        arbLocation.chain((loc) =>
          fc.tuple(
            fc.constant(loc),
            fc.record({
              country: loc.country ? variants(loc.country) : fc.constant(null),
              region: loc.region ? variants(loc.region) : fc.constant(null),
              city: loc.city ? variants(loc.city) : fc.constant(null),
              postalCode: loc.postalCode ? variants(loc.postalCode) : fc.constant(null),
              industry: loc.industry ? variants(loc.industry) : fc.constant(null),
            }),
          ),
        ),
        (defs, [loc, variant]) => {
          const m = compileTerritories(defs);
          expect(m.match(variant)).toBe(m.match(loc));
        },
      ),
    );
  });

  it('only ever answers with an active territory whose ancestors are all active', () => {
    fc.assert(
      fc.property(arbTerritories, arbLocation, (defs, loc) => {
        const id = compileTerritories(defs).match(loc);
        const byId = new Map(defs.map((d) => [d.id, d]));
        for (let d = id ? byId.get(id) : undefined; d; d = d.parentId ? byId.get(d.parentId) : undefined)
          expect(d.inactive).toBe(false);
      }),
    );
  });

  it('never throws on any text, and a postal pattern it accepts matches a code it names', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        compileTerritories([territory({ name: 'x', countries: [a], cities: [a], postalCodes: [a] })]).match({
          country: b,
          city: b,
          postalCode: b,
        });
        const p = parsePostalPattern(a);
        if (typeof p !== 'string' && p.kind !== 'range') expect(postalMatches(p, p.value)).toBe(true);
        if (typeof p !== 'string' && p.kind === 'range') expect(postalMatches(p, p.from)).toBe(true);
      }),
    );
  });
});

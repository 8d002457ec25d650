// narrowRole: an API key never does more than its own role or its maker's current role allows.

import { type RecordScope, recordScopes } from '@kith/common';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { narrowerScope, narrowRole, type RoleInfo } from './permissions.ts';

const perm = fc.record({
  create: fc.boolean(),
  read: fc.boolean(),
  update: fc.boolean(),
  delete: fc.boolean(),
  export: fc.boolean(),
  scope: fc.constantFrom('own' as const, 'team' as const, 'territory' as const, 'all' as const),
});
const role = fc.record({
  id: fc.uuid(),
  key: fc.string(),
  name: fc.string(),
  isAdmin: fc.boolean(),
  permissions: fc.dictionary(fc.constantFrom('contact', 'company', 'deal'), perm),
});
// What each scope reaches, over the kinds of record that tell them apart: one's own, a teammate's,
// one in the reader's territory, a teammate's in it, another's elsewhere. Scopes are not nested.
const kinds = ['own', 'mate', 'placed', 'matePlaced', 'stranger'] as const;
const reach: Record<RecordScope, Set<string>> = {
  own: new Set(['own']),
  team: new Set(['own', 'mate', 'matePlaced']),
  territory: new Set(['own', 'placed', 'matePlaced']),
  all: new Set(kinds),
};
const within = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));
const all = { create: true, read: true, update: true, delete: true, export: true, scope: 'all' as const };
const none = { create: false, read: false, update: false, delete: false, export: false, scope: 'own' as const };
const effective = (r: RoleInfo, o: string) => (r.isAdmin ? all : (r.permissions[o] ?? none));

describe('narrowRole', () => {
  it('allows an action only when both the key’s role and the maker’s role allow it, in the narrower scope', () => {
    fc.assert(
      fc.property(role, role, (key, maker) => {
        const n = narrowRole(key, maker);
        expect(n.isAdmin).toBe(key.isAdmin && maker.isAdmin);
        for (const o of ['contact', 'company', 'deal', 'ticket']) {
          const [k, m, got] = [effective(key, o), effective(maker, o), effective(n, o)];
          for (const a of ['create', 'read', 'update', 'delete', 'export'] as const) expect(got[a]).toBe(k[a] && m[a]);
          if (!got.read) continue;
          // Within what both reach, and the widest scope that is.
          const both = new Set([...reach[k.scope]].filter((x) => reach[m.scope].has(x)));
          expect(within(reach[got.scope], both)).toBe(true);
          for (const s of recordScopes)
            if (within(reach[s], both)) expect(within(reach[s], reach[got.scope]), `${s} fits too`).toBe(true);
        }
      }),
    );
  });
});

describe('narrowerScope', () => {
  it('gives own for team and territory, which neither contains the other', () => {
    expect(narrowerScope('team', 'territory')).toBe('own');
    expect(narrowerScope('territory', 'team')).toBe('own');
    expect(narrowerScope('territory', 'all')).toBe('territory');
    expect(narrowerScope('all', 'territory')).toBe('territory');
    expect(narrowerScope('territory', 'own')).toBe('own');
  });
});

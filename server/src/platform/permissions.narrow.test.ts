// narrowRole: an API key never does more than its own role or its maker's current role allows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { narrowRole, type RoleInfo } from './permissions.ts';

const perm = fc.record({
  create: fc.boolean(),
  read: fc.boolean(),
  update: fc.boolean(),
  delete: fc.boolean(),
  export: fc.boolean(),
  scope: fc.constantFrom('own' as const, 'team' as const, 'all' as const),
});
const role = fc.record({
  id: fc.uuid(),
  key: fc.string(),
  name: fc.string(),
  isAdmin: fc.boolean(),
  permissions: fc.dictionary(fc.constantFrom('contact', 'company', 'deal'), perm),
});
const scopes = ['own', 'team', 'all'];
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
          if (got.read)
            expect(scopes.indexOf(got.scope)).toBe(Math.min(scopes.indexOf(k.scope), scopes.indexOf(m.scope)));
        }
      }),
    );
  });
});

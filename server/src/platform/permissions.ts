// Roles and what they allow. A role holds per-object permissions with a record scope;
// admins bypass all of it. Enforced in the records path for every route, list and search.
import type { ObjectAction, ObjectPermission, RecordScope } from '@kith/common';
import { type Sql, sql } from '../db/sql.ts';
import type { Principal } from './context.ts';
import { forbidden } from './errors.ts';

export interface RoleInfo {
  id: string;
  key: string;
  name: string;
  isAdmin: boolean;
  permissions: Record<string, ObjectPermission>;
}

const all = (scope: ObjectPermission['scope'] = 'all'): ObjectPermission => ({
  create: true,
  read: true,
  update: true,
  delete: true,
  export: true,
  scope,
});
const none: ObjectPermission = {
  create: false,
  read: false,
  update: false,
  delete: false,
  export: false,
  scope: 'own',
};

/**
 * The built-in roles. Admins may add their own; these are re-asserted at every start, with what
 * each registry entry's `access` gives them (no object is listed here).
 */
export const builtinRoles: Array<{ key: string; name: string; description: string; isAdmin: boolean }> = [
  { key: 'admin', name: 'Admin', description: 'Everything, including users, roles and settings.', isAdmin: true },
  {
    key: 'sales_manager',
    name: 'Sales manager',
    description: 'All customer records; can export and delete.',
    isAdmin: false,
  },
  { key: 'sales_rep', name: 'Sales rep', description: 'Records owned by their team; no export.', isAdmin: false },
  {
    key: 'support_agent',
    name: 'Support agent',
    description: 'Reads and updates every customer; no delete or export.',
    isAdmin: false,
  },
  {
    key: 'marketing',
    name: 'Marketing',
    description: 'Every customer record; can export, cannot delete.',
    isAdmin: false,
  },
  { key: 'read_only', name: 'Read-only', description: 'Sees every record, changes nothing.', isAdmin: false },
];

/** What a built-in role may do with each object, as the entries declare it (admins: everything). */
export function builtinRolePermissions(
  roleKey: string,
  objects: ReadonlyArray<{ name: string; access: Partial<Record<string, ObjectPermission>> }>,
): Record<string, ObjectPermission> {
  if (roleKey === 'admin') return {};
  const permissions: Record<string, ObjectPermission> = {};
  for (const o of objects) {
    const p = o.access[roleKey];
    if (p) permissions[o.name] = { ...p };
  }
  return permissions;
}

export function permissionFor(p: Principal, objectName: string): ObjectPermission {
  if (p.role.isAdmin || p.kind === 'system') return all();
  return p.role.permissions[objectName] ?? none;
}

const actions = ['create', 'read', 'update', 'delete', 'export'] as const;

/**
 * The records both scopes reach. Scopes are not nested: own lies within every other, every one
 * within all, but team and a module's scope (a territory) are each wider in some places — what
 * both reach for certain is the reader's own records.
 */
export function narrowerScope(a: RecordScope, b: RecordScope): RecordScope {
  if (a === b || b === 'all') return a;
  if (a === 'all') return b;
  return 'own';
}

/** What both allow: each action only if both allow it, in the scope both reach. */
function bothAllow(a: ObjectPermission, b: ObjectPermission): ObjectPermission {
  const both = { scope: narrowerScope(a.scope, b.scope) } as ObjectPermission;
  for (const action of actions) both[action] = a[action] && b[action];
  return both;
}

/**
 * The rights of an API key: its own role, never more than its maker's current role allows. A key
 * made by an admin who was later demoted acts as the demoted maker at most (and cannot promote them back).
 */
export function narrowRole(keyRole: RoleInfo, makerRole: RoleInfo): RoleInfo {
  if (makerRole.isAdmin) return keyRole;
  if (keyRole.isAdmin)
    return { ...makerRole, id: keyRole.id, key: keyRole.key, name: `${keyRole.name}, limited to ${makerRole.name}` };
  const objects = new Set([...Object.keys(keyRole.permissions), ...Object.keys(makerRole.permissions)]);
  const permissions: Record<string, ObjectPermission> = {};
  for (const o of objects) permissions[o] = bothAllow(keyRole.permissions[o] ?? none, makerRole.permissions[o] ?? none);
  return { ...keyRole, isAdmin: false, permissions };
}

export function assertCan(
  p: Principal,
  objectName: string,
  action: ObjectAction,
  label = objectName,
): ObjectPermission {
  const perm = permissionFor(p, objectName);
  if (!perm[action]) throw forbidden(`Your role (${p.role.name}) may not ${action} ${label} records`);
  return perm;
}

export function assertAdmin(p: Principal): void {
  if (!p.role.isAdmin) throw forbidden('Only admins may do this');
}

/**
 * The SQL condition limiting rows to what the principal's scope lets them see. `marks`: the
 * columns marking the rows for a module's scope (record-scopes.ts `markColumns`); in such a scope
 * a row is seen when its mark is one of the principal's, or when it is their own. Where the entry
 * has no such column, a module's scope means 'team'.
 */
export function scopeCondition(
  p: Principal,
  perm: ObjectPermission,
  ownerColumn: Sql | null,
  marks: Partial<Record<string, Sql>> = {},
): Sql | null {
  if (perm.scope === 'all') return null;
  const mark = perm.scope === 'own' || perm.scope === 'team' ? undefined : marks[perm.scope];
  if (mark) {
    const marked = sql`${mark} = ANY(${p.marks[perm.scope] ?? []}::uuid[])`;
    return ownerColumn ? sql`(${marked} OR ${ownerColumn} = ${p.userId})` : marked;
  }
  if (!ownerColumn) return null;
  if (perm.scope === 'own') return sql`${ownerColumn} = ${p.userId}`;
  return sql`${ownerColumn} = ANY(${p.teamUserIds}::uuid[])`;
}

/**
 * Whether a row with this owner is within the principal's scope: scopeCondition for one row in
 * memory (live updates, the owner a write may assign). `marks`: the row's marks, by scope key,
 * for the scopes whose field its entry has (absent: a module's scope means 'team', as above).
 */
export function inScope(
  p: Principal,
  perm: ObjectPermission,
  ownerId: string | null,
  marks: Partial<Record<string, string | null>> = {},
): boolean {
  if (perm.scope === 'all') return true;
  if (perm.scope !== 'own' && perm.scope !== 'team' && perm.scope in marks) {
    const mark = marks[perm.scope];
    return (!!mark && (p.marks[perm.scope] ?? []).includes(mark)) || (!!ownerId && ownerId === p.userId);
  }
  if (!ownerId) return false;
  if (perm.scope === 'own') return ownerId === p.userId;
  return p.teamUserIds.includes(ownerId);
}

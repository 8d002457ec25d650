// Roles and what they allow. A role holds per-object permissions with a record scope;
// admins bypass all of it. Enforced in the records path for every route, list and search.
import type { ObjectAction, ObjectPermission } from '@kith/common';
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

const scopes: ObjectPermission['scope'][] = ['own', 'team', 'all'];
const actions = ['create', 'read', 'update', 'delete', 'export'] as const;

/** What both allow: each action only if both allow it, in the narrower of the two scopes. */
function bothAllow(a: ObjectPermission, b: ObjectPermission): ObjectPermission {
  const both = { scope: scopes[Math.min(scopes.indexOf(a.scope), scopes.indexOf(b.scope))] } as ObjectPermission;
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

/** The SQL condition limiting rows to what the principal's scope lets them see. */
export function scopeCondition(p: Principal, perm: ObjectPermission, ownerColumn: Sql | null): Sql | null {
  if (perm.scope === 'all' || !ownerColumn) return null;
  if (perm.scope === 'own') return sql`${ownerColumn} = ${p.userId}`;
  return sql`${ownerColumn} = ANY(${p.teamUserIds}::uuid[])`;
}

export function inScope(p: Principal, perm: ObjectPermission, ownerId: string | null): boolean {
  if (perm.scope === 'all') return true;
  if (!ownerId) return false;
  if (perm.scope === 'own') return ownerId === p.userId;
  return p.teamUserIds.includes(ownerId);
}

// One fetcher + query options per settings endpoint: account, users, invitations, roles, teams, API keys.
import type { ObjectPermission } from '@kith/common';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';

export interface Me {
  id: string;
  email: string;
  name: string;
  timeZone: string;
  locale: string;
  avatarUrl: string | null;
  role?: { id?: string; key: string; name: string; isAdmin: boolean };
}

export interface SessionInfo {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  current: boolean;
}

export interface UserDetail {
  id: string;
  email: string;
  name: string;
  isActive: boolean;
  timeZone?: string;
  avatarUrl?: string | null;
  role?: { id?: string; key: string; name: string; isAdmin?: boolean } | null;
  teams?: Array<{ id: string; name: string }>;
  lastLoginAt?: string | null;
  createdAt?: string;
}

export interface Invitation {
  id: string;
  email: string;
  name?: string | null;
  role?: { id: string; name: string } | null;
  roleId?: string;
  invitedBy?: { id: string; title: string } | null;
  createdAt: string;
  expiresAt?: string | null;
}

export type Permission = ObjectPermission;

export interface Role {
  id: string;
  key: string;
  name: string;
  description: string;
  isBuiltin: boolean;
  isAdmin: boolean;
  permissions: Record<string, Permission>;
  userCount?: number;
}

export interface Team {
  id: string;
  name: string;
  managerId?: string | null;
  manager?: { id: string; title?: string; name?: string } | null;
  memberIds?: string[];
  members?: Array<{ id: string; title?: string; name?: string }>;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix?: string;
  role?: { id: string; name: string } | null;
  roleId?: string;
  createdBy?: { id: string; title?: string; name?: string } | null;
  createdAt: string;
  lastUsedAt?: string | null;
}

const list =
  <T>(path: string, query?: Record<string, string>) =>
  () =>
    api.get<{ data: T[] }>(path, query).then((r) => r.data);

export const meQuery = queryOptions({ queryKey: ['me'], queryFn: () => api.get<Me>('/me'), retry: false });
export const sessionsQuery = queryOptions({
  queryKey: ['me', 'sessions'],
  queryFn: list<SessionInfo>('/me/sessions'),
  retry: false,
});
export const allUsersQuery = queryOptions({
  queryKey: ['users', 'all'],
  queryFn: list<UserDetail>('/users', { includeInactive: 'true' }),
  retry: false,
});
export const invitationsQuery = queryOptions({
  queryKey: ['invitations'],
  queryFn: list<Invitation>('/invitations'),
  retry: false,
});
export const rolesQuery = queryOptions({
  queryKey: ['roles'],
  queryFn: list<Role>('/roles'),
  retry: false,
  staleTime: 60_000,
});
export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: list<Team>('/teams'),
  retry: false,
  staleTime: 60_000,
});
export const apiKeysQuery = queryOptions({ queryKey: ['api-keys'], queryFn: list<ApiKey>('/api-keys'), retry: false });

export function managerIdOf(t: Team): string | null {
  return t.managerId ?? t.manager?.id ?? null;
}

/** A person reference's display name: `{id,title}` or `{id,name}`. */
export function refName(r: { title?: string | null; name?: string | null } | null | undefined): string | null {
  return r?.title ?? r?.name ?? null;
}

/** Team member ids, whichever shape the server sends. */
export function memberIdsOf(t: Team): string[] {
  return t.memberIds ?? t.members?.map((m) => m.id) ?? [];
}

export function describeAgent(ua: string | null | undefined): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : /curl|node|python|axios/i.test(ua)
              ? 'API client'
              : 'Browser';
  const os = /iPhone|iPad/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Mac OS X|Macintosh/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

// One fetcher + query options per settings endpoint: account, users, invitations, roles, teams, API keys.
// The types are the API's own contracts (@kith/common/api), not copies.
import type { ApiKey } from '@kith/common/api/api-keys';
import type { SignedInUser } from '@kith/common/api/auth';
import type { Invitation } from '@kith/common/api/invitations';
import type { SessionInfo } from '@kith/common/api/profile';
import type { Role } from '@kith/common/api/roles';
import type { Team } from '@kith/common/api/teams';
import type { UserSummary } from '@kith/common/api/users';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';

const list =
  <T>(path: string, query?: Record<string, string>) =>
  () =>
    api.get<{ data: T[] }>(path, query).then((r) => r.data);

export const meQuery = queryOptions({ queryKey: ['me'], queryFn: () => api.get<SignedInUser>('/me'), retry: false });
export const sessionsQuery = queryOptions({
  queryKey: ['me', 'sessions'],
  queryFn: list<SessionInfo>('/me/sessions'),
  retry: false,
});
export const allUsersQuery = queryOptions({
  queryKey: ['users', 'all'],
  queryFn: list<UserSummary>('/users', { includeInactive: 'true' }),
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

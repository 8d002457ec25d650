// People who can own records: GET /users, for owner pickers and bulk "assign owner".
import type { UserSummary } from '@kith/common/api/users';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api';

export const usersQuery = queryOptions({
  queryKey: ['users'],
  queryFn: () => api.get<{ data: UserSummary[] }>('/users').then((r) => r.data),
  staleTime: 5 * 60_000,
  retry: false,
});

export function useUsers() {
  return useQuery(usersQuery);
}

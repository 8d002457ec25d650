// People who can own records: GET /users, for owner pickers and bulk "assign owner".
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api';

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role?: { key: string; name: string; isAdmin?: boolean } | string | null;
  isActive?: boolean;
  lastLoginAt?: string | null;
  createdAt?: string;
}

export const usersQuery = queryOptions({
  queryKey: ['users'],
  queryFn: () => api.get<{ data: UserSummary[] }>('/users').then((r) => r.data),
  staleTime: 5 * 60_000,
  retry: false,
});

export function useUsers() {
  return useQuery(usersQuery);
}

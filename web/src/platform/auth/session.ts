// Who is signed in: GET /auth/me, cached by react-query under ['session'].
import type { LoginInput, Session, SetupInput, SetupStatus } from '@kith/common/api/auth';
import type { InvitationAccept } from '@kith/common/api/invitations';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, request, setCsrfToken } from '../api';

export async function fetchSession(): Promise<Session | null> {
  try {
    const s = await request<Session>('/auth/me', { allow401: true });
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
    throw e;
  }
}

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: fetchSession,
  staleTime: 5 * 60_000,
  retry: false,
});

export function useSession() {
  return useQuery(sessionQuery);
}

/** The signed-in session; only call below <RequireAuth>. */
export function useCurrentSession(): Session {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentSession outside of a signed-in area');
  return data;
}

export const setupQuery = queryOptions({
  queryKey: ['setup'],
  queryFn: async () => {
    try {
      return await request<SetupStatus>('/setup', { allow401: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return { needsSetup: false };
      throw e;
    }
  },
  staleTime: 30_000,
  retry: false,
});

/** The three ways in, each answering with a session. */
interface SignInBodies {
  '/auth/login': LoginInput;
  '/setup': SetupInput;
  '/invitations/accept': InvitationAccept;
}

export function useSignIn() {
  const qc = useQueryClient();
  return async <P extends keyof SignInBodies>(path: P, body: SignInBodies[P]) => {
    const s = await request<Session>(path, { method: 'POST', body, allow401: true });
    setCsrfToken(s.csrfToken);
    qc.setQueryData(['setup'], { needsSetup: false });
    qc.setQueryData(['session'], s);
    return s;
  };
}

export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    try {
      await api.post('/auth/logout');
    } catch {
      // Signing out of a session that is already gone is fine.
    }
    setCsrfToken(null);
    qc.clear();
    window.location.assign('/login');
  };
}

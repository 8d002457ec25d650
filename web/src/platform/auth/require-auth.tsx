import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState } from '../ui/error-state';
import { setupQuery, useSession } from './session';

export function FullPageLoader() {
  return (
    <Center h="100dvh">
      <Loader size="sm" />
    </Center>
  );
}

/** Renders children for a signed-in user; otherwise sends them to /setup or /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const setup = useQuery({ ...setupQuery, enabled: session.isSuccess && session.data === null });

  if (session.isPending) return <FullPageLoader />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => session.refetch()} />;
  if (session.data) return <>{children}</>;
  if (setup.isPending) return <FullPageLoader />;
  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  const next = location.pathname + location.search;
  return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
}

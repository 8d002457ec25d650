import { Button } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { Link, Navigate, useRouteError } from 'react-router';
import { FullPageLoader } from '../platform/auth/require-auth';
import { usePages } from '../platform/extensions';
import { useObjects } from '../platform/meta/objects';
import { listPath } from '../platform/meta/paths';
import { EmptyState } from '../platform/ui/empty-state';
import { ErrorState } from '../platform/ui/error-state';

export function HomeRedirect() {
  const objects = useObjects();
  const pages = usePages();
  if (pages.length) return <Navigate to={`/${pages[0].id}`} replace />;
  if (objects.isPending) return <FullPageLoader />;
  const first = objects.data?.find((o) => o.plural === 'contacts') ?? objects.data?.[0];
  return <Navigate to={first ? listPath(first.plural) : '/settings/profile'} replace />;
}

export function NotFoundPage() {
  return (
    <EmptyState
      icon={<IconMapPinOff size={22} />}
      title="Page not found"
      description="The page you are looking for does not exist or was moved."
      action={
        <Button component={Link} to="/" variant="default" size="xs">
          Go home
        </Button>
      }
    />
  );
}

export function RouteError() {
  const error = useRouteError();
  return <ErrorState error={error} onRetry={() => window.location.reload()} />;
}

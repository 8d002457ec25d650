// /{plural}/… — an object's pages at its plural (from /meta/objects), and the old /o/{plural}/…
// links sent there. A first segment that names no object the user may read is not found.
import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useParams } from 'react-router';
import { useObjects } from '../meta/objects';
import { ErrorState } from '../ui/error-state';

/** Renders the object's page when `:plural` is an object's plural, else `notFound`. */
export function ObjectRoute({ notFound }: { notFound: ReactNode }) {
  const { plural } = useParams();
  const objects = useObjects();
  if (objects.isPending)
    return (
      <Center py={80}>
        <Loader size="sm" />
      </Center>
    );
  if (objects.isError) return <ErrorState error={objects.error} onRetry={() => void objects.refetch()} />;
  return objects.data.some((o) => o.plural === plural) ? <Outlet /> : notFound;
}

/** /o/contacts/123?tab=x → /contacts/123?tab=x: links made before the short form keep working. */
export function LegacyObjectRedirect() {
  const rest = useParams()['*'] ?? '';
  const { search, hash } = useLocation();
  return <Navigate to={`/${rest}${search}${hash}`} replace />;
}

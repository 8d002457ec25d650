import { Box, Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isNotFound } from '../../platform/api';
import { EmptyState } from '../../platform/ui/empty-state';
import { ErrorState } from '../../platform/ui/error-state';
import { PageHeader } from '../../platform/ui/page-header';

/** Frame of a settings page; shows loading, a calm empty state when the endpoint is not there (404), or the error. */
export function SettingsPage<T>({
  title,
  subtitle,
  icon,
  query,
  children,
}: {
  title: string;
  subtitle?: string;
  icon?: ReactNode;
  query?: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  let body: ReactNode;
  if (!query) body = children(undefined as T);
  else if (query.isPending) body = <Center py={60}><Loader size="sm" /></Center>;
  else if (query.isError)
    body = isNotFound(query.error) ? (
      <EmptyState title="Not available yet" description="This server does not offer this page yet." />
    ) : query.error && 'status' in query.error && (query.error as { status: number }).status === 403 ? (
      <EmptyState title="No access" description="Ask an administrator for access to this page." />
    ) : (
      <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    );
  else body = children(query.data);

  return (
    <Box p={{ base: 'md', sm: 'xl' }} maw={1100}>
      <PageHeader title={title} subtitle={subtitle} icon={icon} />
      {body}
    </Box>
  );
}

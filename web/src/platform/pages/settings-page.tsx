import { Box, Center, Loader } from '@mantine/core';
import { IconLock, IconPlugConnectedX } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isNotFound } from '../api';
import { useCurrentSession } from '../auth/session';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-state';
import { PageHeader } from '../ui/page-header';

/** Frame of a settings page; shows loading, a calm empty state when the endpoint is not there (404), or the error. */
export function SettingsPage<T>({
  title,
  subtitle,
  icon,
  query,
  actions,
  adminOnly = false,
  children,
}: {
  title: string;
  subtitle?: string;
  icon?: ReactNode;
  query?: UseQueryResult<T>;
  /** Buttons on the right of the title. */
  actions?: ReactNode;
  /** Only administrators see the page; others get a calm "no access". */
  adminOnly?: boolean;
  children: (data: T) => ReactNode;
}) {
  const { user } = useCurrentSession();
  let body: ReactNode;
  if (adminOnly && !user.role?.isAdmin)
    body = (
      <EmptyState
        icon={<IconLock size={22} />}
        title="Administrators only"
        description="Ask an administrator of your organization for access to this page."
      />
    );
  else if (!query) body = children(undefined as T);
  else if (query.isPending)
    body = (
      <Center py={60}>
        <Loader size="sm" />
      </Center>
    );
  else if (query.isError)
    body = isNotFound(query.error) ? (
      <EmptyState
        icon={<IconPlugConnectedX size={22} />}
        title="Not available yet"
        description="This server does not offer this page yet. Update Kith, then reload."
      />
    ) : query.error && 'status' in query.error && (query.error as { status: number }).status === 403 ? (
      <EmptyState title="No access" description="Ask an administrator for access to this page." />
    ) : (
      <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    );
  else body = children(query.data);

  return (
    <Box p={{ base: 'md', sm: 'xl' }} maw={1100}>
      <PageHeader
        title={title}
        subtitle={subtitle}
        icon={icon}
        actions={adminOnly && !user.role?.isAdmin ? undefined : actions}
      />
      {body}
    </Box>
  );
}

// The menu's count of requests waiting for the reader's decision; nothing when none.
import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { approvalsCountQuery } from './approvals-api';

export function ApprovalsBadge() {
  const q = useQuery(approvalsCountQuery);
  const n = q.data?.pending ?? 0;
  if (!n) return null;
  return (
    <Badge size="sm" color="red" variant="filled" circle={n < 10} data-testid="approvals-count">
      {n > 99 ? '99+' : n}
    </Badge>
  );
}

// What the home page asks for: the person's open tasks by due date (overdue, today, upcoming),
// today's meetings on their calendar and their latest mentions — each through the public API.

import type { FilterGroup } from '@kith/common';
import type { Occurrence } from '@kith/common/api/calendar';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import type { RecordPage } from '../../platform/records/records-api';
import type { NotificationsPage } from '../notifications/notifications-api';

export type TaskBucket = 'overdue' | 'today' | 'upcoming';

/** Local midnight today and tomorrow, as instants. */
export function dayBounds(now = new Date()) {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { start: start.toISOString(), end: end.toISOString() };
}

export const openStatuses = ['todo', 'inProgress', 'waiting'];

export function taskFilter(me: string, bucket: TaskBucket, now = new Date()): FilterGroup {
  const { start, end } = dayBounds(now);
  const due =
    bucket === 'overdue'
      ? [{ field: 'dueAt', cmp: 'lt' as const, value: start }]
      : bucket === 'today'
        ? [
            { field: 'dueAt', cmp: 'gte' as const, value: start },
            { field: 'dueAt', cmp: 'lt' as const, value: end },
          ]
        : [{ field: 'dueAt', cmp: 'gte' as const, value: end }];
  return {
    op: 'and',
    conditions: [
      { field: 'assigneeId', cmp: 'eq', value: me },
      { field: 'status', cmp: 'in', value: openStatuses },
      ...due,
    ],
  };
}

export const myTasksQuery = (me: string, bucket: TaskBucket) =>
  queryOptions({
    queryKey: ['records', 'tasks', 'list', 'home', me, bucket, dayBounds().start],
    queryFn: ({ signal }) =>
      api.get<RecordPage>(
        '/tasks',
        { limit: 50, sort: 'dueAt', filter: JSON.stringify(taskFilter(me, bucket)) },
        signal,
      ),
  });

export const todaysMeetingsQuery = () => {
  const { start, end } = dayBounds();
  return queryOptions({
    queryKey: ['records', 'events', 'list', 'home', start],
    queryFn: ({ signal }) =>
      api
        .get<{ data: Occurrence[] }>('/calendar/occurrences', { start, end }, signal)
        .then((r) => r.data.filter((o) => o.status !== 'cancelled')),
  });
};

export const mentionsQuery = queryOptions({
  queryKey: ['notifications', 'list', 'mentions'],
  queryFn: ({ signal }) => api.get<NotificationsPage>('/notifications', { kind: 'mention', limit: 5 }, signal),
});

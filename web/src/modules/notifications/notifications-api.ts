// The caller's notifications: GET /notifications (pages with the unread count), marking read, preferences.
import type {
  MarkReadInput,
  Notification,
  NotificationPreferences,
  notificationPreferencesPatch,
} from '@kith/common/api/notifications';
import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../platform/api';

export type NotificationsPage = { data: Notification[]; nextCursor: string | null; unreadCount: number };

export const notificationKeys = { all: ['notifications'] as const, preferences: ['notifications', 'preferences'] };

export const notificationsQuery = infiniteQueryOptions({
  queryKey: [...notificationKeys.all, 'list'],
  initialPageParam: null as string | null,
  queryFn: ({ pageParam, signal }) =>
    api.get<NotificationsPage>('/notifications', { limit: 20, cursor: pageParam }, signal),
  getNextPageParam: (last) => last.nextCursor,
});

export const preferencesQuery = queryOptions({
  queryKey: notificationKeys.preferences,
  queryFn: () => api.get<NotificationPreferences>('/notifications/preferences'),
});

export const notificationsApi = {
  markRead: (input: MarkReadInput) => api.post<{ unreadCount: number }>('/notifications/read', input),
  updatePreferences: (patch: z.input<typeof notificationPreferencesPatch>) =>
    api.patch<NotificationPreferences>('/notifications/preferences', patch),
};

export const refreshNotifications = (qc: QueryClient) =>
  qc.invalidateQueries({ queryKey: [...notificationKeys.all, 'list'] });

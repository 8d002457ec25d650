// Notifications: the header's bell (app-layout) and Settings → Notifications.
import { IconBell } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { NotificationSettingsPage } from './notification-settings-page';

export const notificationsModule: WebModule = {
  name: 'notifications',
  settingsPages: [{ id: 'notifications', label: 'Notifications', icon: IconBell, component: NotificationSettingsPage }],
};

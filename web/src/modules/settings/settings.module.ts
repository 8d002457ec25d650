// The settings module: the pages under /settings that run the organisation (people, roles, keys,
// the data model) and look into it (audit log, outbox), through the web contract's settingsPages.
import {
  IconClipboardList,
  IconDatabase,
  IconKey,
  IconMailForward,
  IconShieldLock,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { ApiKeysPage } from './api-keys-page';
import { AuditLogPage } from './audit-log-page';
import { DataModelPage } from './data-model-page';
import { OutboxPage } from './outbox-page';
import { ProfilePage } from './profile-page';
import { RolesPage } from './roles-page';
import { TeamsPage } from './teams-page';
import { UsersPage } from './users-page';

export const settingsModule: WebModule = {
  name: 'settings',
  settingsPages: [
    { id: 'profile', label: 'Profile', icon: IconUserCircle, component: ProfilePage },
    { id: 'users', label: 'Users', icon: IconUsers, adminOnly: true, component: UsersPage },
    { id: 'teams', label: 'Teams', icon: IconUsersGroup, adminOnly: true, component: TeamsPage },
    { id: 'roles', label: 'Roles', icon: IconShieldLock, adminOnly: true, component: RolesPage },
    { id: 'api-keys', label: 'API keys', icon: IconKey, adminOnly: true, component: ApiKeysPage },
    {
      id: 'data-model',
      label: 'Data model',
      icon: IconDatabase,
      adminOnly: true,
      component: DataModelPage,
      subPaths: [':object'],
    },
  ],
};

/** The organisation's records of what happened: after the modules' own pages in the menu. */
export const settingsLogsModule: WebModule = {
  name: 'settings-logs',
  settingsPages: [
    { id: 'audit', label: 'Audit log', icon: IconClipboardList, adminOnly: true, component: AuditLogPage },
    { id: 'outbox', label: 'Outbox', icon: IconMailForward, adminOnly: true, component: OutboxPage },
  ],
};

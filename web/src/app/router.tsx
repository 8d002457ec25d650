import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../modules/auth/login-page';
import { SetupPage } from '../modules/auth/setup-page';
import { AuditLogPage } from '../modules/settings/audit-log-page';
import { OutboxPage } from '../modules/settings/outbox-page';
import { ProfilePage } from '../modules/settings/profile-page';
import { UsersPage } from '../modules/settings/users-page';
import { RequireAuth } from '../platform/auth/require-auth';
import { ObjectDetailPage } from '../platform/pages/object-detail-page';
import { ObjectListPage } from '../platform/pages/object-list-page';
import { HomeRedirect, NotFoundPage, RouteError } from './misc-pages';
import { AppLayout } from './shell/app-layout';

export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage />, errorElement: <RouteError /> },
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'contacts', element: <Navigate to="/o/contacts" replace /> },
      { path: 'companies', element: <Navigate to="/o/companies" replace /> },
      { path: 'o/:plural', element: <ObjectListPage /> },
      { path: 'o/:plural/new', element: <ObjectListPage creating /> },
      { path: 'o/:plural/:id', element: <ObjectDetailPage /> },
      { path: 'settings', element: <Navigate to="/settings/profile" replace /> },
      { path: 'settings/profile', element: <ProfilePage /> },
      { path: 'settings/users', element: <UsersPage /> },
      { path: 'settings/audit', element: <AuditLogPage /> },
      { path: 'settings/outbox', element: <OutboxPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

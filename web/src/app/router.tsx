import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../modules/auth/login-page';
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage } from '../modules/auth/password-pages';
import { SetupPage } from '../modules/auth/setup-page';
import { ImportPage } from '../modules/imports/import-page';
import { ImportsPage } from '../modules/imports/imports-page';
import { ApiKeysPage } from '../modules/settings/api-keys-page';
import { AuditLogPage } from '../modules/settings/audit-log-page';
import { DataModelPage } from '../modules/settings/data-model-page';
import { OutboxPage } from '../modules/settings/outbox-page';
import { ProfilePage } from '../modules/settings/profile-page';
import { RolesPage } from '../modules/settings/roles-page';
import { TeamsPage } from '../modules/settings/teams-page';
import { UsersPage } from '../modules/settings/users-page';
import { RequireAuth } from '../platform/auth/require-auth';
import { ObjectDetailPage } from '../platform/pages/object-detail-page';
import { ObjectListPage } from '../platform/pages/object-list-page';
import { LegacyObjectRedirect, ObjectRoute } from '../platform/pages/object-routes';
import { HomeRedirect, NotFoundPage, RouteError } from './misc-pages';
import { AppLayout } from './shell/app-layout';

export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage />, errorElement: <RouteError /> },
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/forgot-password', element: <ForgotPasswordPage />, errorElement: <RouteError /> },
  { path: '/reset-password', element: <ResetPasswordPage />, errorElement: <RouteError /> },
  { path: '/accept-invite', element: <AcceptInvitePage />, errorElement: <RouteError /> },
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
      // Every object at its plural; fixed paths (settings…) outrank these, and a plural that is
      // not an object's is not found. The first segments kept for fixed paths: reservedPaths.
      {
        path: ':plural',
        element: <ObjectRoute notFound={<NotFoundPage />} />,
        children: [
          { index: true, element: <ObjectListPage /> },
          { path: 'new', element: <ObjectListPage creating /> },
          { path: 'import', element: <ImportPage /> },
          { path: ':id', element: <ObjectDetailPage /> },
        ],
      },
      { path: 'o/*', element: <LegacyObjectRedirect /> },
      { path: 'settings', element: <Navigate to="/settings/profile" replace /> },
      { path: 'settings/profile', element: <ProfilePage /> },
      { path: 'settings/users', element: <UsersPage /> },
      { path: 'settings/teams', element: <TeamsPage /> },
      { path: 'settings/roles', element: <RolesPage /> },
      { path: 'settings/api-keys', element: <ApiKeysPage /> },
      { path: 'settings/data-model', element: <DataModelPage /> },
      { path: 'settings/data-model/:object', element: <DataModelPage /> },
      { path: 'settings/imports', element: <ImportsPage /> },
      { path: 'settings/audit', element: <AuditLogPage /> },
      { path: 'settings/outbox', element: <OutboxPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

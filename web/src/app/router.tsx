import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../modules/auth/login-page';
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage } from '../modules/auth/password-pages';
import { SetupPage } from '../modules/auth/setup-page';
import { ImportPage } from '../modules/imports/import-page';
import { PublicQuotePage } from '../modules/quotes/public-quote-page';
import { RequireAuth } from '../platform/auth/require-auth';
import { collectExtensions } from '../platform/extensions';
import { ObjectDetailPage } from '../platform/pages/object-detail-page';
import { ObjectListPage } from '../platform/pages/object-list-page';
import { LegacyObjectRedirect, ObjectRoute } from '../platform/pages/object-routes';
import { HomeRedirect, NotFoundPage, RouteError } from './misc-pages';
import { webModules } from './modules';
import { AppLayout } from './shell/app-layout';

const extensions = collectExtensions(webModules);
// The modules' own pages, each at /{id}.
const pageRoutes = extensions.pages.map(({ id, component: Page }) => ({ path: id, element: <Page /> }));
// The modules' settings pages, each at /settings/{id} (and its sub-paths).
const settingsRoutes = extensions.settingsPages.flatMap(({ id, component: Page, subPaths }) =>
  [id, ...(subPaths ?? []).map((sub) => `${id}/${sub}`)].map((path) => ({
    path: `settings/${path}`,
    element: <Page />,
  })),
);

export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage />, errorElement: <RouteError /> },
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/forgot-password', element: <ForgotPasswordPage />, errorElement: <RouteError /> },
  { path: '/reset-password', element: <ResetPasswordPage />, errorElement: <RouteError /> },
  { path: '/accept-invite', element: <AcceptInvitePage />, errorElement: <RouteError /> },
  // A customer's quote through its signed link: no sign-in, none of the app's chrome.
  { path: '/q/:token', element: <PublicQuotePage />, errorElement: <RouteError /> },
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
      ...pageRoutes,
      ...settingsRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

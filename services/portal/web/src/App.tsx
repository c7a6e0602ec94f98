import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation, useRouteError } from 'react-router-dom';
import { useSession } from './api/client';
import { ErrorState, Loading, NotFound } from './components/States';
import { Forbidden } from './components/Forbidden';
import { Shell } from './layout/Shell';
import { CaseloadPage } from './pages/CaseloadPage';
import { HelpRequestPage } from './pages/HelpRequestPage';
import { HomePage } from './pages/HomePage';
import { PathwayPage } from './pages/PathwayPage';
import { SignInPage } from './pages/SignInPage';
import { WORKSPACES } from './workspaces/workspaces';

// The dashboard and its charts load only when a coordinator opens them (ECharts stays out of the other pages).
const DashboardPage = lazy(() => import('./dashboard/DashboardPage'));

/**
 * Pages that need a signed-in user send everyone else to the sign-in page and
 * back afterwards; `roles` (any of) keeps a page to the users it is for — the
 * services still decide, this only spares a form that would be refused.
 */
function SignedIn({
  children,
  roles,
  kinds,
  otherwise = 'forbidden',
}: {
  children: ReactNode;
  roles?: readonly string[];
  /** The organisation kinds the page exists for: for any other organisation it is not found. */
  kinds?: readonly string[];
  /** What someone without the role sees: a workspace of another organisation does not exist for them. */
  otherwise?: 'forbidden' | 'not-found';
}) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorState error={session.error} retry={() => void session.refetch()} />;
  if (!session.data.signedIn)
    return <Navigate to={`/inloggen?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (kinds && !kinds.includes(session.data.user.organisation.kind)) return <NotFound />;
  if (roles && !roles.some((role) => session.data.signedIn && session.data.user.roles.includes(role)))
    return otherwise === 'not-found' ? <NotFound /> : <Forbidden />;
  return <>{children}</>;
}

/** A failure while rendering a route (e.g. the dashboard's chunk could not be loaded). */
function RouteError() {
  const error = useRouteError();
  return <ErrorState error={error} headingLevel={1} retry={() => window.location.reload()} />;
}

export const router = createBrowserRouter([
  {
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { path: '/inloggen', element: <SignInPage /> },
          {
            path: '/',
            element: (
              <SignedIn>
                <HomePage />
              </SignedIn>
            ),
          },
          {
            path: '/werkvoorraad',
            element: (
              <SignedIn roles={['counsellor', 'admin', 'coordinator']} kinds={['municipality', 'coordinator']}>
                <CaseloadPage />
              </SignedIn>
            ),
          },
          {
            path: '/hulpvraag/nieuw',
            element: (
              <SignedIn roles={['counsellor']} kinds={['municipality']}>
                <HelpRequestPage />
              </SignedIn>
            ),
          },
          {
            path: '/trajecten/:pathwayId',
            element: (
              // The municipality's and the coordinator's page; the chain partners see a pathway in their own workspace.
              <SignedIn kinds={['municipality', 'coordinator']}>
                <PathwayPage />
              </SignedIn>
            ),
          },
          {
            path: '/ketenregie',
            element: (
              <SignedIn kinds={['coordinator', 'municipality']}>
                <Suspense fallback={<Loading />}>
                  <DashboardPage />
                </Suspense>
              </SignedIn>
            ),
          },
          // The chain partners' workspaces: each its own routes below its path.
          ...WORKSPACES.map(({ path, role, Component }) => ({
            path: `${path}/*`,
            element: (
              <SignedIn roles={[role]} otherwise="not-found">
                <Suspense fallback={<Loading />}>
                  <Component />
                </Suspense>
              </SignedIn>
            ),
          })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);

import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router-dom';
import { useSession } from './api/client';
import { Loading, NotFound } from './components/States';
import { Shell } from './layout/Shell';
import { CaseloadPage } from './pages/CaseloadPage';
import { HelpRequestPage } from './pages/HelpRequestPage';
import { HomePage } from './pages/HomePage';
import { PathwayPage } from './pages/PathwayPage';
import { SignInPage } from './pages/SignInPage';

// The dashboard and its charts load only when a coordinator opens them.
const DashboardPage = lazy(() => import('./dashboard/DashboardPage'));

/** Pages that need a signed-in user send everyone else to the sign-in page, and back afterwards. */
function SignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (!session.data?.signedIn)
    return <Navigate to={`/inloggen?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

export const router = createBrowserRouter([
  {
    element: <Shell />,
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
          <SignedIn>
            <CaseloadPage />
          </SignedIn>
        ),
      },
      {
        path: '/hulpvraag/nieuw',
        element: (
          <SignedIn>
            <HelpRequestPage />
          </SignedIn>
        ),
      },
      {
        path: '/trajecten/:pathwayId',
        element: (
          <SignedIn>
            <PathwayPage />
          </SignedIn>
        ),
      },
      {
        path: '/ketenregie',
        element: (
          <SignedIn>
            <Suspense fallback={<Loading />}>
              <DashboardPage />
            </Suspense>
          </SignedIn>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

import { Alert, Button, PageFooter, Paragraph, SkipLink } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, request, useSession, type SessionUser } from '../api/client';
import { useT, type AnyMessageKey } from '../i18n/i18n';
import { workspaceOf } from '../workspaces/workspaces';

/** The main menu by role: the counsellor's caseload and intake, the coordinator's dashboard, a chain partner's workspace. */
export function navigationOf(user: SessionUser): { to: string; label: AnyMessageKey }[] {
  const items: { to: string; label: AnyMessageKey }[] = [];
  const municipality = user.organisation.kind === 'municipality';
  if (municipality && (user.roles.includes('counsellor') || user.roles.includes('admin')))
    items.push({ to: '/werkvoorraad', label: 'nav.caseload' });
  if (municipality && user.roles.includes('counsellor'))
    items.push({ to: '/hulpvraag/nieuw', label: 'nav.newHelpRequest' });
  if (user.roles.includes('coordinator')) items.push({ to: '/ketenregie', label: 'nav.dashboard' });
  items.push(...(workspaceOf(user)?.navigation ?? []));
  return items;
}

/**
 * After a client-side navigation, focus goes to the new page's h1, as a full
 * page load would put a screen reader at the top of the new content. The h1
 * may appear only once the page's data has loaded, so the shell waits for it.
 */
function useFocusHeadingOnNavigation(main: React.RefObject<HTMLElement | null>, pathname: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      // The first page of a visit: the browser starts at the top, the skip link comes first.
      first.current = false;
      return;
    }
    const container = main.current;
    if (!container) return;
    const focusHeading = (): boolean => {
      const heading = container.querySelector('h1');
      if (!heading) return false;
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(container, { childList: true, subtree: true });
    const giveUp = window.setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      window.clearTimeout(giveUp);
    };
  }, [main, pathname]);
}

/** Page frame: skip link, header with the organisation, the user's role and the main menu, main landmark, footer. */
export function Shell() {
  const { t, language, setLanguage } = useT();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const main = useRef<HTMLElement>(null);
  const [signOutFailure, setSignOutFailure] = useState<string>();
  useFocusHeadingOnNavigation(main, location.pathname);

  // A 401 from the API proxy: the session ended (expired, or signed out elsewhere).
  useEffect(() => {
    const signedOut = () => {
      void queryClient.invalidateQueries({ queryKey: ['session'] });
      if (location.pathname === '/inloggen') return;
      void navigate(`/inloggen?returnTo=${encodeURIComponent(location.pathname + location.search)}&verlopen=1`, {
        replace: true,
      });
    };
    window.addEventListener('ketenpad:signed-out', signedOut);
    return () => window.removeEventListener('ketenpad:signed-out', signedOut);
  }, [navigate, queryClient, location]);

  const user = session.data?.signedIn ? session.data.user : undefined;
  const navigation = user ? navigationOf(user) : [];
  const otherLanguage = language === 'nl' ? 'en' : 'nl';

  const signOut = async () => {
    setSignOutFailure(undefined);
    try {
      const answer = await request<{ endSessionUrl?: string } | undefined>('POST', '/auth/sign-out');
      queryClient.clear();
      if (answer?.endSessionUrl) window.location.assign(answer.endSessionUrl);
      else void navigate('/inloggen', { replace: true });
    } catch (error) {
      setSignOutFailure(error instanceof ApiError ? error.message : String(error));
    }
  };

  return (
    <div className="kp-page">
      <SkipLink href="#main">{t('app.skip')}</SkipLink>
      <header className="kp-header">
        <div className="kp-header__inner">
          <div className="kp-brand">
            <a href="/" className="kp-brand__name">
              {t('app.name')}
            </a>
            <span className="kp-brand__tagline">{t('app.tagline')}</span>
          </div>
          <div className="kp-header__tools">
            {user && (
              <p className="kp-user">
                <span className="kp-user__organisation">{user.organisation.name}</span>
                <span className="kp-user__role">
                  {t('nav.role', {
                    role: user.roles.map((role) => t(`role.${role}` as AnyMessageKey)).join(', '),
                  })}
                </span>
              </p>
            )}
            <Button appearance="subtle-button" lang={otherLanguage} onClick={() => setLanguage(otherLanguage)}>
              {otherLanguage === 'en' ? 'English' : 'Nederlands'}
            </Button>
            {user && (
              <Button appearance="secondary-action-button" onClick={() => void signOut()}>
                {t('nav.signOut')}
              </Button>
            )}
          </div>
        </div>
        {navigation.length > 0 && (
          <nav className="kp-nav" aria-label={t('nav.label')}>
            <ul className="kp-nav__list">
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink className="kp-nav__link" to={item.to}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" ref={main} className="kp-main" tabIndex={-1}>
        {signOutFailure && (
          <Alert type="error" role="alert">
            <Paragraph>{t('nav.signOutFailed', { message: signOutFailure })}</Paragraph>
          </Alert>
        )}
        <Outlet />
      </main>
      <PageFooter className="kp-footer">
        <div className="kp-footer__inner">
          <Paragraph>{t('app.footer')}</Paragraph>
        </div>
      </PageFooter>
    </div>
  );
}

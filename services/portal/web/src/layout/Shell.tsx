import { Button, PageFooter, Paragraph, SkipLink } from '@utrecht/component-library-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { request, useSession, type SessionUser } from '../api/client';
import { useT, type AnyMessageKey } from '../i18n/i18n';

function navigationOf(user: SessionUser): { to: string; label: AnyMessageKey }[] {
  const items: { to: string; label: AnyMessageKey }[] = [];
  if (user.organisation.kind === 'municipality') {
    items.push({ to: '/werkvoorraad', label: 'nav.caseload' });
    if (user.roles.includes('counsellor')) items.push({ to: '/hulpvraag/nieuw', label: 'nav.newHelpRequest' });
  }
  if (user.roles.includes('coordinator')) items.push({ to: '/ketenregie', label: 'nav.dashboard' });
  return items;
}

/** Page frame: skip link, header with the organisation and the main menu, main landmark, footer. */
export function Shell() {
  const { t, language, setLanguage } = useT();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const main = useRef<HTMLElement>(null);

  // Focus the new page's heading after client-side navigation, as a full page load would.
  useEffect(() => {
    const heading = main.current?.querySelector('h1');
    if (heading && document.activeElement !== document.body) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }, [location.pathname]);

  useEffect(() => {
    const signedOut = () => {
      void queryClient.invalidateQueries({ queryKey: ['session'] });
      void navigate(`/inloggen?returnTo=${encodeURIComponent(location.pathname + location.search)}&verlopen=1`);
    };
    window.addEventListener('ketenpad:signed-out', signedOut);
    return () => window.removeEventListener('ketenpad:signed-out', signedOut);
  }, [navigate, queryClient, location]);

  const user = session.data?.signedIn ? session.data.user : undefined;
  const signOut = async () => {
    const answer = await request<{ endSessionUrl?: string }>('POST', '/auth/sign-out');
    queryClient.clear();
    if (answer?.endSessionUrl) window.location.assign(answer.endSessionUrl);
    else void navigate('/inloggen');
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
                {t('nav.signedInAs', {
                  role: t(`role.${user.roles[0] ?? 'counsellor'}` as AnyMessageKey),
                  organisation: user.organisation.name,
                })}
              </p>
            )}
            <label className="kp-language">
              <span>{t('app.language')}</span>
              <select
                className="utrecht-select utrecht-select--html-select"
                value={language}
                onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'nl')}
              >
                <option value="nl">Nederlands</option>
                <option value="en">English</option>
              </select>
            </label>
            {user && (
              <Button appearance="subtle-button" onClick={() => void signOut()}>
                {t('nav.signOut')}
              </Button>
            )}
          </div>
        </div>
        {user && navigationOf(user).length > 0 && (
          <nav className="kp-nav" aria-label={t('nav.label')}>
            <ul className="kp-nav__list">
              {navigationOf(user).map((item) => (
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
        <Outlet />
      </main>
      <PageFooter className="kp-footer">
        <Paragraph>{t('app.footer')}</Paragraph>
      </PageFooter>
    </div>
  );
}

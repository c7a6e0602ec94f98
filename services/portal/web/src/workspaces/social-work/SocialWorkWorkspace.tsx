import { Link, Route, Routes, useLocation } from 'react-router-dom';
import { NotFound } from '../../components/States';
import { useT } from '../../i18n/i18n';
import './social-work.css';
import { CaseloadPathwayPage, SocialWorkCaseloadPage } from './CaseloadPages';
import { InboxPage } from './InboxPage';
import { ReferralPage } from './ReferralPage';

/**
 * The social work workspace under `/sociaal-werk`: the referral inbox, one
 * referral, the caseload and one pathway of it; anything else is the portal's
 * not-found page. The services decide what the social worker may read: an
 * address of another organisation answers 404, and so shows not-found too.
 */
export default function SocialWorkWorkspace() {
  return (
    <>
      <SectionsNav />
      <Routes>
        <Route index element={<InboxPage />} />
        <Route path="verwijzingen/:referralId" element={<ReferralPage />} />
        <Route path="trajecten" element={<SocialWorkCaseloadPage />} />
        <Route path="trajecten/:pathwayId" element={<CaseloadPathwayPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}

/** The workspace's two parts: referrals waiting for an answer, and the pathways taken on; the part open now is marked. */
function SectionsNav() {
  const { t } = useT();
  const { pathname } = useLocation();
  const inCaseload = pathname.startsWith('/sociaal-werk/trajecten');
  // The list itself is the current page; on one referral or pathway its part is the current location.
  const current = (list: string, active: boolean) =>
    pathname.replace(/\/$/, '') === list ? ('page' as const) : active ? ('location' as const) : undefined;
  return (
    <nav aria-label={t('socialWork.sections')} className="kp-tabs sw-sections">
      <ul>
        <li>
          <Link className="kp-tabs__link" to="/sociaal-werk" aria-current={current('/sociaal-werk', !inCaseload)}>
            {t('socialWork.inbox.title')}
          </Link>
        </li>
        <li>
          <Link
            className="kp-tabs__link"
            to="/sociaal-werk/trajecten"
            aria-current={current('/sociaal-werk/trajecten', inCaseload)}
          >
            {t('socialWork.caseload.title')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}

import { Heading, Paragraph } from '@utrecht/component-library-react';
import { Navigate } from 'react-router-dom';
import { useSession } from '../api/client';
import { useDocumentTitle } from '../layout/document-title';
import { useT, type AnyMessageKey } from '../i18n/i18n';
import { workspaceOf } from '../workspaces/workspaces';

/**
 * Everyone starts in their own workspace: counsellors and privacy officers in the caseload,
 * coordinators in the dashboard, the chain partners in theirs.
 */
export function HomePage() {
  const { t } = useT();
  const session = useSession();
  const user = session.data?.signedIn ? session.data.user : undefined;
  useDocumentTitle(t('workspace.comingTitle'));
  if (!user) return null;
  if (user.organisation.kind === 'municipality') return <Navigate to="/werkvoorraad" replace />;
  if (user.roles.includes('coordinator')) return <Navigate to="/ketenregie" replace />;
  const workspace = workspaceOf(user);
  if (workspace) return <Navigate to={workspace.path} replace />;
  return (
    <section aria-labelledby="workspace-title" className="kp-narrow">
      <Heading level={1} id="workspace-title">
        {t('workspace.comingTitle')}
      </Heading>
      <Paragraph>
        {t('workspace.comingBody', {
          role: t(`role.${user.roles[0] ?? 'partner'}` as AnyMessageKey),
          organisation: user.organisation.name,
        })}
      </Paragraph>
    </section>
  );
}

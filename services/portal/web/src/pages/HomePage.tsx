import { Heading, Paragraph } from '@utrecht/component-library-react';
import { Navigate } from 'react-router-dom';
import { useSession } from '../api/client';
import { useT, type AnyMessageKey } from '../i18n/i18n';

/** Everyone starts in their own workspace. */
export function HomePage() {
  const { t } = useT();
  const session = useSession();
  if (!session.data?.signedIn) return null;
  const { user } = session.data;
  if (user.organisation.kind === 'municipality') return <Navigate to="/werkvoorraad" replace />;
  if (user.roles.includes('coordinator')) return <Navigate to="/ketenregie" replace />;
  return (
    <section aria-labelledby="workspace-title">
      <Heading level={1} id="workspace-title">
        {t('workspace.comingTitle')}
      </Heading>
      <Paragraph>
        {t('workspace.comingBody', { role: t(`role.${user.roles[0] ?? 'partner'}` as AnyMessageKey) })}
      </Paragraph>
    </section>
  );
}

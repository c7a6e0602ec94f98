import { Heading, Paragraph } from '@utrecht/component-library-react';
import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../layout/document-title';
import { useT } from '../i18n/i18n';

/** A page this user's role is not for. */
export function Forbidden() {
  const { t } = useT();
  useDocumentTitle(t('forbidden.title'));
  return (
    <section aria-labelledby="forbidden-title" className="kp-narrow">
      <Heading level={1} id="forbidden-title">
        {t('forbidden.title')}
      </Heading>
      <Paragraph>{t('forbidden.body')}</Paragraph>
      <Paragraph>
        <Link className="utrecht-link utrecht-link--html-a" to="/">
          {t('notFound.home')}
        </Link>
      </Paragraph>
    </section>
  );
}

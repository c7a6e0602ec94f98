import { Heading } from '@utrecht/component-library-react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/States';
import { useDocumentTitle } from '../../layout/document-title';
import { useT } from '../../i18n/i18n';

/** The social work workspace under `/sociaal-werk`: its own routes; anything else is the portal's not-found page. */
export default function SocialWorkWorkspace() {
  return (
    <Routes>
      <Route index element={<SocialWorkHome />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

function SocialWorkHome() {
  const { t } = useT();
  useDocumentTitle(t('socialWork.title'));
  return <Heading level={1}>{t('socialWork.title')}</Heading>;
}

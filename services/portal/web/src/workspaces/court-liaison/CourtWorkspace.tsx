import { Heading } from '@utrecht/component-library-react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/States';
import { useDocumentTitle } from '../../layout/document-title';
import { useT } from '../../i18n/i18n';

/** The court workspace under `/rechtbank`: its own routes; anything else is the portal's not-found page. */
export default function CourtWorkspace() {
  return (
    <Routes>
      <Route index element={<CourtHome />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

function CourtHome() {
  const { t } = useT();
  useDocumentTitle(t('court.title'));
  return <Heading level={1}>{t('court.title')}</Heading>;
}

import { Heading } from '@utrecht/component-library-react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/States';
import { useDocumentTitle } from '../../layout/document-title';
import { useT } from '../../i18n/i18n';

/** The gp practice workspace under `/huisarts`: its own routes; anything else is the portal's not-found page. */
export default function GpWorkspace() {
  return (
    <Routes>
      <Route index element={<GpHome />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

function GpHome() {
  const { t } = useT();
  useDocumentTitle(t('gp.title'));
  return <Heading level={1}>{t('gp.title')}</Heading>;
}

import { Heading } from '@utrecht/component-library-react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/States';
import { useDocumentTitle } from '../../layout/document-title';
import { useT } from '../../i18n/i18n';

/** The partner workspace under `/partner`: its own routes; anything else is the portal's not-found page. */
export default function PartnerWorkspace() {
  return (
    <Routes>
      <Route index element={<PartnerHome />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

function PartnerHome() {
  const { t } = useT();
  useDocumentTitle(t('partner.title'));
  return <Heading level={1}>{t('partner.title')}</Heading>;
}

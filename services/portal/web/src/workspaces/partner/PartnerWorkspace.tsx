import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/States';
import { NewSubscriptionPage } from './NewSubscriptionPage';
import { SubscriptionPage } from './SubscriptionPage';
import { SubscriptionsPage } from './SubscriptionsPage';
import './partner.css';

/**
 * The partner workspace under `/partner`: an organisation's webhook
 * subscriptions on the partner gateway (create, test, pause, delete), each
 * with its live delivery log, dead letters and replays. Anything else is the
 * portal's not-found page.
 */
export default function PartnerWorkspace() {
  return (
    <Routes>
      <Route index element={<SubscriptionsPage />} />
      <Route path="abonnementen/nieuw" element={<NewSubscriptionPage />} />
      <Route path="abonnementen/:subscriptionId" element={<SubscriptionPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/States';
import { CourtCasePage } from './CourtCasePage';
import { CourtInbox } from './CourtInbox';

/**
 * The court liaison's workspace under `/rechtbank`: the referral inbox with its
 * cases, and one case per pathway (`/rechtbank/zaken/:pathwayId`); anything
 * else is the portal's not-found page.
 */
export default function CourtWorkspace() {
  return (
    <Routes>
      <Route index element={<CourtInbox />} />
      <Route path="zaken/:pathwayId" element={<CourtCasePage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

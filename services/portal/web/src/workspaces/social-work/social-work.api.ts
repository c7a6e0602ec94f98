import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import type { CaseloadItem, CaseloadPathway, Referral } from './social-work.domain';

/**
 * The queries of the workspace. Their keys start with `caseload`, so the live
 * stream (api/client.ts useLiveUpdates) refetches them on every change of a
 * pathway the social worker may see; a pathway's own key also names it.
 */
export const INBOX_KEY = ['caseload', 'social-work', 'inbox'] as const;

export function useInbox(refetchInterval: number | false = false) {
  return useQuery({
    queryKey: INBOX_KEY,
    queryFn: () => apiGet<{ referrals: Referral[] }>('social-work', '/referrals'),
    refetchInterval,
  });
}

export function useReferral(referralId: string) {
  return useQuery({
    queryKey: ['caseload', 'social-work', 'referral', referralId],
    queryFn: () => apiGet<Referral>('social-work', `/referrals/${referralId}`),
  });
}

export function useCaseload() {
  return useQuery({
    queryKey: ['caseload', 'social-work', 'pathways'],
    queryFn: () => apiGet<{ pathways: CaseloadItem[] }>('social-work', '/pathways'),
  });
}

export function useCaseloadPathway(pathwayId: string) {
  return useQuery({
    queryKey: ['pathway', pathwayId, 'social-work'],
    queryFn: () => apiGet<CaseloadPathway>('social-work', `/pathways/${pathwayId}`),
  });
}

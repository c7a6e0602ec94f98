/** A line of the caseload, as the timeline's `GET /api/v1/pathways` answers it. */
export interface CaseloadItem {
  pathwayId: string;
  municipalityCode: string | null;
  phase: string;
  crisis: string | null;
  legalStatus: string | null;
  owner: string | null;
  firstConversationDue: string | null;
  firstConversationHeldAt: string | null;
  workingDaysLeft: number | null;
  openReferrals: number;
  pillarToPostIndex: number;
  flags: { kind: string }[];
  startedAt: string;
  lastEventAt: string;
  closedAt: string | null;
}

export interface CaseloadPage {
  items: CaseloadItem[];
  total: number;
  page: number;
  pageSize: number;
}

export const PHASES = [
  'aanmelding',
  'intake',
  'plan-van-aanpak',
  'stabilisatie',
  'oplossing',
  'aflossing',
  'nazorg',
  'uitstroom',
] as const;
export const FLAGS = [
  'first-conversation-overdue',
  'referral-not-accepted-in-time',
  'referral-declined',
  'referral-bounced',
  'pillar-to-post',
] as const;

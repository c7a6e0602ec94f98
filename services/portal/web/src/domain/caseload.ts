/** A line of the caseload, as the timeline's `GET /api/v1/pathways` answers it. */
export interface CaseloadItem {
  pathwayId: string;
  municipalityCode: string | null;
  phase: string;
  crisis: string | null;
  legalStatus: string | null;
  /** Organisation URN that has the casusregie. */
  owner: string | null;
  firstConversationDue: string | null;
  firstConversationHeldAt: string | null;
  /** Working days to the Wgs deadline (Atw calendar); negative when overdue, null once held or closed. */
  workingDaysLeft: number | null;
  openReferrals: number;
  pillarToPostIndex?: number;
  flags: { kind: string }[];
  startedAt: string;
  lastEventAt: string;
  closedAt: string | null;
  mergedInto?: string | null;
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
export const STATUSES = ['open', 'closed', 'all'] as const;
export const DEADLINES = ['overdue', 'due-soon'] as const;
export const SORTS = ['deadline', 'lastEvent', 'started'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;

export type CaseloadSort = (typeof SORTS)[number];

/** The caseload's query string as the timeline takes it; every value checked, so a hand-edited URL cannot break the page. */
export interface CaseloadQuery {
  status: (typeof STATUSES)[number];
  phase?: (typeof PHASES)[number];
  deadline?: (typeof DEADLINES)[number];
  flag?: (typeof FLAGS)[number];
  owner?: string;
  sort: CaseloadSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

function oneOf<T extends string>(list: readonly T[], value: string | null): T | undefined {
  return (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

const OWNER_URN = /^urn:nld:ketenpad:[a-z-]+:[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The caseload's filters, sort and page from the page's URL (shareable), with the timeline's defaults. */
export function caseloadQueryOf(params: URLSearchParams): CaseloadQuery {
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const owner = params.get('owner');
  return {
    status: oneOf(STATUSES, params.get('status')) ?? 'open',
    phase: oneOf(PHASES, params.get('phase')),
    deadline: oneOf(DEADLINES, params.get('deadline')),
    flag: oneOf(FLAGS, params.get('flag')),
    owner: owner && OWNER_URN.test(owner) ? owner : undefined,
    sort: oneOf(SORTS, params.get('sort')) ?? 'deadline',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : 25,
  };
}

/** The URL search string for `query` with `changes` applied; defaults are left out to keep links short. */
export function caseloadSearch(query: CaseloadQuery, changes: Partial<CaseloadQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.status !== 'open') params.set('status', next.status);
  if (next.phase) params.set('phase', next.phase);
  if (next.deadline) params.set('deadline', next.deadline);
  if (next.flag) params.set('flag', next.flag);
  if (next.owner) params.set('owner', next.owner);
  if (next.sort !== 'deadline') params.set('sort', next.sort);
  if (next.order !== 'asc') params.set('order', next.order);
  if (next.page !== 1) params.set('page', String(next.page));
  if (next.pageSize !== 25) params.set('pageSize', String(next.pageSize));
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** How many pages `total` items make (at least one, so "page 1 of 1" for an empty list). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

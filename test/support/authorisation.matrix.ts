import { randomUUID } from 'node:crypto';
import type { Role } from '@ketenpad/auth';
import type { ChainService } from './chain.stack';
import { randomBsn } from './resident.fixture';

/**
 * The authorisation matrix of issue 6 (QUALITY.md F8), as the need-to-know
 * design says it must be: for every endpoint of every service, which caller
 * may do it on which pathway. Written from the design (DESIGN.md privacy
 * rules, `@ketenpad/privacy` need-to-know policy, the issue 6 notes), not
 * from what the services answer; where they disagree, the cell is listed
 * under {@link FINDINGS}.
 *
 * A cell's expected answer follows from three questions, in the order the
 * services ask them:
 * 1. is the caller authenticated (a verified token whose role fits its
 *    organisation kind)? otherwise 401;
 * 2. does the caller hold one of the endpoint's roles? otherwise 403 — this
 *    says nothing about any pathway, so it may be 403;
 * 3. may the caller's organisation see this pathway (or resource)? otherwise
 *    404, the same answer as for one that does not exist, so pathway ids
 *    cannot be probed across organisations.
 */

export const ACTORS = {
  'counsellor GM0363': { orgId: 'GM0363', roles: ['counsellor'] },
  'counsellor GM0344': { orgId: 'GM0344', roles: ['counsellor'] },
  'admin GM0363': { orgId: 'GM0363', roles: ['admin'] },
  'social-worker SW-AMS': { orgId: 'SW-AMS', roles: ['social-worker'] },
  'court-liaison RB-AMS': { orgId: 'RB-AMS', roles: ['court-liaison'] },
  'gp HA-0001': { orgId: 'HA-0001', roles: ['gp'] },
  'partner PT-WOONSTAD': { orgId: 'PT-WOONSTAD', roles: ['partner'] },
  'coordinator KR-001': { orgId: 'KR-001', roles: ['coordinator'] },
  /** A signed token whose role does not fit its organisation's kind: not a principal at all. */
  'gp HA-0001 claiming counsellor': { orgId: 'HA-0001', roles: ['counsellor'], misfit: true },
  'no token': { orgId: null, roles: [] },
} as const satisfies Record<string, { orgId: string | null; roles: readonly Role[]; misfit?: boolean }>;

export type Actor = keyof typeof ACTORS;
export const ACTOR_NAMES = Object.keys(ACTORS) as Actor[];

const C63: Actor = 'counsellor GM0363';
const C44: Actor = 'counsellor GM0344';
const A63: Actor = 'admin GM0363';
const SW: Actor = 'social-worker SW-AMS';
const RB: Actor = 'court-liaison RB-AMS';
const GP: Actor = 'gp HA-0001';
const PT: Actor = 'partner PT-WOONSTAD';
const KR: Actor = 'coordinator KR-001';

/**
 * The pathways every cell is tried on:
 * - `own`: GM0363's, opened by a referral of GP HA-0001, referred on to SW-AMS
 *   and RB-AMS (both accepted) and to partner PT-WOONSTAD;
 * - `foreign`: GM0344's, opened by a referral of another GP and referred to
 *   another social-work team, court and partner: none of the actors above
 *   except GM0344 and the coordinator has any part in it;
 * - `consented`: GM0363's, no referrals; the resident consented to SW-AMS
 *   (chain, financial) and PT-WOONSTAD (chain);
 * - `withdrawn`: as `consented`, then both consents withdrawn.
 */
export const PATHWAY_KINDS = ['own', 'foreign', 'consented', 'withdrawn'] as const;
export type PathwayKind = (typeof PATHWAY_KINDS)[number];

/** What an endpoint's path or body names, and so which fixture a cell uses. */
export type Target =
  /** A pathway (path parameter, or `pathwayId` in the body). */
  | 'pathway'
  /** A pathway whose personal data was erased (the erasure status exists only then). */
  | 'erased-pathway'
  /** A referral to a social-work team: own = to SW-AMS (of the own pathway), foreign = to another team. */
  | 'social-work-referral'
  /** A referral to a court liaison: own = to RB-AMS, foreign = to another court. */
  | 'court-referral'
  /** A GP referral: own = HA-0001's, foreign = another practice's. */
  | 'gp-referral'
  /** A patient consent at a GP practice: own = HA-0001's, foreign = another practice's. */
  | 'gp-consent'
  /** A chain-class municipality event of the pathway (the partner's `dataref`). */
  | 'event'
  /** A webhook subscription: own = PT-WOONSTAD's, foreign = another partner's. */
  | 'subscription'
  /** Nothing: a collection, or something new. */
  | 'none';

/** The kinds a target is tried on; `none` is one cell per caller. */
export const TARGET_KINDS: Readonly<Record<Target, readonly PathwayKind[]>> = {
  pathway: PATHWAY_KINDS,
  'erased-pathway': PATHWAY_KINDS,
  'social-work-referral': ['own', 'foreign'],
  'court-referral': ['own', 'foreign'],
  'gp-referral': ['own', 'foreign'],
  'gp-consent': ['own', 'foreign'],
  event: PATHWAY_KINDS,
  subscription: ['own', 'foreign'],
  none: [],
};

/** Who may see what, per pathway kind (after the role gate). */
export type Visibility = 'anyone with the role' | Readonly<Partial<Record<PathwayKind, readonly Actor[]>>>;

/** The pathway's own municipality: counsellor and privacy officer (`admin`) of GM0363, resp. GM0344. */
const RESPONSIBLE_MUNICIPALITY: Visibility = {
  own: [C63, A63],
  consented: [C63, A63],
  withdrawn: [C63, A63],
  foreign: [C44],
};
/** Social work works only on pathways referred to it and accepted (its caseload); consent lets it read, not act. */
const SOCIAL_WORK_CASELOAD: Visibility = { own: [SW] };
/** The court liaison works only on pathways referred to it (its case). */
const COURT_CASE: Visibility = { own: [RB] };
/** A resource of the caller's own organisation. */
const OWN_RESOURCE = (actor: Actor): Visibility => ({ own: [actor] });
/**
 * The chain timeline (need-to-know policy): the responsible municipality its
 * own pathways, the coordinator every pathway (pseudonymous), participants
 * (social work, court, the referring GP, a partner referred to) theirs, a
 * consent grantee until the consent is withdrawn; nobody else.
 */
const NEED_TO_KNOW: Visibility = {
  own: [C63, A63, SW, RB, GP, PT, KR],
  foreign: [C44, KR],
  consented: [C63, A63, SW, PT, KR],
  withdrawn: [C63, A63, KR],
};
/** A partner's `dataref`: the event of a pathway it was referred to or has (unwithdrawn) consent for. */
const PARTNER_ENTITLED: Visibility = { own: [PT], consented: [PT] };

/** What a probe needs to build its request. */
export interface ProbeTarget {
  /** The pathway of the cell (the resource's pathway for resource targets); absent for `none`. */
  pathwayId?: string;
  /** The referral, consent, event or subscription id of resource targets. */
  resourceId?: string;
  /** A municipality consent on the pathway (a random id where it has none). */
  consentId: string;
  /** Today, `YYYY-MM-DD`, and `plusDays`. */
  today: string;
  plusDays(days: number): string;
  /** A partner webhook endpoint that answers the subscription handshake. */
  callbackUrl: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointRule {
  service: ChainService;
  method: HttpMethod;
  /** As in the service's OpenAPI (`/docs-json`). */
  path: string;
  target: Target;
  /** Roles the endpoint takes; any other caller gets 403. Every role: `ALL_ROLES`. */
  roles: readonly Role[];
  /** Of the callers with the role, who sees the target (404 for the others). */
  sees: Visibility;
  /**
   * The status for a target the caller may not see, when it is not 404: only
   * where the target is named in the body and the endpoint's documented answer
   * for an unknown one is another (then the same answer, so nothing leaks).
   */
  hiddenStatus?: number;
  /** A read of pathway data: the access-log `resource` every allowed call must be recorded with. */
  logs?: string;
  /** For collection reads: the pathway kinds each allowed caller must see listed, and must not. */
  lists?: Readonly<Partial<Record<Actor, { includes: readonly PathwayKind[]; excludes: readonly PathwayKind[] }>>>;
  /** How a listed item names its pathway: by `pathwayId` (default), or by the GP referral's `referralId`. */
  listedBy?: 'pathwayId' | 'referralId';
  /** Path parameters other than the target's (e.g. a guidance kind). */
  params?: Readonly<Record<string, string>>;
  query?: (t: ProbeTarget) => Record<string, string>;
  body?: (t: ProbeTarget) => unknown;
  /** Why, in the design's words. */
  why: string;
}

export const ALL_ROLES: readonly Role[] = [
  'counsellor',
  'social-worker',
  'court-liaison',
  'gp',
  'partner',
  'coordinator',
  'admin',
];

const URN = {
  amsterdam: 'urn:nld:ketenpad:municipality:GM0363',
  socialWork: 'urn:nld:ketenpad:social-work:SW-AMS',
} as const;

const municipalityCommand = (
  path: string,
  body: (t: ProbeTarget) => unknown = () => ({}),
  params?: Record<string, string>,
): EndpointRule => ({
  service: 'municipality',
  method: 'POST',
  path: `/api/v1/pathways/{id}${path}`,
  target: 'pathway',
  roles: ['counsellor'],
  sees: RESPONSIBLE_MUNICIPALITY,
  body,
  ...(params ? { params } : {}),
  why: 'counsellor of the responsible municipality; another municipality gets 404',
});

const courtCommand = (path: string, body: (t: ProbeTarget) => unknown = () => ({})): EndpointRule => ({
  service: 'court-liaison',
  method: 'POST',
  path: `/api/v1/pathways/{id}${path}`,
  target: 'pathway',
  roles: ['court-liaison'],
  sees: COURT_CASE,
  body,
  why: 'the court liaison the pathway was referred to (its case); any other court or pathway 404',
});

/**
 * Social work, the court and the GP hold records only of pathways referred to
 * or by them (here `own` and `foreign`); any other pathway is unknown there,
 * and an unknown pathway is 404 for everyone.
 */
const HOLDS_RECORDS: Visibility = { own: [C63, A63], foreign: [C44] };

const serviceAccessLog = (
  service: ChainService,
  param: 'id' | 'pathwayId',
  sees = RESPONSIBLE_MUNICIPALITY,
): EndpointRule => ({
  service,
  method: 'GET',
  path: `/api/v1/pathways/{${param}}/access-log`,
  target: 'pathway',
  roles: ['counsellor', 'admin'],
  sees,
  logs: 'access-log',
  why: 'the resident\'s "who looked at my file?", answered by the responsible municipality (counsellor or privacy officer) only',
});

const bottleneck = (name: string): EndpointRule => ({
  service: 'timeline',
  method: 'GET',
  path: `/api/v1/bottlenecks/${name}`,
  target: 'none',
  roles: ['coordinator'],
  sees: 'anyone with the role',
  logs: `bottleneck:${name}`,
  why: 'chain coordination analytics (ketenregie): coordinators only; pseudonymous',
});

const subscriptionRoute = (method: HttpMethod, suffix: string, body?: (t: ProbeTarget) => unknown): EndpointRule => ({
  service: 'partner-gateway',
  method,
  path: `/api/v1/subscriptions/{id}${suffix}`,
  target: 'subscription',
  roles: ['partner'],
  sees: OWN_RESOURCE(PT),
  ...(body ? { body } : {}),
  why: "a partner's own subscription; another partner's is 404 like an unknown one",
});

const exportPeriod = (t: ProbeTarget): Record<string, string> => ({ from: t.plusDays(-30), to: t.today });

/**
 * Every endpoint of the six services. Writes of one service on one pathway run
 * in this order, so destructive ones (closure, erasure, deletion) come last.
 */
export const ENDPOINTS: readonly EndpointRule[] = [
  // municipality: the counsellor's own pathways
  {
    service: 'municipality',
    method: 'POST',
    path: '/api/v1/pathways',
    target: 'none',
    roles: ['counsellor'],
    sees: 'anyone with the role',
    body: () => ({ bsn: randomBsn(), channel: 'balie' }),
    why: 'a counsellor registers a help request in their own municipality',
  },
  {
    service: 'municipality',
    method: 'POST',
    path: '/api/v1/early-signals',
    target: 'none',
    roles: ['counsellor'],
    sees: 'anyone with the role',
    body: (t) => ({
      bsn: randomBsn(),
      signalPartnerType: 'Huur',
      arrearsCents: 84_500,
      arrearsSince: t.plusDays(-60),
      signalledAt: t.today,
      warmHandover: false,
    }),
    why: 'a counsellor records an early signal in their own municipality',
  },
  {
    service: 'municipality',
    method: 'GET',
    path: '/api/v1/pathways',
    target: 'none',
    roles: ['counsellor'],
    sees: 'anyone with the role',
    logs: 'pathway-list',
    query: () => ({ limit: '500' }),
    lists: {
      [C63]: { includes: ['own', 'consented', 'withdrawn'], excludes: ['foreign'] },
      [C44]: { includes: ['foreign'], excludes: ['own', 'consented', 'withdrawn'] },
    },
    why: "the counsellor's work list: the own municipality's pathways only",
  },
  {
    service: 'municipality',
    method: 'POST',
    path: '/api/v1/pathways/search',
    target: 'none',
    roles: ['counsellor'],
    sees: 'anyone with the role',
    body: () => ({ bsn: randomBsn() }),
    why: "a counsellor finds a resident by BSN (in the body) within the own municipality's pathways only",
  },
  {
    service: 'municipality',
    method: 'GET',
    path: '/api/v1/pathways/{id}',
    target: 'pathway',
    roles: ['counsellor'],
    sees: RESPONSIBLE_MUNICIPALITY,
    logs: 'pathway',
    why: "the municipality's own file (BSN masked): its counsellors only; the privacy officer does no case work",
  },
  {
    service: 'municipality',
    method: 'GET',
    path: '/api/v1/exports/ddas',
    target: 'none',
    roles: ['counsellor'],
    sees: 'anyone with the role',
    logs: 'ddas-export',
    query: exportPeriod,
    why: "the DDAS delivery to CBS, over the counsellor's own municipality only",
  },
  {
    service: 'municipality',
    method: 'GET',
    path: '/api/v1/exports/ddas/early-signals',
    target: 'none',
    roles: ['counsellor'],
    sees: 'anyone with the role',
    logs: 'ddas-export',
    query: exportPeriod,
    why: "the DDAS early-signal delivery, over the counsellor's own municipality only",
  },
  serviceAccessLog('municipality', 'id'),
  {
    service: 'municipality',
    method: 'GET',
    path: '/api/v1/pathways/{id}/personal-data/erasure',
    target: 'erased-pathway',
    roles: ['counsellor', 'admin'],
    sees: RESPONSIBLE_MUNICIPALITY,
    logs: 'erasure',
    why: "progress of the resident's erasure request: the responsible municipality's counsellor or privacy officer",
  },
  {
    service: 'municipality',
    method: 'PUT',
    path: '/api/v1/pathways/{id}/resident',
    target: 'pathway',
    roles: ['counsellor'],
    sees: RESPONSIBLE_MUNICIPALITY,
    body: () => ({ bsn: randomBsn() }),
    why: 'counsellor of the responsible municipality',
  },
  municipalityCommand('/contact-attempts', () => ({ kind: 'Telefoon', reached: false })),
  municipalityCommand('/first-conversation'),
  municipalityCommand('/consents', () => ({
    grantee: URN.socialWork,
    purpose: 'stabilisation-support',
    scope: ['chain'],
    validUntil: null,
  })),
  municipalityCommand('/consents/{consentId}/withdrawal'),
  municipalityCommand('/referrals', () => ({
    toOrg: URN.socialWork,
    reason: 'stabilisation',
    urgent: false,
    warm: false,
  })),
  municipalityCommand('/crisis-interventions', () => ({ threat: 'eviction' })),
  municipalityCommand('/crisis-interventions/end'),
  municipalityCommand('/help-offer/acceptance'),
  municipalityCommand('/help-offer/decline'),
  municipalityCommand('/intake-decision', () => ({ decision: 'toelating' })),
  municipalityCommand('/plan-of-action', () => ({ supportTypes: ['budget-coaching'] })),
  municipalityCommand('/phase-transitions', () => ({ to: 'stabilisatie' })),
  municipalityCommand('/stabilisation/start'),
  municipalityCommand('/stabilisation/reached'),
  municipalityCommand('/guidance', () => ({ kind: 'Budgetcoaching' })),
  municipalityCommand('/guidance/{kind}/end', () => ({}), { kind: 'Budgetcoaching' }),
  municipalityCommand('/debts', () => ({ creditorCount: 3, totalDebtCents: 250_000, debtTypes: ['Nuts'] })),
  municipalityCommand('/settlement-proposals', () => ({ solutionKind: 'Schuldbemiddeling', vtlbCents: 12_500 })),
  municipalityCommand('/creditor-responses', () => ({ response: 'accepted' })),
  municipalityCommand('/settlement/grant'),
  municipalityCommand('/settlement/reject'),
  municipalityCommand('/settlement/withdraw'),
  municipalityCommand('/repayment/start'),
  municipalityCommand('/repayment/complete'),
  municipalityCommand('/aftercare/start'),
  municipalityCommand('/aftercare/end'),
  municipalityCommand('/closure', () => ({ reason: 'Afgerond' })),
  {
    service: 'municipality',
    method: 'DELETE',
    path: '/api/v1/pathways/{id}/personal-data',
    target: 'pathway',
    roles: ['admin'],
    sees: RESPONSIBLE_MUNICIPALITY,
    why: "erasure (AVG art. 17): the responsible municipality's privacy officer only; a counsellor gets 403",
  },

  // social work: its referral inbox and caseload
  {
    service: 'social-work',
    method: 'GET',
    path: '/api/v1/referrals',
    target: 'none',
    roles: ['social-worker'],
    sees: 'anyone with the role',
    logs: 'referral',
    lists: { [SW]: { includes: ['own'], excludes: ['foreign', 'consented', 'withdrawn'] } },
    why: 'the referral inbox: referrals addressed to the caller’s team only',
  },
  {
    service: 'social-work',
    method: 'GET',
    path: '/api/v1/referrals/{referralId}',
    target: 'social-work-referral',
    roles: ['social-worker'],
    sees: OWN_RESOURCE(SW),
    logs: 'referral',
    why: "one referral of the inbox: addressed to the caller's team; another team's is 404 like an unknown one",
  },
  {
    service: 'social-work',
    method: 'GET',
    path: '/api/v1/pathways',
    target: 'none',
    roles: ['social-worker'],
    sees: 'anyone with the role',
    logs: 'caseload',
    lists: { [SW]: { includes: ['own'], excludes: ['foreign', 'consented', 'withdrawn'] } },
    why: 'the caseload: pathways the caller’s team took on only; consent lets social work read the chain, not hold a file',
  },
  {
    service: 'social-work',
    method: 'GET',
    path: '/api/v1/pathways/{pathwayId}',
    target: 'pathway',
    roles: ['social-worker'],
    sees: SOCIAL_WORK_CASELOAD,
    logs: 'caseload',
    why: 'a pathway of the caseload only',
  },
  {
    service: 'social-work',
    method: 'POST',
    path: '/api/v1/referrals',
    target: 'pathway',
    roles: ['social-worker'],
    sees: SOCIAL_WORK_CASELOAD,
    body: (t) => ({
      pathwayId: t.pathwayId,
      toOrg: URN.amsterdam,
      reason: 'debt-assistance',
      urgent: false,
      warm: false,
    }),
    why: 'an onward referral of a pathway in the caseload; consent lets social work read, not act',
  },
  {
    service: 'social-work',
    method: 'POST',
    path: '/api/v1/pathways/{pathwayId}/first-contact',
    target: 'pathway',
    roles: ['social-worker'],
    sees: SOCIAL_WORK_CASELOAD,
    body: () => ({ kind: 'Telefoon' }),
    why: 'a pathway of the caseload only',
  },
  {
    service: 'social-work',
    method: 'POST',
    path: '/api/v1/pathways/{pathwayId}/support',
    target: 'pathway',
    roles: ['social-worker'],
    sees: SOCIAL_WORK_CASELOAD,
    body: () => ({ kind: 'budget-coaching' }),
    why: 'a pathway of the caseload only',
  },
  {
    service: 'social-work',
    method: 'POST',
    path: '/api/v1/pathways/{pathwayId}/support/{kind}/end',
    target: 'pathway',
    roles: ['social-worker'],
    sees: SOCIAL_WORK_CASELOAD,
    params: { kind: 'budget-coaching' },
    body: () => ({}),
    why: 'a pathway of the caseload only',
  },
  {
    service: 'social-work',
    method: 'POST',
    path: '/api/v1/pathways/{pathwayId}/urgent-situations',
    target: 'pathway',
    roles: ['social-worker'],
    sees: SOCIAL_WORK_CASELOAD,
    body: (t) => ({ threat: 'eviction', dueBy: t.plusDays(10) }),
    why: 'a pathway of the caseload only',
  },
  {
    service: 'social-work',
    method: 'POST',
    path: '/api/v1/referrals/{referralId}/acceptance',
    target: 'social-work-referral',
    roles: ['social-worker'],
    sees: OWN_RESOURCE(SW),
    body: () => ({}),
    why: "a referral addressed to the caller's team; another team's is 404 like an unknown one",
  },
  {
    service: 'social-work',
    method: 'POST',
    path: '/api/v1/referrals/{referralId}/decline',
    target: 'social-work-referral',
    roles: ['social-worker'],
    sees: OWN_RESOURCE(SW),
    body: () => ({ reason: 'no-capacity' }),
    why: "a referral addressed to the caller's team; another team's is 404 like an unknown one",
  },
  serviceAccessLog('social-work', 'pathwayId', HOLDS_RECORDS),

  // court liaison: its cases
  {
    service: 'court-liaison',
    method: 'GET',
    path: '/api/v1/cases',
    target: 'none',
    roles: ['court-liaison'],
    sees: 'anyone with the role',
    logs: 'court-case',
    lists: { [RB]: { includes: ['own'], excludes: ['foreign', 'consented', 'withdrawn'] } },
    why: "the court liaison's cases: pathways referred to the caller's court only",
  },
  {
    service: 'court-liaison',
    method: 'GET',
    path: '/api/v1/pathways/{id}',
    target: 'pathway',
    roles: ['court-liaison'],
    sees: COURT_CASE,
    logs: 'court-case',
    why: "the court liaison's own case of the pathway; any other 404",
  },
  {
    service: 'court-liaison',
    method: 'POST',
    path: '/api/v1/cases',
    target: 'pathway',
    roles: ['court-liaison'],
    sees: COURT_CASE,
    body: (t) => ({ pathwayId: t.pathwayId }),
    why:
      'a case for a pathway referred to the court liaison: opening one on any other pathway would make the court a participant ' +
      '(and so a reader of its chain events) without referral or consent',
  },
  courtCommand('/hearings', (t) => ({ at: `${t.plusDays(7)}T10:00:00Z`, instrument: 'moratorium' })),
  courtCommand('/moratorium/request', () => ({ basis: 'Wgs-5' })),
  courtCommand('/moratorium/grant', (t) => ({ startsAt: t.today, endsAt: t.plusDays(30) })),
  courtCommand('/moratorium/reject'),
  courtCommand('/provisional-measure', (t) => ({ endsAt: t.plusDays(30) })),
  courtCommand('/forced-settlement/request'),
  courtCommand('/forced-settlement/decision', () => ({ outcome: 'rejected' })),
  courtCommand('/wsnp/petition'),
  courtCommand('/wsnp/admission', () => ({ termMonths: 18 })),
  courtCommand('/wsnp/rejection'),
  courtCommand('/wsnp/end', () => ({ cleanSlate: true })),
  courtCommand('/protective-administration/request'),
  courtCommand('/protective-administration/order'),
  courtCommand('/protective-administration/lift'),
  {
    service: 'court-liaison',
    method: 'POST',
    path: '/api/v1/referrals/{referralId}/acceptance',
    target: 'court-referral',
    roles: ['court-liaison'],
    sees: OWN_RESOURCE(RB),
    body: () => ({}),
    why: "a referral to the caller's court; another court's is 404",
  },
  {
    service: 'court-liaison',
    method: 'POST',
    path: '/api/v1/referrals/{referralId}/decline',
    target: 'court-referral',
    roles: ['court-liaison'],
    sees: OWN_RESOURCE(RB),
    body: () => ({ declineReason: 'no-capacity' }),
    why: "a referral to the caller's court; another court's is 404",
  },
  serviceAccessLog('court-liaison', 'pathwayId', HOLDS_RECORDS),

  // GP: its patients' consents and its referrals
  {
    service: 'gp',
    method: 'GET',
    path: '/api/v1/referrals',
    target: 'none',
    roles: ['gp'],
    sees: 'anyone with the role',
    logs: 'referral',
    lists: { [GP]: { includes: ['own'], excludes: ['foreign'] } },
    listedBy: 'referralId',
    why: "the practice's own referrals only",
  },
  {
    service: 'gp',
    method: 'GET',
    path: '/api/v1/referrals/{id}',
    target: 'gp-referral',
    roles: ['gp'],
    sees: OWN_RESOURCE(GP),
    logs: 'referral',
    why: "the practice's own referral; another practice's is 404",
  },
  {
    service: 'gp',
    method: 'POST',
    path: '/api/v1/patients/{patientRef}/consents',
    target: 'none',
    roles: ['gp'],
    sees: 'anyone with the role',
    params: { patientRef: `pat-${randomUUID().slice(0, 8)}` },
    body: () => ({ bsn: randomBsn(), scope: ['refer-to-municipality'], purpose: 'referral', validUntil: null }),
    why: "a practice records its own patient's consent",
  },
  {
    service: 'gp',
    method: 'GET',
    path: '/api/v1/consents',
    target: 'none',
    roles: ['gp'],
    sees: 'anyone with the role',
    logs: 'consent',
    why: "the practice's own patient consents only (each listed episode pathway is access-logged)",
  },
  {
    service: 'gp',
    method: 'POST',
    path: '/api/v1/referrals',
    target: 'gp-consent',
    roles: ['gp'],
    sees: OWN_RESOURCE(GP),
    hiddenStatus: 409,
    body: (t) => ({
      consentId: t.resourceId,
      toOrg: URN.amsterdam,
      reason: 'financial-worries',
      urgent: false,
      warm: false,
    }),
    why:
      "a referral on the practice's own patient consent; the consent is named in the body and the documented answer " +
      'for one the practice does not hold is 409 (no valid consent), the same for another practice’s',
  },
  {
    service: 'gp',
    method: 'POST',
    path: '/api/v1/consents/{consentId}/withdrawal',
    target: 'gp-consent',
    roles: ['gp'],
    sees: OWN_RESOURCE(GP),
    body: () => ({}),
    why: "the practice's own patient consent; another practice's is 404",
  },
  serviceAccessLog('gp', 'pathwayId', HOLDS_RECORDS),

  // timeline: the chain-wide view, and the coordinator's analytics
  {
    service: 'timeline',
    method: 'GET',
    path: '/api/v1/pathways/{id}',
    target: 'pathway',
    roles: ALL_ROLES,
    sees: NEED_TO_KNOW,
    logs: 'summary',
    why: 'need-to-know policy (@ketenpad/privacy readAccess)',
  },
  {
    service: 'timeline',
    method: 'GET',
    path: '/api/v1/pathways/{id}/timeline',
    target: 'pathway',
    roles: ALL_ROLES,
    sees: NEED_TO_KNOW,
    logs: 'timeline',
    why: 'need-to-know policy (@ketenpad/privacy readAccess, mayReadEvent)',
  },
  {
    service: 'timeline',
    method: 'GET',
    path: '/api/v1/pathways',
    target: 'none',
    roles: ALL_ROLES,
    sees: 'anyone with the role',
    logs: 'pathway-list',
    query: () => ({ status: 'all', pageSize: '100' }),
    lists: {
      [C63]: { includes: ['own', 'consented', 'withdrawn'], excludes: ['foreign'] },
      [C44]: { includes: ['foreign'], excludes: ['own', 'consented', 'withdrawn'] },
      [KR]: { includes: ['own', 'foreign', 'consented', 'withdrawn'], excludes: [] },
      [SW]: { includes: ['own', 'consented'], excludes: ['foreign', 'withdrawn'] },
      [PT]: { includes: ['own', 'consented'], excludes: ['foreign', 'withdrawn'] },
    },
    why: 'the caseload: exactly the pathways the need-to-know policy lets the caller see',
  },
  {
    service: 'timeline',
    method: 'GET',
    path: '/api/v1/stream',
    target: 'none',
    roles: ALL_ROLES,
    sees: 'anyone with the role',
    why: 'live change signals, each filtered per reader by the need-to-know policy (no pathway data in the stream)',
  },
  serviceAccessLog('timeline', 'pathwayId'),
  bottleneck('wgs-deadlines'),
  bottleneck('hand-offs'),
  bottleneck('phase-durations'),
  bottleneck('stalled'),
  bottleneck('pillar-to-post'),
  bottleneck('outcomes'),
  bottleneck('flow'),

  // partner gateway: a partner's subscriptions and the events it is entitled to
  {
    service: 'partner-gateway',
    method: 'GET',
    path: '/api/v1/notifications/{eventId}',
    target: 'event',
    roles: ['partner'],
    sees: PARTNER_ENTITLED,
    logs: 'notification',
    why: 'need-to-know policy: a partner referred to the pathway, or with consent until withdrawn',
  },
  {
    service: 'partner-gateway',
    method: 'POST',
    path: '/api/v1/subscriptions',
    target: 'none',
    roles: ['partner'],
    sees: 'anyone with the role',
    body: (t) => ({ callbackUrl: t.callbackUrl, eventTypes: ['nl.ketenpad.municipality.*'] }),
    why: 'a partner subscribes for its own organisation',
  },
  {
    service: 'partner-gateway',
    method: 'GET',
    path: '/api/v1/subscriptions',
    target: 'none',
    roles: ['partner'],
    sees: 'anyone with the role',
    why: "a partner's own subscriptions",
  },
  subscriptionRoute('GET', ''),
  subscriptionRoute('GET', '/deliveries'),
  subscriptionRoute('GET', '/dead-letters'),
  subscriptionRoute('PATCH', '', () => ({})),
  subscriptionRoute('POST', '/pause', () => ({})),
  subscriptionRoute('POST', '/resume', () => ({})),
  subscriptionRoute('POST', '/redeliveries', () => ({})),
  subscriptionRoute('POST', '/replays', () => ({ from: new Date(Date.now() - 3_600_000).toISOString() })),
  subscriptionRoute('POST', '/test-deliveries', () => ({})),
  subscriptionRoute('DELETE', ''),
  serviceAccessLog('partner-gateway', 'pathwayId'),
];

/**
 * Issue 12: the summary fields of the `own` pathway (after RB-AMS requested a
 * moratorium on it, a `legal` event) per reader of it. The need-to-know policy
 * applies to every field of the summary (GET /pathways/{id} and the one inside
 * /timeline), not only to the events: a reader without the whole view is shown
 * the summary folded from the events it may read.
 */
export const OWN_PATHWAY_SUMMARY: Readonly<
  Partial<
    Record<
      Actor,
      {
        /** The whole summary (every field, as projected). */
        whole: boolean;
        /** `legalStatus` is `moratorium-requested` (else null). */
        legalStatus: boolean;
        /** The municipality's referral to RB-AMS is among `referrals`. */
        courtReferral: boolean;
        why: string;
      }
    >
  >
> = {
  [C63]: { whole: true, legalStatus: true, courtReferral: true, why: 'the responsible municipality' },
  [A63]: { whole: true, legalStatus: true, courtReferral: true, why: 'the responsible municipality' },
  [KR]: { whole: true, legalStatus: true, courtReferral: true, why: 'the chain coordinator' },
  [SW]: { whole: false, legalStatus: false, courtReferral: true, why: 'participant: chain events only' },
  [RB]: { whole: false, legalStatus: true, courtReferral: true, why: 'participant, and the legal event is its own' },
  [PT]: { whole: false, legalStatus: false, courtReferral: true, why: 'referred to: chain events only' },
  [GP]: {
    whole: false,
    legalStatus: false,
    courtReferral: false,
    why: 'referring GP: its own events only (medical secrecy)',
  },
};

/** The expected answer of one cell. */
export type Expected =
  | { kind: 'allowed' }
  /** `status`: 401, 403, 404, or the endpoint's `hiddenStatus`. */
  | { kind: 'refused'; status: number; because: string };

/** What the design says a caller gets on a target of the given kind. */
export function expectedOutcome(rule: EndpointRule, actor: Actor, pathway: PathwayKind | null): Expected {
  const caller = ACTORS[actor];
  if (caller.orgId === null) return { kind: 'refused', status: 401, because: 'no token' };
  if ('misfit' in caller)
    return { kind: 'refused', status: 401, because: 'the role does not fit the organisation kind' };
  if (!caller.roles.some((role) => rule.roles.includes(role)))
    return { kind: 'refused', status: 403, because: `needs one of the roles ${rule.roles.join(', ')}` };
  if (rule.sees === 'anyone with the role' || pathway === null) return { kind: 'allowed' };
  const seen = rule.sees[pathway] ?? [];
  return seen.includes(actor)
    ? { kind: 'allowed' }
    : { kind: 'refused', status: rule.hiddenStatus ?? 404, because: `may not see the ${pathway} ${rule.target}` };
}

/**
 * Where a service disagrees with the design: each is pinned to what the
 * service answers now, so the test stays honest both ways (a fixed service
 * fails the test until its finding is removed here). `got through` is a 2xx
 * or a 409 from the domain: the request was not refused for who asked.
 */
export interface Finding {
  service: ChainService;
  method: HttpMethod;
  paths: readonly string[];
  actors: readonly Actor[];
  pathways: readonly PathwayKind[];
  actual: number | 'got through';
  note: string;
}

export const FINDINGS: readonly Finding[] = [];

/** Endpoints the design requires that a service does not expose yet (pinned like {@link FINDINGS}). */
export const MISSING_ENDPOINTS: readonly { service: ChainService; method: HttpMethod; path: string; note: string }[] =
  [];

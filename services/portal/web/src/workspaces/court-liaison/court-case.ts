import { CODE_LISTS } from '@ketenpad/contracts';

/**
 * The court liaison's case of a pathway as its service answers it
 * (`GET /api/v1/pathways/:id` and `GET /api/v1/cases` of the court liaison:
 * CourtCaseState in services/court-liaison/src/domain/court-case/court-case.state.ts).
 */
export interface CourtCase {
  pathwayId: string;
  organisationId: string;
  status: 'new' | 'open' | 'closed';
  openedDirectly: boolean;
  openedAt: string | null;
  referrals: CourtReferral[];
  moratorium: Moratorium;
  provisionalMeasure: { grantedAt: string; endsAt: string } | null;
  forcedSettlement: ForcedSettlement;
  wsnp: Wsnp;
  protectiveAdministration: ProtectiveAdministration;
  hearings: { at: string; instrument: Instrument }[];
}

export interface CourtReferral {
  referralId: string;
  fromOrg: string;
  reason: string;
  urgent: boolean;
  madeAt?: string;
  receivedAt: string;
  status: 'received' | 'accepted' | 'declined';
}

export type MoratoriumBasis = 'Fw-287b' | 'Wgs-5';
export type Moratorium =
  | { status: 'none' }
  | { status: 'requested'; basis: MoratoriumBasis; requestedAt: string }
  | { status: 'rejected'; basis: MoratoriumBasis; rejectedAt: string }
  | { status: 'granted'; basis: MoratoriumBasis; startsAt: string; endsAt: string }
  | { status: 'ended'; basis: MoratoriumBasis; startsAt: string; endsAt: string; endedAt: string };

export type ForcedSettlement =
  | { status: 'none' }
  | { status: 'requested'; requestedAt: string }
  | { status: 'decided'; requestedAt: string; outcome: 'granted' | 'rejected'; decidedAt: string };

export type Wsnp =
  | { status: 'none' }
  | { status: 'petitioned'; petitionedAt: string }
  | { status: 'rejected'; rejectedAt: string }
  | { status: 'admitted'; admittedAt: string; termMonths: number }
  | { status: 'ended'; admittedAt: string; termMonths: number; endedAt: string; cleanSlate: boolean };

export type ProtectiveAdministration =
  | { status: 'none' }
  | { status: 'requested'; requestedAt: string }
  | { status: 'ordered'; orderedAt: string }
  | { status: 'lifted'; liftedAt: string };

/** Mirrors court-case.codes.ts. */
export const MORATORIUM_BASES = ['Wgs-5', 'Fw-287b'] as const satisfies readonly MoratoriumBasis[];
export const INSTRUMENTS = [
  'moratorium',
  'provisional-measure',
  'forced-settlement',
  'wsnp',
  'protective-administration',
] as const;
export type Instrument = (typeof INSTRUMENTS)[number];
export const DECLINE_REASONS = CODE_LISTS.referral.declineReason;
/** The longest Wsnp term and moratorium (court-case.codes.ts). */
export const WSNP_MAX_TERM_MONTHS = 42;
export const MORATORIUM_MAX_MONTHS = 6;

/** What the court liaison can record on its case; only the ones the service allows in the case's state are offered. */
export type CourtAction =
  | 'reopen'
  | 'moratorium-request'
  | 'moratorium-grant'
  | 'moratorium-reject'
  | 'provisional-measure'
  | 'forced-settlement-request'
  | 'forced-settlement-decision'
  | 'wsnp-petition'
  | 'wsnp-admission'
  | 'wsnp-rejection'
  | 'wsnp-end'
  | 'protective-administration-request'
  | 'protective-administration-order'
  | 'protective-administration-lift'
  | 'hearing';

/**
 * The actions the court liaison's decider allows in this state (court-case.decider.ts and
 * its machines): a closed case can only be taken up again; in an open one each procedure
 * offers its next step. The service still decides: its refusal is shown as it words it.
 */
export function availableCourtActions(c: CourtCase): CourtAction[] {
  if (c.status === 'closed') return ['reopen'];
  if (c.status !== 'open') return [];
  const actions: CourtAction[] = [];
  const m = c.moratorium.status;
  if (m === 'requested') actions.push('moratorium-grant', 'moratorium-reject');
  else if (m !== 'granted') actions.push('moratorium-request');
  actions.push('provisional-measure');
  if (c.forcedSettlement.status === 'none') actions.push('forced-settlement-request');
  if (c.forcedSettlement.status === 'requested') actions.push('forced-settlement-decision');
  const w = c.wsnp.status;
  if (w === 'none' || w === 'rejected') actions.push('wsnp-petition');
  if (w === 'petitioned') actions.push('wsnp-admission', 'wsnp-rejection');
  if (w === 'admitted') actions.push('wsnp-end');
  const p = c.protectiveAdministration.status;
  if (p === 'none' || p === 'lifted') actions.push('protective-administration-request');
  if (p === 'requested') actions.push('protective-administration-order');
  if (p === 'ordered') actions.push('protective-administration-lift');
  actions.push('hearing');
  return actions;
}

/** True once any court procedure started: a referral can then no longer be declined (court-case.state.ts). */
export function hasProceedings(c: CourtCase): boolean {
  return (
    c.moratorium.status !== 'none' ||
    c.provisionalMeasure !== null ||
    c.forcedSettlement.status !== 'none' ||
    c.wsnp.status !== 'none' ||
    c.protectiveAdministration.status !== 'none' ||
    c.hearings.length > 0
  );
}

/** Referrals still to answer (accept or decline) on the case. */
export function waitingReferrals(c: CourtCase): CourtReferral[] {
  return c.status === 'new' ? [] : c.referrals.filter((r) => r.status === 'received');
}

/** `YYYY-MM-DD` parts, without time zones. */
function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The same day `months` later; the last day of that month when it is shorter
 * (moratorium-term.rule.ts, plusMonths): 31 August + 6 months = 28/29 February.
 */
export function plusMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return iso(year, month, Math.min(d, lastDay));
}

/** The first day without the moratorium: when the scheduler ends it by itself (moratoriumEndsOn). */
export function dayAfter(date: string): string {
  const [y, m, d] = parts(date);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return iso(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/**
 * Why a moratorium from `startsAt` to `endsAt` (its last day) cannot be granted, or
 * undefined: it must end after it starts, at most 6 months later (moratoriumTermViolation).
 */
export function moratoriumTermProblem(
  startsAt: string,
  endsAt: string,
): 'missing' | 'not-after-start' | 'too-long' | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startsAt) || !/^\d{4}-\d{2}-\d{2}$/.test(endsAt)) return 'missing';
  if (endsAt <= startsAt) return 'not-after-start';
  if (endsAt > plusMonths(startsAt, MORATORIUM_MAX_MONTHS)) return 'too-long';
  return undefined;
}

/** The court liaison's list of cases (`GET /api/v1/cases`), refetched on every live change. */
export const COURT_CASES = ['court-cases'] as const;

/** The query key of a case: it holds the pathway id, so the live updates refetch it. */
export const courtCaseKey = (pathwayId: string) => ['pathway', pathwayId, 'court-case'] as const;

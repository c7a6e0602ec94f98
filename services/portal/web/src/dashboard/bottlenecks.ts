/**
 * The timeline service's coordinator analytics (`GET /api/v1/bottlenecks/*`,
 * reached through the portal as `/api/timeline/bottlenecks/*`), as far as the
 * dashboard reads them. Mirrors services/timeline/src/adapters/http/bottleneck.responses.ts;
 * every answer names pathways by their pseudonymous id only.
 */

/** The query string every bottleneck endpoint takes (BottleneckQueryDto); empty values are left out. */
export interface BottleneckFilters {
  /** CBS municipality code, e.g. `GM0363`. */
  municipality?: string;
  /** First day of the period (YYYY-MM-DD, Europe/Amsterdam), inclusive. */
  from?: string;
  /** Last day of the period (YYYY-MM-DD), inclusive; not before `from`. */
  to?: string;
}

export const BOTTLENECK_ENDPOINTS = [
  'wgs-deadlines',
  'hand-offs',
  'phase-durations',
  'stalled',
  'pillar-to-post',
  'outcomes',
  'flow',
] as const;
export type BottleneckEndpoint = (typeof BOTTLENECK_ENDPOINTS)[number];

interface AsOf {
  /** The instant "now" was evaluated at. */
  asOf: string;
}

export interface WgsDeadlines extends AsOf {
  approachingWorkingDays: number;
  /** Deadlines up to and including this date count as approaching. */
  approachingUntil: string;
  /** Open pathways past their deadline without a first conversation (complete count). */
  overdue: number;
  /** Open pathways whose deadline is today or within the approaching window (complete count). */
  approaching: number;
  /** Overdue and approaching pathways, earliest deadline first (period: arrival date). */
  pathways: {
    pathwayId: string;
    municipalityCode: string | null;
    /** Last day of the Wgs term (YYYY-MM-DD). */
    firstConversationDue: string;
    /** The 3-working-day crisis term instead of 4 weeks. */
    crisis: boolean;
    owner: string | null;
    status: 'overdue' | 'approaching';
    workingDaysLeft: number;
    workingDaysOverdue: number;
  }[];
  listed: number;
  total: number;
  /** Per ISO week (Monday): first conversations held and how many on time (period: date held). */
  weekly: { week: string; held: number; onTime: number; late: number; onTimeShare: number | null }[];
}

export interface HoursDistribution {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
  meanHours: number | null;
}

export interface HandOffs extends AsOf {
  thresholdWorkingDays: number;
  /** Per pair of organisations (period: referral date). */
  pairs: {
    fromOrg: string | null;
    toOrg: string | null;
    referrals: number;
    accepted: number;
    declined: number;
    /** Still unanswered, on open pathways. */
    waiting: number;
    /** Never answered, and the pathway closed: referrals = accepted + declined + waiting + closedUnanswered. */
    closedUnanswered: number;
    referralToAcceptance: HoursDistribution;
    acceptanceToFirstContact: HoursDistribution;
  }[];
  /** Referrals still waiting for an answer, oldest first. */
  waiting: {
    pathwayId: string;
    referralId: string;
    fromOrg: string | null;
    toOrg: string | null;
    referredAt: string;
    workingDaysWaiting: number;
    overThreshold: boolean;
  }[];
  waitingTotal: number;
}

export interface DaysDistribution {
  count: number;
  medianDays: number | null;
  p90Days: number | null;
  meanDays: number | null;
}

export interface PhaseDurations extends AsOf {
  /** Completed stays per DDAS phase (period: date entered). */
  phases: (DaysDistribution & { phase: string; ongoing: number })[];
  /** Request -> first settlement phase (period: arrival date), against the NVVK norm of 120 days. */
  settlementPreparation: DaysDistribution & { overNorm: number; normDays: number };
  /** Request -> first conversation held (period: arrival date), against the NVVK mean of 11 days. */
  firstAppointment: DaysDistribution & { normMeanDays: number };
}

export interface Stalled extends AsOf {
  days: number;
  total: number;
  byPhaseAndOwner: { phase: string; owner: string | null; count: number }[];
  /** Longest quiet first (period: arrival date). */
  pathways: {
    pathwayId: string;
    phase: string;
    owner: string | null;
    lastEventAt: string;
    daysSinceLastEvent: number;
  }[];
}

export interface PillarToPost extends AsOf {
  formula: string;
  minIndex: number;
  total: number;
  /** Highest index first (period: arrival date). */
  pathways: {
    pathwayId: string;
    index: number;
    handOffs: number;
    declined: number;
    bounces: number;
    phase: string;
    closed: boolean;
  }[];
}

export interface Outcomes extends AsOf {
  /** Pathways closed in the period (merges excluded). */
  closed: number;
  byPhase: { phase: string; count: number }[];
  byPhaseAndReason: { phase: string | null; reason: string | null; count: number }[];
  /** Closed in aanmelding, intake, plan-van-aanpak or stabilisatie. */
  droppedOutBeforeSettlement: number;
  /** droppedOutBeforeSettlement / closed; null when nothing closed. */
  dropOutShare: number | null;
  dropOutShareBase: 'closed';
  /** What became of the pathways registered in the period; the parts add up to `registered`. */
  cohort: {
    registered: number;
    reachedSettlement: number;
    droppedOut: number;
    openBeforeSettlement: number;
    closedOtherwise: number;
    /** droppedOut / registered; null when none registered. */
    dropOutShare: number | null;
    dropOutShareBase: 'registered';
  };
  /** The reference figure, a share of everyone who registered (compare with cohort.dropOutShare). */
  normDropOutShare: number;
  normDropOutShareBase: 'registered';
}

export interface Flow extends AsOf {
  from: string;
  to: string;
  /** Per ISO week (Monday) of the period. */
  weeks: { week: string; arrivals: number; closures: number; workInProgress: Record<string, number> }[];
}

export interface BottleneckAnswers {
  'wgs-deadlines': WgsDeadlines;
  'hand-offs': HandOffs;
  'phase-durations': PhaseDurations;
  stalled: Stalled;
  'pillar-to-post': PillarToPost;
  outcomes: Outcomes;
  flow: Flow;
}

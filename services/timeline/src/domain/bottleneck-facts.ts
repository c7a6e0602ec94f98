import { LocalDate } from '@ketenpad/calendar';
import { parseSource } from './chain-event';
import type { PathwaySummary, ReferralState } from './pathway-summary';

/**
 * Published reference figures the coordinator analytics are compared with.
 * NVVK (Jaarverslag / Kengetallen schuldhulpverlening): settlement preparation
 * should take at most 120 days, a first appointment follows on average 11 days
 * after the request, and about 40 % of residents drop out before a settlement starts.
 */
export const NORMS = {
  settlementPreparationDays: 120,
  daysToFirstAppointment: 11,
  dropOutBeforeSettlementShare: 0.4,
} as const;

/** DDAS phases before a debt settlement starts: closing in one of these is a drop-out. */
export const PHASES_BEFORE_SETTLEMENT: readonly string[] = ['aanmelding', 'intake', 'plan-van-aanpak', 'stabilisatie'];

/** Phases in which a settlement has started (settlement preparation ends when the first is entered). */
export const SETTLEMENT_PHASES: readonly string[] = ['oplossing', 'aflossing'];

/** Weights of the pillar-to-post index, see {@link pillarToPostIndex}. */
export const PILLAR_TO_POST_WEIGHTS = { handOff: 1, declined: 2, bounce: 3 } as const;

/**
 * Pillar-to-post index ("van het kastje naar de muur") of one pathway:
 *
 *     index = 1 × hand-offs + 2 × declined referrals + 3 × bounces
 *
 * where a hand-off is every referral made, a declined referral one the receiver
 * refused, and a bounce a referral that sends the resident to an organisation
 * that already had its turn: back to one that referred the case on before
 * (A → B, later B → A), or again to one that declined it before (A → B
 * declined, later A → B or C → B). A declined referral and a bounce each cost
 * the resident one more hand-off on top of the one counted, so they weigh
 * more; a pathway with one accepted referral scores 1.
 *
 * Worked example: the municipality refers to social work, which declines (1 + 2);
 * the municipality refers to the same social-work organisation again, which
 * declines again (1 + 2 + 3: a second decline, and a bounce because it had
 * declined before); then to the court liaison, which accepts (1):
 * 3 hand-offs + 2 declined + 1 bounce = 3 + 4 + 3 = 10. A single ping-pong
 * (municipality → social work accepted, social work → municipality) scores
 * 2 hand-offs + 1 bounce = 5.
 */
export function pillarToPostIndex(counts: { handOffs: number; declined: number; bounces: number }): number {
  return (
    counts.handOffs * PILLAR_TO_POST_WEIGHTS.handOff +
    counts.declined * PILLAR_TO_POST_WEIGHTS.declined +
    counts.bounces * PILLAR_TO_POST_WEIGHTS.bounce
  );
}

/** The analytic columns of one pathway, derived from its summary only (so a rebuild derives the same). */
export interface PathwayFacts {
  /** Organisation ids (`GM0363`, `SW-AMS`) of every participant, for the organisation filter. */
  organisations: string[];
  crisis: boolean;
  /** Calendar date of the open or met first-conversation deadline. */
  firstConversationDue: string | null;
  firstConversationHeldAt: string | null;
  /** Whether the first conversation met its deadline; null until it is held. */
  firstConversationOnTime: boolean | null;
  /** When the first settlement phase was entered, if ever. */
  settlementStartedAt: string | null;
  /** Closed (not merged) in a phase before a settlement, and no settlement ever started; null while open or when merged. */
  droppedOut: boolean | null;
  handOffs: number;
  declined: number;
  bounces: number;
  pillarIndex: number;
}

export function pathwayFacts(summary: PathwaySummary): PathwayFacts {
  const made = summary.referrals.filter((r) => r.madeAt !== null);
  const counts = {
    handOffs: made.length,
    declined: summary.referrals.filter((r) => r.status === 'declined').length,
    bounces: made.filter((r) => r.bounce).length,
  };
  const closed = summary.closedAt !== null && summary.closeReason !== 'merged';
  const settlementStartedAt = summary.phaseHistory.find((c) => SETTLEMENT_PHASES.includes(c.phase))?.at ?? null;
  return {
    organisations: [...new Set(summary.participants.map((urn) => parseSource(urn)?.id ?? urn))].sort(),
    crisis: summary.crisis !== null,
    firstConversationDue: summary.firstConversationDue,
    firstConversationHeldAt: summary.firstConversationHeldAt,
    firstConversationOnTime: firstConversationOnTime(summary),
    settlementStartedAt,
    droppedOut: closed
      ? settlementStartedAt === null && PHASES_BEFORE_SETTLEMENT.includes(summary.phaseAtClose ?? '')
      : null,
    ...counts,
    pillarIndex: pillarToPostIndex(counts),
  };
}

/** The producer's verdict when it gave one, else the held date (Amsterdam) against the due date. */
function firstConversationOnTime(summary: PathwaySummary): boolean | null {
  if (summary.firstConversationHeldAt === null) return null;
  if (summary.firstConversationDeadlineMet !== null) return summary.firstConversationDeadlineMet;
  if (summary.firstConversationDue === null) return null;
  return !LocalDate.fromInstant(new Date(summary.firstConversationHeldAt)).isAfter(
    LocalDate.parse(summary.firstConversationDue),
  );
}

/** One stay of a pathway in one phase; `leftAt` is null while it is still there. */
export interface PhaseInterval {
  seq: number;
  phase: string;
  enteredAt: string;
  leftAt: string | null;
}

/**
 * The phases a pathway went through, in business time: it starts in
 * `aanmelding` when its earliest fact happened (`startedAt`), moves at every
 * phase change, and the last stay ends when the pathway closes (a change to
 * `uitstroom` is the closure, not a stay; changes after the closure are
 * ignored). So the stays of a pathway follow each other without gap or overlap
 * from its start to its closure, and none is negative: the start is the
 * earliest fact and the changes are in time order. A pathway merged into
 * another has no stays: it was the same resident's pathway, counted there.
 */
export function phaseIntervals(summary: PathwaySummary): PhaseInterval[] {
  if (summary.closeReason === 'merged') return [];
  const closedAt = summary.closedAt;
  const intervals: PhaseInterval[] = [];
  let current = { phase: 'aanmelding', at: summary.startedAt };
  for (const change of summary.phaseHistory) {
    if (change.phase === 'uitstroom' || (closedAt !== null && change.at > closedAt)) continue;
    if (change.phase === current.phase) continue;
    intervals.push({ seq: intervals.length, phase: current.phase, enteredAt: current.at, leftAt: change.at });
    current = change;
  }
  intervals.push({ seq: intervals.length, phase: current.phase, enteredAt: current.at, leftAt: closedAt });
  return intervals;
}

/** One hand-off: a referral with the instants of its protocol steps. */
export interface HandOff {
  referralId: string;
  fromOrg: string | null;
  toOrg: string | null;
  referredAt: string | null;
  status: ReferralState['status'];
  acceptedAt: string | null;
  declinedAt: string | null;
  firstContactAt: string | null;
  bounce: boolean;
}

/**
 * The hand-offs of a pathway, each step at its business time. The steps are
 * recorded by different organisations on their own clocks (the referrer, the
 * receiver); a step its system dates before the step it answers is taken to
 * happen together with that step, so no wait is negative.
 */
export function handOffs(summary: PathwaySummary): HandOff[] {
  return summary.referrals.map((r) => {
    const answeredAt = r.answeredAt === undefined ? null : latest(r.answeredAt, r.madeAt);
    const acceptedAt = r.status === 'accepted' ? answeredAt : null;
    return {
      referralId: r.referralId,
      fromOrg: r.fromOrg,
      toOrg: r.toOrg,
      referredAt: r.madeAt,
      status: r.status,
      acceptedAt,
      declinedAt: r.status === 'declined' ? answeredAt : null,
      firstContactAt: r.firstContactAt === undefined ? null : latest(r.firstContactAt, acceptedAt ?? r.madeAt),
      bounce: r.bounce,
    };
  });
}

/** The later of two ISO instants (normalised by the fold, so they compare as strings); `b` may be unknown. */
function latest(a: string, b: string | null): string {
  return b !== null && b > a ? b : a;
}

/** The organisation id of an organisation URN or id given as a filter (`urn:nld:ketenpad:social-work:SW-AMS` -> `SW-AMS`). */
export function organisationIdOf(urnOrId: string): string {
  return parseSource(urnOrId)?.id ?? urnOrId;
}

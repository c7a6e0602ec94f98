import { CODE_LISTS } from '@ketenpad/contracts';
import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';
import { workingDaysBetween, workingDaysSince } from '../../domain/format';

/**
 * What the social-work service answers (services/social-work/src/application:
 * referral.query.ts `ReferralView`, caseload.query.ts `CaseloadItemView`,
 * `CaseloadPathwayView`), as far as the workspace reads it.
 */
export interface Referral {
  referralId: string;
  pathwayId: string;
  fromOrg: string;
  toOrg: string;
  reason: string;
  urgent: boolean;
  warm: boolean;
  status: 'open' | 'accepted' | 'declined';
  madeAt: string;
  receivedAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  firstContactAt: string | null;
  waitingHours: number;
}

export interface CaseloadItem {
  pathwayId: string;
  openedBy: 'referral-accepted' | 'referral-made';
  openedAt: string;
  activeSupport: string[];
  urgentSituations: { threat: string; dueBy: string; flaggedAt: string }[];
}

export interface CaseloadPathway extends CaseloadItem {
  referrals: Referral[];
}

/** Social work answers a referral within 5 working days (the chain's agreement; the timeline flags a longer wait). */
export const ANSWER_THRESHOLD = 5;
/** Coded reasons for declining (the decline DTO's `reason`): never free text. */
export const DECLINE_REASONS = CODE_LISTS.referral.declineReason;
/** How contact was made: DDAS contactsoort (the first-contact DTO's `kind`). */
export const CONTACT_KINDS = CODE_LISTS.ddasCodes.contactsoort;
export const SUPPORT_KINDS = CODE_LISTS.pathway.supportKind;
/** The threats of the Wgs the urgent-situation DTO takes. */
export const THREATS = CODE_LISTS.pathway.threat;
/** How support ended (services/social-work/src/domain/social-work.codes.ts SUPPORT_OUTCOMES). */
export const SUPPORT_OUTCOMES = ['completed', 'stopped-by-resident', 'referred-on', 'no-contact', 'other'] as const;
/** The municipality shortens a pending first conversation to this many working days after an urgent flag. */
export const URGENT_TERM_WORKING_DAYS = 3;

const CALENDAR = WorkingDayCalendar.netherlands();

/** Working days a referral waited: until its answer, or until now while open. */
export function waitedWorkingDays(referral: Pick<Referral, 'madeAt' | 'decidedAt'>, now: Date = new Date()): number {
  return referral.decidedAt
    ? Math.max(0, workingDaysBetween(new Date(referral.madeAt), new Date(referral.decidedAt)))
    : workingDaysSince(referral.madeAt, now);
}

/** How close an open referral is to the answer threshold: `late` past it, `due` on its last day, `near` one or two days before. */
export function waitingState(days: number): 'ok' | 'near' | 'due' | 'late' {
  if (days > ANSWER_THRESHOLD) return 'late';
  if (days === ANSWER_THRESHOLD) return 'due';
  if (days >= ANSWER_THRESHOLD - 2) return 'near';
  return 'ok';
}

/** Open referrals first (in the service's order: urgent, then longest waiting), then the answered ones, latest answer first. */
export function inboxOrder(referrals: readonly Referral[]): { open: Referral[]; answered: Referral[] } {
  return {
    open: referrals.filter((r) => r.status === 'open'),
    answered: referrals
      .filter((r) => r.status !== 'open')
      .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '')),
  };
}

/** The Wgs first-conversation deadline after an urgent flag today: 3 working days on (Algemene termijnenwet calendar). */
export function urgentDeadline(now: Date = new Date()): string {
  return CALENDAR.addWorkingDays(LocalDate.fromInstant(now), URGENT_TERM_WORKING_DAYS).toString();
}

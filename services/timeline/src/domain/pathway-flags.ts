import { LocalDate, type WorkingDayCalendar } from '@ketenpad/calendar';
import type { PathwaySummary } from './pathway-summary';

/** Working days a receiving organisation has to accept or decline a referral. */
export const REFERRAL_ACCEPTANCE_WORKING_DAYS = 5;

export type PathwayFlag =
  | { kind: 'first-conversation-overdue'; due: string }
  | { kind: 'referral-not-accepted-in-time'; referralId: string; toOrg: string | null; due: string }
  | { kind: 'referral-declined'; referralId: string; toOrg: string | null }
  | { kind: 'referral-bounced'; referralId: string; fromOrg: string | null; toOrg: string | null };

/**
 * Signals on a pathway that depend on today's date (computed when read, so they
 * are never stale): a Wgs deadline passed, a referral not answered within 5
 * working days of the Atw calendar, declined and ping-pong referrals.
 */
export function pathwayFlags(summary: PathwaySummary, today: LocalDate, calendar: WorkingDayCalendar): PathwayFlag[] {
  const flags: PathwayFlag[] = [];
  if (summary.closedAt === null) {
    for (const deadline of summary.openDeadlines) {
      if (deadline.kind === 'first-conversation' && LocalDate.parse(deadline.due).isBefore(today))
        flags.push({ kind: 'first-conversation-overdue', due: deadline.due });
    }
  }
  for (const referral of summary.referrals) {
    if (referral.status === 'waiting' && referral.madeAt !== null && summary.closedAt === null) {
      const due = calendar.addWorkingDays(
        LocalDate.fromInstant(new Date(referral.madeAt)),
        REFERRAL_ACCEPTANCE_WORKING_DAYS,
      );
      if (due.isBefore(today))
        flags.push({
          kind: 'referral-not-accepted-in-time',
          referralId: referral.referralId,
          toOrg: referral.toOrg,
          due: due.toString(),
        });
    }
    if (referral.status === 'declined')
      flags.push({ kind: 'referral-declined', referralId: referral.referralId, toOrg: referral.toOrg });
    if (referral.bounce)
      flags.push({
        kind: 'referral-bounced',
        referralId: referral.referralId,
        fromOrg: referral.fromOrg,
        toOrg: referral.toOrg,
      });
  }
  return flags;
}

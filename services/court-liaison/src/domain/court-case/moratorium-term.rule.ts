import { LocalDate } from '@ketenpad/calendar';
import { MORATORIUM_MAX_MONTHS } from './court-case.codes';

/**
 * The same day `months` calendar months later; when that month is shorter the
 * last day of that month (31 August + 6 months = 28/29 February), so a
 * term never spills into the month after.
 */
export function plusMonths(date: LocalDate, months: number): LocalDate {
  const monthIndex = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = LocalDate.of(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1).plusDays(-1).day;
  return LocalDate.of(year, month, Math.min(date.day, lastDay));
}

/**
 * Why a moratorium from `startsAt` to `endsAt` (its last day) cannot be
 * granted, or undefined when it can: it must end after it starts and may end
 * at most 6 months after it starts (art. 287b lid 4 Fw; art. 5 Wgs).
 */
export function moratoriumTermViolation(startsAt: LocalDate, endsAt: LocalDate): string | undefined {
  if (!endsAt.isAfter(startsAt)) return `endsAt (${endsAt.toString()}) must be after startsAt (${startsAt.toString()})`;
  const latest = plusMonths(startsAt, MORATORIUM_MAX_MONTHS);
  if (endsAt.isAfter(latest)) {
    return `a moratorium lasts at most ${MORATORIUM_MAX_MONTHS} months: endsAt may be ${latest.toString()} at the latest`;
  }
  return undefined;
}

/** The first day without the moratorium: when `moratorium-ended` is due. */
export function moratoriumEndsOn(endsAt: LocalDate): LocalDate {
  return endsAt.plusDays(1);
}

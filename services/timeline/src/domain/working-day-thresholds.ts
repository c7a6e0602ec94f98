import type { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';

/**
 * The latest calendar date D for which `addWorkingDays(D, n)` lies before
 * `today`: something that started on or before D has waited more than `n`
 * working days (the same rule as the referral flag). Lets SQL compare plain
 * dates instead of counting working days per row.
 */
export function lastStartOverThreshold(calendar: WorkingDayCalendar, today: LocalDate, n: number): LocalDate {
  // addWorkingDays is non-decreasing in its date, so walk back from yesterday.
  let day = today.plusDays(-1);
  while (!calendar.addWorkingDays(day, n).isBefore(today)) day = day.plusDays(-1);
  return day;
}

/** The last due date that counts as approaching: due within `n` working days from today (today itself included). */
export function approachingUntil(calendar: WorkingDayCalendar, today: LocalDate, n: number): LocalDate {
  return calendar.addWorkingDays(today, n);
}

import { LocalDate, WorkingDayCalendar } from '@ketenpad/calendar';

/** A short, pseudonymous reference for a pathway (never a BSN): the first block of its id. */
export function pathwayReference(pathwayId: string): string {
  return pathwayId.slice(0, 8).toUpperCase();
}

/** A calendar date (`2026-12-08`) at noon, so that no time zone moves it to another day. */
function dateOf(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
}

const FORMATS = {
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  short: { day: 'numeric', month: 'short', year: 'numeric' },
  dateTime: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  clock: { hour: '2-digit', minute: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * One formatter per locale and format: creating an Intl.DateTimeFormat costs far
 * more than using one, and a caseload formats thousands of dates per render.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, format: keyof typeof FORMATS): Intl.DateTimeFormat {
  const key = `${locale}|${format}`;
  let found = formatters.get(key);
  if (!found)
    formatters.set(
      key,
      (found = new Intl.DateTimeFormat(locale, { ...FORMATS[format], timeZone: 'Europe/Amsterdam' })),
    );
  return found;
}

/** `2026-12-08` or an instant, as "dinsdag 8 december 2026". */
export function longDate(value: string, locale: string): string {
  return formatter(locale, 'long').format(dateOf(value));
}

/** "8 dec 2026". */
export function shortDate(value: string, locale: string): string {
  return formatter(locale, 'short').format(dateOf(value));
}

/** "8 dec 2026, 14:03" in Dutch time. */
export function dateTime(value: string, locale: string): string {
  return formatter(locale, 'dateTime').format(new Date(value));
}

/** "14:03" in Dutch time. */
export function clockTime(value: Date, locale: string): string {
  return formatter(locale, 'clock').format(value);
}

/** A municipality's or partner's organisation, from its URN (`urn:nld:ketenpad:<kind>:<id>`). */
export function organisationOf(urn: string | null | undefined): { kind: string; id: string } | undefined {
  const match = /^urn:nld:ketenpad:([a-z-]+):(.+)$/.exec(urn ?? '');
  return match ? { kind: match[1]!, id: match[2]! } : undefined;
}

/** The event's name without producer and version: `nl.ketenpad.social-work.referral-accepted.v1` → `referral-accepted`. */
export function eventName(type: string): string {
  return /^nl\.ketenpad\.[a-z-]+\.([a-z-]+)\.v\d+$/.exec(type)?.[1] ?? type;
}

/**
 * The Algemene termijnenwet calendar the services count Wgs terms with
 * (weekends, public holidays, equated days): the same library, so the page
 * says the same number of working days as the caseload and the services.
 */
const CALENDAR = WorkingDayCalendar.netherlands();

/**
 * Working days from today (Europe/Amsterdam) to `due` (a date or an instant):
 * negative when `due` has passed. The timeline's caseload computes the same
 * figure on the server (`workingDaysLeft`); pages without it count here.
 */
export function workingDaysUntil(due: string, now: Date = new Date()): number {
  return CALENDAR.workingDaysBetween(LocalDate.fromInstant(now), LocalDate.fromInstant(dateOf(due)));
}

/** Working days that have passed since `since` (an instant), counted as {@link workingDaysUntil} does. */
export function workingDaysSince(since: string, now: Date = new Date()): number {
  return Math.max(0, -workingDaysUntil(since, now));
}

/** Today in Europe/Amsterdam, as `YYYY-MM-DD` (for a date field's `max`). */
export function today(now: Date = new Date()): string {
  return LocalDate.fromInstant(now).toString();
}

/** Working days from `from` to `to` (negative when `to` is earlier), on the Atw calendar above. */
export function workingDaysBetween(from: Date, to: Date): number {
  return CALENDAR.workingDaysBetween(LocalDate.fromInstant(from), LocalDate.fromInstant(to));
}

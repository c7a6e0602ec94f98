/** A short, pseudonymous reference for a pathway (never a BSN): the first block of its id. */
export function pathwayReference(pathwayId: string): string {
  return pathwayId.slice(0, 8).toUpperCase();
}

/** `2026-12-08` or an instant, as "dinsdag 8 december 2026". */
export function longDate(value: string, locale: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  return date.toLocaleDateString(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}

export function shortDate(value: string, locale: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  return date.toLocaleDateString(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}

export function dateTime(value: string, locale: string): string {
  return new Date(value).toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Amsterdam',
  });
}

/** The parts of an organisation URN (`urn:nld:ketenpad:<kind>:<id>`). */
export function organisationOf(urn: string | null | undefined): { kind: string; id: string } | undefined {
  const match = /^urn:nld:ketenpad:([a-z-]+):(.+)$/.exec(urn ?? '');
  return match ? { kind: match[1]!, id: match[2]! } : undefined;
}

/** The event's name without producer and version: `nl.ketenpad.social-work.referral-accepted.v1` → `referral-accepted`. */
export function eventName(type: string): string {
  return /^nl\.ketenpad\.[a-z-]+\.([a-z-]+)\.v\d+$/.exec(type)?.[1] ?? type;
}

/**
 * Working days (Monday to Friday) from `from` to `to`, as the Wgs counts them.
 * Client-side approximation for display only: it does not know the public
 * holidays of the Algemene termijnenwet (the timeline's caseload and the
 * services compute the legal figures with the full calendar).
 */
export function weekdaysBetween(from: Date, to: Date): number {
  const start = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  const end = new Date(to.getFullYear(), to.getMonth(), to.getDate());
  const sign = end < start ? -1 : 1;
  const [a, b] = sign > 0 ? [start, end] : [end, start];
  let count = 0;
  for (const day = new Date(a); day < b; ) {
    day.setDate(day.getDate() + 1);
    if (day.getDay() !== 0 && day.getDay() !== 6) count += 1;
  }
  return sign * count;
}

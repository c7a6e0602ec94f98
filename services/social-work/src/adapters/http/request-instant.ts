import { RequestValidationException } from '@ketenpad/runtime';

/** Instants more than this far ahead of the server clock are refused as typos. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** How far back a moment recorded first on the organisation's own system may lie: a (leap) year, so a typo like 1000-01-01 is refused. */
const MAX_LATE_ENTRY_MS = 366 * 86_400_000;

/**
 * A given instant that is not in the future (400 naming the field otherwise),
 * or `undefined` when none was given. `null` is none: `@IsOptional` lets it
 * through, and as a Date it would be 1970.
 */
export function pastInstant(value: string | null | undefined, field: string, now: Date): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const at = new Date(value);
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw invalid(field, `${field} cannot be in the future`);
  return at;
}

/**
 * A moment the organisation recorded first on its own system and enters here
 * later (a referral made or answered elsewhere): not in the future and not
 * more than a year back (400 naming the field otherwise), or `undefined`.
 */
export function lateEntryInstant(value: string | null | undefined, field: string, now: Date): Date | undefined {
  const at = pastInstant(value, field, now);
  if (at !== undefined && at.getTime() < now.getTime() - MAX_LATE_ENTRY_MS) {
    throw invalid(field, `${field} cannot be more than a year back`);
  }
  return at;
}

/** The services' one 400 shape for a bad field, so a client can show the message next to it. */
function invalid(field: string, message: string): RequestValidationException {
  return new RequestValidationException([{ field, messages: [message] }]);
}

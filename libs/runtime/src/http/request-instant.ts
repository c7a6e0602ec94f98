import { RequestValidationException } from './validation.pipe';

/** Instants more than this far ahead of the server clock are refused as typos. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** How far back a moment recorded first on the organisation's own system may lie: a (leap) year. */
const MAX_LATE_ENTRY_MS = 366 * 86_400_000;
/** No fact Ketenpad records happened before this: an earlier instant is a typo (1000-01-01), refused. */
export const EARLIEST_PLAUSIBLE_INSTANT = new Date('2000-01-01T00:00:00Z');

/**
 * When something happened, as a request states it (`requestedAt`, `heldAt`,
 * `at`): not in the future beyond a few minutes' clock skew and not before
 * 2000, a 400 naming the field otherwise; `undefined` when none was given
 * (`null` too: `@IsOptional` lets it through, and as a Date it would be 1970).
 */
export function pastInstant(value: string | null | undefined, field: string, now: Date): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const at = new Date(value);
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw invalid(field, `${field} cannot be in the future`);
  if (at.getTime() < EARLIEST_PLAUSIBLE_INSTANT.getTime())
    throw invalid(field, `${field} cannot be before ${EARLIEST_PLAUSIBLE_INSTANT.toISOString().slice(0, 10)}`);
  return at;
}

/**
 * A moment the organisation recorded first on its own system and enters here
 * later (a referral made or answered elsewhere): as {@link pastInstant}, and
 * not more than a year back either.
 */
export function lateEntryInstant(value: string | null | undefined, field: string, now: Date): Date | undefined {
  const at = pastInstant(value, field, now);
  if (at !== undefined && at.getTime() < now.getTime() - MAX_LATE_ENTRY_MS)
    throw invalid(field, `${field} cannot be more than a year back`);
  return at;
}

/** The services' one 400 shape for a bad field, so a client can show the message next to it. */
function invalid(field: string, message: string): RequestValidationException {
  return new RequestValidationException([{ field, messages: [message] }]);
}

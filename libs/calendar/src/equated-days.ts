import bundled from './equated-days.json';
import { LocalDate } from './local-date';
import type { NonWorkingDay } from './atw-holidays.rule';

/** A day equated with a holiday by royal decree (Atw art. 3 lid 3). */
export interface EquatedDay extends NonWorkingDay {
  /** Title of the decree, so the data can be checked against the Staatscourant. */
  readonly decree?: string;
}

/**
 * Validates equated-day data (bundled or loaded from elsewhere) so a typo in
 * the data file fails loudly at start-up rather than silently moving a deadline.
 */
export function parseEquatedDays(input: unknown): readonly EquatedDay[] {
  const days = (input as { days?: unknown } | null)?.days;
  if (!Array.isArray(days)) throw new TypeError('equated days: expected { days: [...] }');
  return days.map((entry: unknown, index) => {
    const { date, reason, decree } = (entry ?? {}) as Record<string, unknown>;
    if (typeof date !== 'string' || !LocalDate.isValid(date)) {
      throw new TypeError(`equated days[${index}]: date must be YYYY-MM-DD`);
    }
    if (typeof reason !== 'string' || reason.length === 0) {
      throw new TypeError(`equated days[${index}]: reason is required`);
    }
    return { date, reason, ...(typeof decree === 'string' ? { decree } : {}) };
  });
}

/** The equated days shipped with this service (see equated-days.json for the source). */
export const BUNDLED_EQUATED_DAYS: readonly EquatedDay[] = parseEquatedDays(bundled);

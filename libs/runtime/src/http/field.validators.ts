import { ValidateBy, type ValidationOptions } from 'class-validator';
import { LocalDate } from '@ketenpad/calendar';
import { isValidBsn } from '@ketenpad/privacy';

/** A 9-digit BSN that passes the elfproef. The message never repeats the value. */
export function IsBsn(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBsn',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidBsn(value),
        defaultMessage: () => '$property must be a valid BSN (9 digits passing the elfproef)',
      },
    },
    options,
  );
}

/** Calendar dates outside these are typos (a year 1000 or 9999), refused before they reach a deadline or a figure. */
export const PLAUSIBLE_DATES = { from: '1900-01-01', to: '2100-12-31' } as const;

const plausibleDate = (value: unknown): boolean =>
  typeof value === 'string' && LocalDate.isValid(value) && value >= PLAUSIBLE_DATES.from && value <= PLAUSIBLE_DATES.to;

/** A calendar date 'YYYY-MM-DD' that exists, between 1900 and 2100. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: plausibleDate,
        defaultMessage: () =>
          `$property must be a calendar date YYYY-MM-DD from ${PLAUSIBLE_DATES.from} to ${PLAUSIBLE_DATES.to}`,
      },
    },
    options,
  );
}

/** A calendar date 'YYYY-MM-DD' (between 1900 and 2100) or null; present either way. */
export function IsCalendarDateOrNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDateOrNull',
      validator: {
        validate: (value: unknown) => value === null || plausibleDate(value),
        defaultMessage: () =>
          `$property must be a calendar date YYYY-MM-DD from ${PLAUSIBLE_DATES.from} to ${PLAUSIBLE_DATES.to}, or null`,
      },
    },
    options,
  );
}

/**
 * Control characters (C0 and C1, NUL included), zero-width characters, line
 * and paragraph separators, the byte-order mark and bidirectional formatting
 * (embeddings, overrides like U+202E, isolates): invisible in a name or an
 * address, they make a record read differently from what it holds.
 */
const NOT_PLAIN_TEXT = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

/** Free text a person types (a name, a street): printable characters only. */
export function IsPlainText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !NOT_PLAIN_TEXT.test(value),
        defaultMessage: () => '$property must not contain control, zero-width or bidirectional formatting characters',
      },
    },
    options,
  );
}

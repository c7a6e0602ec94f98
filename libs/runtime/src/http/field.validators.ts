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

/** A calendar date 'YYYY-MM-DD' that exists. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && LocalDate.isValid(value),
        defaultMessage: () => '$property must be a calendar date YYYY-MM-DD',
      },
    },
    options,
  );
}

/** A calendar date 'YYYY-MM-DD' or null; present either way. */
export function IsCalendarDateOrNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDateOrNull',
      validator: {
        validate: (value: unknown) => value === null || (typeof value === 'string' && LocalDate.isValid(value)),
        defaultMessage: () => '$property must be a calendar date YYYY-MM-DD or null',
      },
    },
    options,
  );
}

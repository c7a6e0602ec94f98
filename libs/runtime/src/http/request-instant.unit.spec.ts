import { lateEntryInstant, pastInstant } from './request-instant';
import { RequestValidationException } from './validation.pipe';

const NOW = new Date('2025-03-10T12:00:00.000Z');

/** The field errors of the 400 a call throws. */
function fieldErrors(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    if (error instanceof RequestValidationException) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('an instant in a request', () => {
  it('is now when omitted, and the given moment up to five minutes ahead of the clock', () => {
    expect(pastInstant(undefined, 'at', NOW)).toBeUndefined();
    expect(pastInstant(null, 'at', NOW)).toBeUndefined();
    expect(pastInstant('2025-03-10T12:05:00Z', 'at', NOW)).toEqual(new Date('2025-03-10T12:05:00Z'));
    expect(fieldErrors(() => pastInstant('2025-03-10T12:05:01Z', 'at', NOW))).toEqual([
      { field: 'at', messages: ['at cannot be in the future'] },
    ]);
  });

  it('is never before 2000: a typo like 1000-01-01 is refused, not turned into a pathway 1,000 years old', () => {
    expect(pastInstant('2000-01-01T00:00:00Z', 'requestedAt', NOW)).toEqual(new Date('2000-01-01T00:00:00Z'));
    expect(fieldErrors(() => pastInstant('1000-01-01T00:00:00Z', 'requestedAt', NOW))).toEqual([
      { field: 'requestedAt', messages: ['requestedAt cannot be before 2000-01-01'] },
    ]);
  });

  it('entered later may lie up to 366 days back, and no further', () => {
    expect(lateEntryInstant(undefined, 'acceptedAt', NOW)).toBeUndefined();
    expect(lateEntryInstant('2024-03-09T12:00:00Z', 'acceptedAt', NOW)).toEqual(new Date('2024-03-09T12:00:00Z'));
    expect(fieldErrors(() => lateEntryInstant('2024-03-09T11:59:59Z', 'acceptedAt', NOW))).toEqual([
      { field: 'acceptedAt', messages: ['acceptedAt cannot be more than a year back'] },
    ]);
    expect(fieldErrors(() => lateEntryInstant('2025-03-11T00:00:00Z', 'madeAt', NOW))).toEqual([
      { field: 'madeAt', messages: ['madeAt cannot be in the future'] },
    ]);
  });
});

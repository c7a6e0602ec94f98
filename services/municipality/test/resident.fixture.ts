import { randomInt } from 'node:crypto';

/**
 * A random BSN that passes the elfproef (test data, not a real person's).
 * The same as test/support/resident.fixture.ts, which a service cannot import
 * across the module boundary.
 */
export function randomBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, () => randomInt(0, 10));
    if (digits[0] === 0) digits[0] = 1;
    const sum = digits.reduce((acc, d, i) => acc + d * (9 - i), 0);
    const check = sum % 11;
    if (check < 10) return [...digits, check].join('');
  }
}

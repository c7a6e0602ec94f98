import { randomInt } from 'node:crypto';

/** A random BSN that passes the elfproef (test data only; not a real person's). */
export function randomBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, () => randomInt(0, 10));
    if (digits[0] === 0) digits[0] = 1;
    const sum = digits.reduce((acc, d, i) => acc + d * (9 - i), 0);
    const check = sum % 11;
    if (check < 10) return [...digits, check].join('');
  }
}

/**
 * Random valid BSNs of which none repeats: for loads that open many pathways,
 * where a repeated BSN lands on the resident's open pathway and the API
 * answers 409 instead of opening a new one.
 */
export function uniqueBsns(): () => string {
  const issued = new Set<string>();
  return () => {
    for (;;) {
      const bsn = randomBsn();
      if (issued.has(bsn)) continue;
      issued.add(bsn);
      return bsn;
    }
  };
}

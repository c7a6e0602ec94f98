/** A BSN as typed, without the spaces and dots people put in (`123 456 782`, `1234.56.782`). */
export function normaliseBsn(value: string): string {
  return value.replace(/[\s.]/g, '');
}

/**
 * The BSN's eleven-test (elfproef): nine digits with
 * 9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − 1·d9 divisible by 11
 * (and not all zeros). The services check it again; this spares a round trip.
 */
export function isValidBsn(value: string): boolean {
  const digits = normaliseBsn(value);
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

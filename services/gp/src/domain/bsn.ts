/**
 * The elfproef of a BSN: nine digits whose weighted sum (9..2, and -1 for the
 * last digit) is divisible by 11. The practice must use the BSN to identify a
 * patient (Wabvpz); it only checks it here and never publishes it.
 */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.reduce((acc, digit, index) => acc + digit * (index === 8 ? -1 : 9 - index), 0);
  return sum % 11 === 0 && sum !== 0;
}

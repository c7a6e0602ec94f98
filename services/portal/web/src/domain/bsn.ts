/** The BSN's eleven-test (elfproef): nine digits, 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11. */
export function isValidBsn(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0 && digits !== '000000000';
}

/**
 * The elfproef of a burgerservicenummer: nine digits, not all zero, whose
 * weighted sum (9, 8, …, 2 for the first eight digits and -1 for the last) is
 * divisible by 11. The one check every service that takes a BSN uses.
 */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || /^0{9}$/.test(value)) return false;
  let sum = -Number(value[8]);
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(value[i]);
  return sum % 11 === 0;
}

/**
 * An amount in euros as a person types it — `1234`, `1.234,56`, `€ 1 234,5`,
 * `1234.56` — in whole cents, or undefined when it is not an amount.
 * A comma is the decimal sign (Dutch); a dot is one too when it is the only
 * separator and is followed by one or two digits, else it separates thousands.
 */
export function euroCents(input: string): number | undefined {
  const value = input.replace(/[\s€]/g, '');
  if (!/^\d[\d.,]*$/.test(value)) return undefined;
  let normalised: string;
  if (value.includes(',')) normalised = value.replace(/\./g, '').replace(',', '.');
  else if (/^\d+\.\d{1,2}$/.test(value)) normalised = value;
  else normalised = value.replace(/\./g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return undefined;
  return Math.round(Number(normalised) * 100);
}

/** Cents as "€ 1.234,56" in the given locale. */
export function euros(cents: number, locale: string): string {
  return (cents / 100).toLocaleString(locale, { style: 'currency', currency: 'EUR' });
}

import { isValidBsn } from '@ketenpad/privacy';

/** What a BSN in a log line is replaced with. */
export const REDACTED_BSN = '[redacted BSN]';

/**
 * Nine digits standing alone, plain or grouped with dots or spaces
 * (`111222333`, `1112.22.333`, `111 222 333`), not part of a longer number,
 * a decimal fraction or a hex id.
 */
const BSN_SHAPED = /(?<![0-9A-Za-z.])\d(?:[. ]?\d){8}(?![0-9A-Za-z]|\.\d)/g;

/**
 * A safety net for log lines: every value that passes the elfproef is
 * replaced, in text and in nine-digit numbers. Code must still never log a
 * BSN; this catches one that slips in through an error message or a field.
 * Numbers that fail the elfproef are left alone, so counts and ids stay readable.
 */
export function redactBsns(text: string): string {
  return text.replace(BSN_SHAPED, (match) => (isValidBsn(match.replace(/[. ]/g, '')) ? REDACTED_BSN : match));
}

/** A nine-digit whole number that passes the elfproef, as {@link REDACTED_BSN}; any other number as it is. */
export function redactBsnNumber(value: number): number | string {
  return Number.isInteger(value) && isValidBsn(String(value)) ? REDACTED_BSN : value;
}

import { isValidBsn } from '@ketenpad/privacy';
/** Thrown when a string is not a valid burgerservicenummer. */
export class InvalidBsn extends Error {
  override readonly name = 'InvalidBsn';
}

/**
 * Burgerservicenummer: 9 digits passing the elfproef
 * (9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11, and not all zeros).
 *
 * The BSN is a direct identifier: `toString()` and `toJSON()` return the masked
 * form so it cannot leak into logs or events by accident; read `value` only to
 * encrypt or index it.
 */
export class Bsn {
  private constructor(readonly value: string) {}

  static parse(input: string): Bsn {
    if (!Bsn.isValid(input)) throw new InvalidBsn('not a valid BSN (9 digits, elfproef)');
    return new Bsn(input);
  }

  static isValid(input: string): boolean {
    return isValidBsn(input);
  }

  /** The last four digits visible, e.g. `*****2333`. */
  masked(): string {
    return `*****${this.value.slice(5)}`;
  }

  equals(other: Bsn): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.masked();
  }

  toJSON(): string {
    return this.masked();
  }
}

import { createHmac } from 'node:crypto';

/** 64 lowercase hex characters: HMAC-SHA256 output. */
export const RESIDENT_PSEUDONYM_PATTERN = /^[0-9a-f]{64}$/;

/** The development key; never accepted in production. */
const DEV_KEY = Buffer.from('ketenpad-development-pseudonym-key-not-for-production', 'utf8');

export class PseudonymKeyError extends Error {}

/**
 * Keyed pseudonym of a resident (DESIGN.md privacy rule 1): organisations that
 * may lawfully hold a BSN (municipality, GP, court) compute
 * HMAC-SHA256(chain key, BSN) to recognise the same person across the chain.
 * The BSN itself never leaves the organisation, and without the key the
 * pseudonym cannot be reversed by enumerating the (small) BSN space.
 * The key comes from configuration (`KETENPAD_PSEUDONYM_KEY`, base64, ≥ 32 bytes).
 */
export class ResidentPseudonymiser {
  private constructor(private readonly key: Buffer) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): ResidentPseudonymiser {
    const configured = env.KETENPAD_PSEUDONYM_KEY;
    if (!configured) {
      if (env.NODE_ENV === 'production')
        throw new PseudonymKeyError('KETENPAD_PSEUDONYM_KEY is required in production');
      return new ResidentPseudonymiser(DEV_KEY);
    }
    const key = Buffer.from(configured, 'base64');
    if (key.length < 32)
      throw new PseudonymKeyError('KETENPAD_PSEUDONYM_KEY must be at least 32 bytes, base64-encoded');
    return new ResidentPseudonymiser(key);
  }

  static withKey(key: Buffer): ResidentPseudonymiser {
    if (key.length < 32) throw new PseudonymKeyError('a pseudonym key must be at least 32 bytes');
    return new ResidentPseudonymiser(key);
  }

  /** The pseudonym of a BSN (nine digits; validate with the elfproef before calling). */
  of(bsn: string): string {
    if (!/^\d{9}$/.test(bsn)) throw new TypeError('a BSN has nine digits');
    return createHmac('sha256', this.key).update(`bsn:${bsn}`).digest('hex');
  }
}

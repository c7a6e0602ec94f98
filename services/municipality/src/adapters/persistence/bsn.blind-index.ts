import { createHmac } from 'node:crypto';
import type { Bsn } from '../../domain/bsn';

const MIN_KEY_BYTES = 32;

/**
 * Keyed blind index of a BSN: HMAC-SHA256 with a secret key. Equal BSNs give
 * equal indexes, so an existing pathway of the same resident can be found,
 * but without the key the index cannot be reversed by trying all 10^9 BSNs
 * (a plain hash could).
 */
export class BsnBlindIndex {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length < MIN_KEY_BYTES) throw new RangeError(`the BSN index key must be at least ${MIN_KEY_BYTES} bytes`);
    this.key = Buffer.from(key);
  }

  of(bsn: Bsn): Buffer {
    return createHmac('sha256', this.key).update(`bsn:${bsn.value}`, 'utf8').digest();
  }
}

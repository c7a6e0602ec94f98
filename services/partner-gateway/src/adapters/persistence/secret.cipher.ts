import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_V1 = 1;
/** Standard Webhooks: secrets are `whsec_` + base64 of 24 to 64 random bytes. */
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A new signing secret in the Standard Webhooks format (`whsec_<base64>`). */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The key bytes of a `whsec_` secret (what HMAC-SHA256 is keyed with). */
export function signingKeyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/**
 * Seals signing secrets at rest with AES-256-GCM under PARTNER_GATEWAY_SECRET_KEY,
 * each bound to its subscription through the additional data, so a sealed
 * secret copied onto another subscription's row does not open.
 * Layout: format (1) | iv (12) | tag (16) | ciphertext.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('the secret key must be 32 bytes');
  }

  seal(secret: string, subscriptionId: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(aad(subscriptionId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT_V1), iv, cipher.getAuthTag(), ciphertext]);
  }

  open(sealed: Buffer, subscriptionId: string): string {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1)
      throw new Error('sealed secret has an unknown format');
    const decipher = createDecipheriv(ALGORITHM, this.key, sealed.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(aad(subscriptionId));
    decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}

function aad(subscriptionId: string): Buffer {
  return Buffer.from(`ketenpad:partner-gateway:subscription-secret:${subscriptionId}`, 'utf8');
}

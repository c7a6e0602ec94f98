import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Format byte in front of every sealed value, so the layout can change later. */
const FORMAT_V1 = 1;

/** Decryption failed: wrong key, tampered data, or data sealed for another pathway. */
export class ResidentDataUnreadable extends Error {
  override readonly name = 'ResidentDataUnreadable';
}

/**
 * Envelope encryption of resident data (DESIGN.md privacy rules 1 and 5):
 * every pathway gets its own random data key; resident data is sealed with
 * that key (AES-256-GCM); the data key is stored only wrapped (sealed) with
 * the master key. Destroying a pathway's wrapped key makes its data
 * unreadable for good (crypto-shredding), without touching other pathways.
 *
 * Every value is bound to its pathway through the GCM additional data, so a
 * ciphertext copied onto another pathway's row does not decrypt.
 *
 * Sealed layout: format (1) | iv (12) | tag (16) | ciphertext.
 */
export class ResidentDataCipher {
  private readonly masterKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== KEY_BYTES) throw new RangeError(`the master key must be ${KEY_BYTES} bytes`);
    this.masterKey = Buffer.from(masterKey);
  }

  newDataKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  wrapDataKey(dataKey: Buffer, pathwayId: string): Buffer {
    return seal(this.masterKey, dataKey, aad('data-key', pathwayId));
  }

  unwrapDataKey(wrapped: Buffer, pathwayId: string): Buffer {
    return open(this.masterKey, wrapped, aad('data-key', pathwayId));
  }

  encrypt(dataKey: Buffer, plaintext: string, pathwayId: string): Buffer {
    return seal(dataKey, Buffer.from(plaintext, 'utf8'), aad('resident', pathwayId));
  }

  decrypt(dataKey: Buffer, sealed: Buffer, pathwayId: string): string {
    return open(dataKey, sealed, aad('resident', pathwayId)).toString('utf8');
  }
}

function aad(purpose: string, pathwayId: string): Buffer {
  return Buffer.from(`ketenpad:municipality:${purpose}:${pathwayId}`, 'utf8');
}

function seal(key: Buffer, plaintext: Buffer, additionalData: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(additionalData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT_V1), iv, cipher.getAuthTag(), ciphertext]);
}

function open(key: Buffer, sealed: Buffer, additionalData: Buffer): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1) {
    throw new ResidentDataUnreadable('sealed value has an unknown format');
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const ciphertext = sealed.subarray(1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv);
    decipher.setAAD(additionalData);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new ResidentDataUnreadable('resident data could not be decrypted (wrong key or tampered data)');
  }
}

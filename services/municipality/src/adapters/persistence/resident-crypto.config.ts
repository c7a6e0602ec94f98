import { ConfigError } from '@ketenpad/runtime';

/** Keys protecting resident data at rest. */
export interface ResidentCryptoKeys {
  /** Wraps the per-pathway data keys (env MUNICIPALITY_DATA_KEY, 32 bytes base64). */
  readonly masterKey: Buffer;
  /** Keys the BSN blind index (env MUNICIPALITY_BSN_INDEX_KEY, 32 bytes base64). */
  readonly bsnIndexKey: Buffer;
}

// Development defaults, public on purpose: they protect nothing and exist so
// `npm start` works without setup. Refused in production.
const DEV_MASTER_KEY = 'a2V0ZW5wYWQtZGV2LW1hc3Rlci1rZXktMzItYnl0ZXM=';
const DEV_BSN_INDEX_KEY = 'a2V0ZW5wYWQtZGV2LWJzbi1pbmRleC1rZXktMzJieXQ=';

/**
 * Reads the keys from the environment. Outside production a fixed development
 * key fills a missing variable; in production a missing or malformed key
 * stops the service.
 */
export function loadResidentCryptoKeys(env: NodeJS.ProcessEnv = process.env): ResidentCryptoKeys {
  const production = env.NODE_ENV === 'production';
  return {
    masterKey: key(env, 'MUNICIPALITY_DATA_KEY', DEV_MASTER_KEY, production),
    bsnIndexKey: key(env, 'MUNICIPALITY_BSN_INDEX_KEY', DEV_BSN_INDEX_KEY, production),
  };
}

function key(env: NodeJS.ProcessEnv, name: string, devDefault: string, production: boolean): Buffer {
  const raw = env[name]?.trim();
  if (!raw) {
    if (production) throw new ConfigError(`${name} is required in production (32 random bytes, base64)`);
    return Buffer.from(devDefault, 'base64');
  }
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== raw) {
    throw new ConfigError(`${name} must be exactly 32 bytes, base64-encoded`);
  }
  return bytes;
}

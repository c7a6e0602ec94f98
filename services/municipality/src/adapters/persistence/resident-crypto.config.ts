import { z } from 'zod';
import { base64Key, readSettings } from '@ketenpad/runtime';

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
 * stops the service (both keys' problems reported together).
 */
export function loadResidentCryptoKeys(env: NodeJS.ProcessEnv = process.env): ResidentCryptoKeys {
  const { settings } = readSettings(env, (mode) =>
    z.object({
      MUNICIPALITY_DATA_KEY: base64Key(mode, DEV_MASTER_KEY),
      MUNICIPALITY_BSN_INDEX_KEY: base64Key(mode, DEV_BSN_INDEX_KEY),
    }),
  );
  return { masterKey: settings.MUNICIPALITY_DATA_KEY, bsnIndexKey: settings.MUNICIPALITY_BSN_INDEX_KEY };
}

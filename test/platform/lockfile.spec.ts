import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm ci` refuses a lock that misses an optional dependency of a locked
 * package - which happens when the registry mirror lacks another platform's
 * binary. infra/lockfile/complete-platform-optionals.js fixes the lock; this
 * test fails when it was not run after a lock change.
 */
describe('package-lock.json', () => {
  it('records every optional dependency of every locked package, so npm ci accepts it on a fresh clone', () => {
    const lock = JSON.parse(readFileSync(join(__dirname, '../../package-lock.json'), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const missing: string[] = [];
    for (const [location, entry] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
        const chain: string[] = [];
        let dir = location;
        for (;;) {
          chain.push(`${dir ? `${dir}/` : ''}node_modules/${dep}`);
          if (!dir) break;
          const idx = dir.lastIndexOf('/node_modules/');
          dir = idx === -1 ? '' : dir.slice(0, idx);
        }
        if (!chain.some((c) => lock.packages[c])) missing.push(`${dep} (optional dependency of ${location || 'the root'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});

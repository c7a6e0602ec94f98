import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Jest applies `moduleNameMapper` to test files but not to globalSetup /
 * globalTeardown, which are loaded with Node's own `require`. There,
 * `@ketenpad/<lib>` would resolve to `dist/index.js`, which a fresh checkout
 * does not have. This maps such imports to the library's `src/index.ts`
 * (jest's transform hook then compiles it) whenever `dist/` is absent -
 * the same rule bin/dev-broker.js uses. Import it before any `@ketenpad/*`.
 */
interface ResolvableModule {
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
}

const INSTALLED = Symbol.for('ketenpad.testing.workspace-sources-hook');
const registry = globalThis as { [INSTALLED]?: true };

if (!registry[INSTALLED]) {
  registry[INSTALLED] = true;
  const resolvable = Module as unknown as ResolvableModule;
  const resolve = resolvable._resolveFilename.bind(resolvable);
  resolvable._resolveFilename = (request, parent, ...rest) => {
    if (/^@ketenpad\/[^/]+$/.test(request)) {
      const dir = dirname(resolve(`${request}/package.json`, parent, ...rest));
      if (!existsSync(join(dir, 'dist/index.js'))) return join(dir, 'src/index.ts');
    }
    return resolve(request, parent, ...rest);
  };
}

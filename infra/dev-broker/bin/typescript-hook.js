// Runs TypeScript without a build: @swc/core (installed anyway for @swc/jest;
// there is no ts-node in this repository) transpiles .ts on require with
// jest.preset.js's options (workspace libs carry NestJS decorators), and
// workspace libs (`@ketenpad/<name>`) resolve to their src/index.ts: always
// with `preferSources` (the bench measures the current sources, never a stale
// dist/), otherwise only when the lib has no dist/ (fresh clone, as in jest).
// Used by bin/dev-broker.js and bench/bin/register.js.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

function registerTypeScript({ preferSources }) {
  const { transformSync } = require('@swc/core');
  require.extensions['.ts'] = (module, filename) => {
    const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
      filename,
      sourceMaps: 'inline',
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    });
    module._compile(code, filename);
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (/^@ketenpad\/[^/]+$/.test(request)) {
      const dir = path.dirname(resolve.call(this, `${request}/package.json`, ...rest));
      const source = path.join(dir, 'src/index.ts');
      const useSource = preferSources ? fs.existsSync(source) : !fs.existsSync(path.join(dir, 'dist/index.js'));
      if (useSource) return source;
    }
    return resolve.call(this, request, ...rest);
  };
}

module.exports = { registerTypeScript };

// Runs the benchmark's TypeScript without a build: @swc/core (installed for
// @swc/jest) transpiles .ts on require, with jest.preset.js's options, and
// workspace libs always resolve to their src/ so the bench measures the
// current sources, never a stale dist/ (same rule as infra/dev-broker/bin/dev-broker.js).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
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
    if (fs.existsSync(source)) return source;
  }
  return resolve.call(this, request, ...rest);
};

#!/usr/bin/env node
// Starts the dev broker. Uses dist/ when built; otherwise (fresh clone, jest)
// transpiles src/*.ts on the fly with @swc/core, which is installed anyway for
// @swc/jest - there is no ts-node in this repository.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist/main.js');
const fromSource = process.env.DEV_BROKER_FROM_SOURCE === '1' || !fs.existsSync(compiled);

function registerTypeScript() {
  const { transformSync } = require('@swc/core');
  require.extensions['.ts'] = (module, filename) => {
    const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
      filename,
      sourceMaps: 'inline',
      // Same options as jest.preset.js: workspace libs carry NestJS decorators.
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
  // Workspace libs without a dist/ resolve to their sources, as in jest.
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (/^@ketenpad\/[^/]+$/.test(request)) {
      const dir = path.dirname(resolve.call(this, `${request}/package.json`, ...rest));
      if (!fs.existsSync(path.join(dir, 'dist/index.js'))) return path.join(dir, 'src/index.ts');
    }
    return resolve.call(this, request, ...rest);
  };
}

if (fromSource) registerTypeScript();
require(fromSource ? path.join(root, 'src/main.ts') : compiled)
  .main()
  .catch((error) => {
    process.stderr.write(`dev broker failed to start: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });

#!/usr/bin/env node
// Starts the dev broker. Uses dist/ when built; otherwise (fresh clone, jest)
// transpiles src/*.ts on the fly with @swc/core, which is installed anyway for
// @swc/jest - there is no ts-node in this repository.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist/main.js');
const fromSource = process.env.DEV_BROKER_FROM_SOURCE === '1' || !fs.existsSync(compiled);

if (fromSource) require('./typescript-hook').registerTypeScript({ preferSources: false });
require(fromSource ? path.join(root, 'src/main.ts') : compiled)
  .main()
  .catch((error) => {
    process.stderr.write(`dev broker failed to start: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });

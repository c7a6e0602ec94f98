#!/usr/bin/env node
// The `ketenpad` command. Runs the compiled CLI; `npm start` and `npm run build`
// build it first (Nx caches the build, so a second start compiles nothing).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '../dist/main.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write('ketenpad is not built yet: run `npm run build` (or `npm start`, which builds first).\n');
  process.exit(1);
}
require(compiled)
  .main(process.argv.slice(2))
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`ketenpad: ${error && error.message ? error.message : error}\n`);
    process.exit(1);
  });

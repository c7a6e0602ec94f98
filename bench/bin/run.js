#!/usr/bin/env node
// `npm run bench [-- --quick|--full]` and `ketenpad bench`: B1-B5 and B7 with their baselines (see README.md).
'use strict';
require('./register');
require('../src/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`\nbench failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });

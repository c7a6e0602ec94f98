#!/usr/bin/env node
// Starts the whole stack for the browser tests in its own process (Playwright's
// own TypeScript loader is not the one the workspace libraries are written for:
// they carry NestJS decorators), writes where it runs to the state file given as
// the first argument, and stops everything on SIGTERM or SIGINT.
'use strict';
const { writeFileSync, renameSync } = require('node:fs');
require('../../../../../infra/dev-broker/bin/typescript-hook').registerTypeScript({ preferSources: false });
const { startPortalStack } = require('../../../../../test/support/portal.stack.ts');

const stateFile = process.argv[2];
if (!stateFile) {
  process.stderr.write('usage: stack.launcher.js <state-file>\n');
  process.exit(2);
}

startPortalStack({ demoPathways: Number(process.env.PORTAL_E2E_DEMO_PATHWAYS ?? 24) })
  .then((stack) => {
    const { stop, ...state } = stack;
    const temporary = `${stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2));
    renameSync(temporary, stateFile);
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      stop()
        .catch((error) =>
          process.stderr.write(`stopping the stack failed: ${error && error.stack ? error.stack : error}\n`),
        )
        .finally(() => process.exit(0));
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    // The parent (Playwright) went away without a signal: stop too.
    process.on('disconnect', shutdown);
  })
  .catch((error) => {
    process.stderr.write(`the portal stack did not start: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });

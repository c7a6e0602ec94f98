// Runs the benchmark's TypeScript without a build, always from the workspace
// libs' current sources (see infra/dev-broker/bin/typescript-hook.js).
'use strict';
require('../../infra/dev-broker/bin/typescript-hook').registerTypeScript({ preferSources: true });

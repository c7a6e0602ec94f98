const path = require('node:path');

// Integration tests run against PostgreSQL and the dev broker (started once per run).
module.exports = require('../../jest.preset')(__dirname, {
  globalSetup: path.join(__dirname, '../../libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, '../../libs/testing/src/jest/global-teardown.ts'),
});

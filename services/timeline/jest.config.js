const path = require('node:path');
// Integration tests (`test/*.int.spec.ts`) run the service on a real PostgreSQL database against the dev broker.
module.exports = require('../../jest.preset')(__dirname, {
  globalSetup: path.join(__dirname, '../../libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, '../../libs/testing/src/jest/global-teardown.ts'),
  setupFiles: [path.join(__dirname, '../../jest.setup.js'), path.join(__dirname, '../../test/support/e2e.env.js')],
});

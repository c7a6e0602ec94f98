const path = require('node:path');
module.exports = require('../../jest.preset')(__dirname, {
  globalSetup: path.join(__dirname, '../../libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, '../../libs/testing/src/jest/global-teardown.ts'),
  setupFiles: [path.join(__dirname, '../../jest.setup.js'), path.join(__dirname, '../../test/support/e2e.env.js')],
});

// Integration tests share ONE dev broker per jest run (see src/index.ts).
const path = require('node:path');

module.exports = require('../../jest.preset')(__dirname, {
  globalSetup: path.join(__dirname, 'src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'src/jest/global-teardown.ts'),
});

// Integration tests share ONE dev broker per jest run (see libs/testing/src/index.ts).
// maxWorkers 1: the outbox spec takes the broker down on purpose, which would
// break the inbox spec if both files ran at the same time against it.
const path = require('node:path');

module.exports = require('../../jest.preset')(__dirname, {
  globalSetup: path.join(__dirname, '../../libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, '../../libs/testing/src/jest/global-teardown.ts'),
  maxWorkers: 1,
});

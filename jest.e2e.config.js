// End-to-end and repository-level tests (test/): the real services started
// in-process against PostgreSQL and the one shared dev broker. One worker:
// some tests take the broker down, which must not surprise a neighbour.
const path = require('node:path');
const preset = require('./jest.preset');

module.exports = {
  ...preset(path.join(__dirname), {
    globalSetup: path.join(__dirname, 'libs/testing/src/jest/global-setup.ts'),
    globalTeardown: path.join(__dirname, 'libs/testing/src/jest/global-teardown.ts'),
    testTimeout: 120_000,
    maxWorkers: 1,
  }),
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  // The fault suite has its own config (npm run test:faults).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
  setupFiles: [path.join(__dirname, 'jest.setup.js'), path.join(__dirname, 'test/support/e2e.env.js')],
};

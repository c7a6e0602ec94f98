// The fault suite (test/faults, QUALITY.md F1-F6): the real services from
// their builds against PostgreSQL and the dev broker, with faults injected.
// Each test file starts a dev broker of its own (its topics hold only that
// test's events and its injected faults reach nobody else), so no global
// broker is started here. One worker: the machine has two cores and every
// file already runs several processes. KETENPAD_FAULTS=full runs QUALITY.md's
// sizes; the default quick sizes fit CI.
const path = require('node:path');
const preset = require('./jest.preset');

module.exports = {
  ...preset(path.join(__dirname), {
    testTimeout: 900_000,
    maxWorkers: 1,
  }),
  testMatch: ['<rootDir>/test/faults/**/*.fault.spec.ts'],
  setupFiles: [path.join(__dirname, 'jest.setup.js')],
};

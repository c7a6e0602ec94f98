// The BFF's tests: the Nest app in-process, with the chain services and the
// OpenID Connect provider replaced by loopback HTTP servers (a process edge).
const preset = require('../../jest.preset');

// openid-client and its dependencies are ES modules only: Node loads them with
// require() (>= 20.19), Jest's module registry does not, so SWC turns them into
// CommonJS for the tests.
const ESM_ONLY = '(openid-client|oauth4webapi)';
const esmToCommonJs = [
  preset.swc[0],
  { ...preset.swc[1], jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } } },
];

module.exports = preset(__dirname, {
  // The server's tests, and the web app's pure modules (CSV, figures) as unit tests.
  testMatch: ['<rootDir>/{src,test}/**/*.spec.ts', '<rootDir>/web/src/**/*.unit.spec.ts'],
  transform: {
    '^.+\\.ts$': preset.swc,
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: esmToCommonJs,
  },
  transformIgnorePatterns: [`^(?!.*/node_modules/${ESM_ONLY}/).*/node_modules/`],
});

// One Jest setup for every project: SWC transpiles TypeScript with decorator
// metadata (NestJS DI needs it), and @ketenpad/* imports resolve to sources so
// tests never depend on a previous build.
const path = require('node:path');

const root = __dirname;
const moduleNameMapper = {
  '^@ketenpad/contracts$': path.join(root, 'contracts/src/index.ts'),
  '^@ketenpad/dev-broker$': path.join(root, 'infra/dev-broker/src/index.ts'),
  '^@ketenpad/(events|messaging|persistence|auth|runtime|testing|platform|calendar|privacy)$': path.join(root, 'libs/$1/src/index.ts'),
};

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = (projectDir, overrides = {}) => ({
  rootDir: projectDir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{src,test}/**/*.spec.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  setupFiles: [path.join(root, 'jest.setup.js')],
  testTimeout: 60_000,
  ...overrides,
});
module.exports.swc = swc;
module.exports.moduleNameMapper = moduleNameMapper;

// Lint rules for every project. Two rules carry architecture, not taste:
// - @nx/enforce-module-boundaries: a service may only import shared libraries
//   (never another service), and library kinds may only depend "downwards";
// - no-restricted-imports in domain/: domain code imports no framework and no adapter.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/jest.config.js', 'jest.*.js', '**/bin/*.js', 'contracts/src/generated/**', '.data/**', 'bench/results/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:municipality', onlyDependOnLibsWithTags: ['scope:municipality', 'scope:shared'] },
            { sourceTag: 'scope:timeline', onlyDependOnLibsWithTags: ['scope:timeline', 'scope:shared'] },
            { sourceTag: 'scope:partner-gateway', onlyDependOnLibsWithTags: ['scope:partner-gateway', 'scope:shared'] },
            { sourceTag: 'scope:social-work', onlyDependOnLibsWithTags: ['scope:social-work', 'scope:shared'] },
            { sourceTag: 'scope:gp', onlyDependOnLibsWithTags: ['scope:gp', 'scope:shared'] },
            { sourceTag: 'scope:court-liaison', onlyDependOnLibsWithTags: ['scope:court-liaison', 'scope:shared'] },
            { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:portal', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:adapter'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:adapter', 'type:infra'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:adapter', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:adapter', 'type:testing'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'services/portal/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'express', 'class-validator', 'class-transformer'], message: 'Domain code imports no framework (STYLE.md rule 1).' },
            { group: ['@ketenpad/messaging', '@ketenpad/persistence', '@ketenpad/auth'], message: 'Domain code depends on no adapter library.' },
            { group: ['**/adapters/**', '**/application/**'], message: 'Domain code must not import application or adapter code.' },
          ],
        },
      ],
    },
  },
  prettier,
);

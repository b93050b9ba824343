import js from '@eslint/js';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // one import order everywhere (Prettier formats the rest: npm run lint checks both)
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      // the action logs through @actions/core, so that masking applies
      'no-console': 'error',
      // one import line per module: a type and a value from it share one
      'no-duplicate-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // a newcomer reads a module or a function on a screen or two: larger ones get split by concern
    files: ['src/**/*.ts', 'scripts/**/*.mjs'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // the tests too; their describe callbacks are long tables, so no limit per function there
    files: ['__tests__/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }] },
  },
  {
    // the tests' shared fakes, harness and support modules are code like src/: no function over 60 lines
    files: ['__tests__/**/*.ts'],
    ignores: ['__tests__/**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    // node scripts: the stack, the bench, the runner, and the fixtures' helper servers
    files: ['scripts/**/*.mjs', '__tests__/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);

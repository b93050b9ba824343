// ESM throughout: the @actions/* packages ship ESM only, so tests run under Node's VM modules
// (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts) with ts-jest's ESM preset.
const esm = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }] },
};

export default {
  projects: [
    { ...esm, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    {
      ...esm,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      // after each file: no secret a run was given in what it left (__tests__/e2e/leaks.ts)
      setupFilesAfterEnv: ['<rootDir>/__tests__/e2e/leak-check.ts'],
      slowTestThreshold: 600,
    },
  ],
};

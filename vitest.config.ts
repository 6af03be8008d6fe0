import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/{unit,db,api,electron,host}/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          // Workspaces start a background worker (tsx compiles it on first use): seconds on a busy 2-core machine.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['test/support/tempLeakCheck.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

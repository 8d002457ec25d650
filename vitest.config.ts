import { defineConfig } from 'vitest/config';
import { serverV8Flags } from './scripts/lib.mjs';

// One id for this run, shared by the global setup and every worker (names its databases).
process.env.KITH_TEST_RUN ??= String(process.pid);

export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'common/src/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['server/src/test/global-setup.ts'],
    setupFiles: ['server/src/test/fast-check-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // The flags production runs with (decision 008).
    execArgv: serverV8Flags(),
    testTimeout: 30_000,
    // A browser under a loaded machine needs more than the default second to show a result.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    hookTimeout: 60_000,
  },
});

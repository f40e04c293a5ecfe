import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Synthesizing bundles every function with esbuild: slower than a unit test.
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      // Integration tests start the emulators themselves; one file at a time keeps 2 cores unloaded.
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Lambda runs in UTC; the functions share the test process's time zone.
          env: { TZ: 'UTC' },
        },
      },
    ],
  },
});

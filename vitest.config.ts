import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: [
            'server/src/**/*.test.ts',
            'server/sim/**/*.test.ts',
            'server/bench/**/*.test.ts',
            'shared/src/**/*.test.ts',
            'e2e/site/**/*.test.ts',
            'site-helper/**/*.test.ts',
            'e2e/eval/**/*.test.ts',
            'console/src/**/*.test.ts',
          ],
          environment: 'node',
          globalSetup: ['server/src/testing/postgresGlobalSetup.ts'],
        },
      },
      {
        plugins: [WxtVitest()],
        test: { name: 'extension', include: ['extension/**/*.test.{ts,tsx}'] },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/specs/**/*.spec.ts'],
          environment: 'node',
          // One browser per simulated device; flows in a file share it, files run one at a time
          // so two Chromiums don't fight for the 2 cores.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

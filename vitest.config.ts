import { defineConfig } from 'vitest/config';

// One `vitest run` for every suite: plain Node for core and the CLI, workerd (real D1) for the
// Worker, real Chromium for the pane. Each project keeps its own config beside its code.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['core/**/*.test.ts', 'cli/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      'worker/vitest.config.ts',
      'addin/vitest.config.ts',
      'addin/pane/vitest.browser.config.ts',
      'addin/county/vitest.browser.config.ts',
      'offline/vitest.config.ts',
    ],
  },
});

import { defineConfig } from 'vitest/config';

// The pane in real headless Chromium (playwright-core, Debian's chromium) with the fake Excel
// injected and the real Worker (wrangler dev, local D1) serving the built pane and the API.
// The browser tests start the Worker themselves (one per file) and run one file at a time.
export default defineConfig({
  test: {
    name: 'pane',
    root: import.meta.dirname,
    include: ['**/*.browser.test.ts'],
    environment: 'node',
    globalSetup: ['./test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

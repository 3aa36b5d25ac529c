import { defineConfig } from 'vitest/config';

// The offline check page in real headless Chromium (playwright-core, Debian's chromium): the page
// is built first (scripts/build-offline.mjs) and served by a plain static server on port 0.
export default defineConfig({
  test: {
    name: 'offline',
    root: import.meta.dirname,
    include: ['**/*.browser.test.ts'],
    environment: 'node',
    globalSetup: ['./test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

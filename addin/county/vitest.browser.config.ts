import { defineConfig } from 'vitest/config';

// County mode of the pane in real headless Chromium (playwright-core, Debian's chromium) with the
// fake Excel injected and the real Worker (wrangler dev, local D1) behind it — the pane's harness
// (addin/pane/test). One file at a time; the pane is built first.
export default defineConfig({
  test: {
    name: 'county-pane',
    root: import.meta.dirname,
    include: ['**/*.browser.test.ts'],
    environment: 'node',
    globalSetup: ['../pane/test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

import { defineConfig } from 'vitest/config';

// The pane's plain-logic tests (Node): engine session, period, API client (host and results: addin-host).
// The pane in real Chromium has its own project (addin/pane/vitest.browser.config.ts).
export default defineConfig({
  test: {
    name: 'addin',
    root: import.meta.dirname,
    include: ['pane/**/*.test.ts'],
    exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

// The add-in's plain-logic tests (Node): the pane's engine session, result sheets, API client.
// The pane in real Chromium has its own project (addin/pane/vitest.browser.config.ts).
export default defineConfig({
  test: {
    name: 'addin',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

// The add-in's plain-logic tests (Node): host adapter on the fake Excel, result sheets, the pane's
// engine session, period and API client. The pane in real Chromium has its own project
// (addin/pane/vitest.browser.config.ts).
export default defineConfig({
  test: {
    name: 'addin',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 120_000,
  },
});

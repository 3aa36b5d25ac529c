import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Backend } from './node-env';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The Worker's own test suite (worker/**\/*.test.ts, unchanged) run on Node against one backend:
 * `cloudflare:test` and `cloudflare:workers` resolve to Node stand-ins whose env.DB is a
 * D1-compatible database on SQLite or PostgreSQL. Same tests, same figures as in workerd.
 */
export function workerSuite(backend: Backend) {
  return defineConfig({
    resolve: {
      alias: {
        'cloudflare:test': path.join(here, 'cloudflare-test.ts'),
        'cloudflare:workers': path.join(here, 'cloudflare-workers.ts'),
      },
    },
    test: {
      name: `worker-${backend}`,
      root: path.join(here, '..', '..', 'worker'),
      include: ['**/*.test.ts'],
      // The fuzz run's before/after table digest reads SQLite's catalog (pragma_table_info) and
      // installs SQLite triggers per column; it runs in workerd (D1) and on Node + SQLite.
      exclude: backend === 'postgres' ? ['fuzz/**', '**/node_modules/**'] : ['**/node_modules/**'],
      environment: 'node',
      env: { ROSTER_TEST_BACKEND: backend },
      globalSetup: backend === 'postgres' ? [path.join(here, 'global-postgres.ts')] : [],
      setupFiles: [path.join(here, 'node-globals.ts'), path.join(here, 'close-database.ts'), path.join(here, '..', '..', 'worker', 'test', 'apply-migrations.ts')],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
}

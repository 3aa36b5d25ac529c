import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

// The Worker's tests run inside workerd against a real (local) D1, with the same
// wrangler.toml as `npm start`; migrations reach the runtime as a test-only binding and are
// applied by the setup file, so each test file starts from the migrated, empty database.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(here, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        main: path.join(here, 'index.ts'),
        wrangler: { configPath: path.join(here, '..', 'wrangler.toml') },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ID_HMAC_KEY: 'test-only-hmac-key-0123456789abcdef',
            ADDIN_ORIGINS: 'https://addin.example.test',
            // The fuzz test's size and seed (worker/fuzz/api.test.ts; `npm run fuzz -- N`).
            FUZZ_REQUESTS: process.env.FUZZ_REQUESTS ?? '',
            FUZZ_SEED: process.env.FUZZ_SEED ?? '',
          },
        },
      }),
    ],
    test: {
      name: 'worker',
      root: here,
      include: ['**/*.test.ts'],
      setupFiles: ['./test/apply-migrations.ts'],
      testTimeout: 60_000,
    },
  };
});

/// <reference types="@cloudflare/vitest-pool-workers/types" />
import type { Bindings } from '../env';

// The bindings the tests see: the Worker's own plus the migrations handed over by vitest.config.ts.
declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    }
  }
}

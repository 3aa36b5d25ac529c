/**
 * `npm run bench -- --only fuzz`: runs the fuzz test (worker/fuzz/api.test.ts, in workerd) and
 * records what it printed: requests sent and 5xx answers (goal: 0), counts by status.
 * FUZZ_REQUESTS=100000 for a longer run (the test's own default is 10,000).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchOptions } from './harness';

export function runFuzzBench(_options: BenchOptions): Record<string, unknown> {
  const vitest = join(process.cwd(), 'node_modules', 'vitest', 'vitest.mjs');
  const started = performance.now();
  const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'worker', 'worker/fuzz/api.test.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, FUZZ_REQUESTS: process.env.FUZZ_REQUESTS ?? '10000' },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const line = /fuzz: (\{"requests".*\})/.exec(output);
  if (!line) throw new Error(`the fuzz test printed no summary:\n${output.slice(-3000)}`);
  const summary = JSON.parse(line[1]) as { requests: number; fiveHundreds: number; byStatus: Record<string, number>; seed: number; operations: number };
  const figures = {
    fuzz_requests: summary.requests,
    fuzz_5xx: summary.fiveHundreds,
    fuzz_by_status: summary.byStatus,
    fuzz_operations: summary.operations,
    fuzz_seed: summary.seed,
    fuzz_test_passed: run.status === 0,
    fuzz_seconds: Math.round((performance.now() - started) / 1000),
  };
  console.log(`fuzz: ${figures.fuzz_requests} requests over ${figures.fuzz_operations} operations, 5xx ${figures.fuzz_5xx}, test ${figures.fuzz_test_passed ? 'passed' : 'FAILED'}`);
  console.log(`  by status: ${Object.entries(summary.byStatus).map(([s, n]) => `${s}: ${n}`).join(', ')}`);
  return figures;
}

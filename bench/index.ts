/**
 * `npm run bench` — runs the benches listed below on one synthetic roster and merges each
 * bench's figures into bench/results.json under its own top-level key.
 *
 *   npm run bench                          every bench, 100,000 households, 5 runs each
 *   npm run bench -- --only core           one bench (comma-separated list allowed)
 *   npm run bench -- --n 20000 --reps 3 --seed 7 --no-write
 *
 * To add a bench: write bench/<name>.ts exporting a `Bench` (see harness.ts) and list it here.
 */
import { runCoreBench } from './core';
import { runPhasesBench } from './phases';
import { runMonitoringBench } from './monitoring';
import { runWorkerBench } from './worker';
import { runFuzzBench } from './fuzz';
import { runSoakBench } from './soak';
import { runAddinHostBench } from './addin-host';
import { runPaneBench } from './pane';
import { runMarksBench } from './marks';
import { runBundleBench } from './bundle';
import { runRegressionBench } from './regression';
import { runCliBench } from './cli';
import { type Bench, type BenchOptions, mergeResults, RESULTS_PATH } from './harness';

import { runCountyBench } from './county';
const benches: Record<string, Bench> = {
  county: runCountyBench,
  core: runCoreBench,
  phases: runPhasesBench,
  monitoring: runMonitoringBench,
  worker: runWorkerBench,
  fuzz: runFuzzBench,
  soak: runSoakBench,
  addin_host: runAddinHostBench,
  pane: runPaneBench,
  marks: runMarksBench,
  bundle: runBundleBench,
  regression: runRegressionBench,
  cli: runCliBench,
};

function parseArgs(argv: string[]): { options: BenchOptions; only: string[] | null; write: boolean } {
  const options: BenchOptions = { n: 100_000, seed: 1, reps: 5 };
  let only: string[] | null = null;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--only':
        only = value().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--n':
        options.n = Number(value().replace(/[_,]/g, ''));
        break;
      case '--seed':
        options.seed = Number(value());
        break;
      case '--reps':
        options.reps = Math.max(3, Number(value()));
        break;
      case '--no-write':
        write = false;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (use --only NAME[,NAME], --n N, --seed S, --reps R, --no-write)`);
    }
  }
  if (!Number.isInteger(options.n) || options.n < 1) throw new Error('--n must be a positive integer');
  return { options, only, write };
}

async function main(): Promise<void> {
  const { options, only, write } = parseArgs(process.argv.slice(2));
  const names = only ?? Object.keys(benches);
  for (const name of names) {
    if (!benches[name]) throw new Error(`no bench "${name}" (have: ${Object.keys(benches).join(', ')})`);
  }
  for (const name of names) {
    console.log(`\n=== bench: ${name} ===`);
    const figures = await benches[name](options);
    if (write) {
      mergeResults(name, figures);
      console.log(`\nwrote ${RESULTS_PATH} [${name}]`);
    }
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

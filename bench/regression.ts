/**
 * The regression bench (`npm run bench -- --only regression`): the engine of a base commit and
 * the engine of this working tree, built side by side and run interleaved in one process on the
 * same rosters, so load from other jobs hits both alike. The base commit's core/ is extracted
 * with `git archive` into bench/out/ (where Node resolves the project's node_modules), both are
 * bundled with esbuild the same way, and each round times base and head (alternating which goes first) on the default roster
 * (household + member sheets) and on the monitoring export (one row per person).
 * Goal (issue 11): head's medians within 5 % of base's.
 *
 *   npm run bench -- --only regression                      base cfc8144 (main before issue 11)
 *   BENCH_BASE=<commit> npm run bench -- --only regression  another base
 *
 * @example
 * const figures = await runRegressionBench({ n: 100_000, seed: 1, reps: 7 });
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { EXPORT_PERIOD, generateExport } from './export';
import { type BenchOptions, type Case, codeVersion, gc, machine, printTable, round2, sharedRoster, type Timing } from './harness';

/** main before issue 11's work. */
export const DEFAULT_BASE = 'cfc8144';
/** Goal from the issue; a missed goal is printed as FAIL, never an exit code. */
export const REGRESSION_GOALS = { maxPct: 5 };

/** What the bench needs from either engine (the API both versions share). */
interface Engine {
  compileCriteria(doc: unknown): unknown;
  evaluateRoster(criteria: unknown, input: unknown): unknown;
  defaultCriteria: unknown;
  monitoringCriteria: unknown;
}

const OUT = join(process.cwd(), 'bench', 'out');

/** The base commit's core/ in bench/out/regression-<commit>/core. */
function extractBase(commit: string): string {
  const dir = join(OUT, `regression-${commit}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['archive', '--format=tar', commit, 'core'], { maxBuffer: 256 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  // Only the engine is wanted: the base's tests under bench/out would join the test suite.
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.test.ts')) rmSync(join(dir, file));
  }
  return dir;
}

/** Bundle one engine (core/index.ts under `root`) as the bench bundles itself, and load it. */
async function loadEngine(root: string, name: string): Promise<Engine> {
  const outfile = join(OUT, `regression-${name}.mjs`);
  await build({
    stdin: {
      contents: `export { compileCriteria, evaluateRoster, defaultCriteria, monitoringCriteria } from './core/index';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(outfile).href)) as Engine;
}

/**
 * Pairs of cases (base, head) timed in rounds after one warm-up round, a full GC before each run;
 * odd rounds run head first, so neither version always runs right after the other's garbage.
 */
function alternatingRounds(cases: Case[], reps: number): Timing[] {
  const runs: number[][] = cases.map(() => []);
  for (let round = 0; round <= reps; round++) {
    for (let pair = 0; pair < cases.length; pair += 2) {
      const order = round % 2 ? [pair + 1, pair] : [pair, pair + 1];
      for (const k of order) {
        gc();
        const t0 = performance.now();
        cases[k].fn();
        if (round > 0) runs[k].push(performance.now() - t0);
      }
    }
  }
  return cases.map((c, k) => {
    const sorted = [...runs[k]].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { name: c.name, runs: runs[k].map(round2), median: round2(median), best: round2(sorted[0]), warmup: 0 };
  });
}

const pct = (head: number, base: number) => round2(((head - base) / base) * 100);

export async function runRegressionBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { n, seed } = options;
  const reps = Math.max(options.reps, 7);
  const base = process.env.BENCH_BASE || DEFAULT_BASE;
  const baseCommit = execFileSync('git', ['rev-parse', '--short', base], { encoding: 'utf8' }).trim();
  const [old, now] = [await loadEngine(extractBase(baseCommit), baseCommit), await loadEngine(process.cwd(), 'head')];

  const { roster } = sharedRoster(n, seed);
  const exp = generateExport(n, seed);
  const defaultInput = { households: roster.households, members: roster.members, period: '2020' };
  const monitoringInput = { households: exp.sheet, period: EXPORT_PERIOD };
  const cases: Case[] = [];
  const add = (engine: Engine, label: string, doc: 'defaultCriteria' | 'monitoringCriteria', input: unknown) => {
    const criteria = engine.compileCriteria(engine[doc]);
    cases.push({ name: label, fn: () => engine.evaluateRoster(criteria, input) });
  };
  add(old, `core ${baseCommit}`, 'defaultCriteria', defaultInput);
  add(now, 'core head', 'defaultCriteria', defaultInput);
  add(old, `monitoring ${baseCommit}`, 'monitoringCriteria', monitoringInput);
  add(now, 'monitoring head', 'monitoringCriteria', monitoringInput);
  const [coreBase, coreHead, monBase, monHead] = alternatingRounds(cases, reps);

  const corePct = pct(coreHead.median, coreBase.median);
  const monitoringPct = pct(monHead.median, monBase.median);
  const verdict = (p: number) => (Math.abs(p) <= REGRESSION_GOALS.maxPct ? 'ok' : p < 0 ? 'faster' : 'FAIL');
  printTable(
    ['engine', `${baseCommit} median ms`, 'head median ms', 'head vs base %', 'goal ≤ +5 %'],
    [
      ['core (default roster)', coreBase.median, coreHead.median, corePct, verdict(corePct)],
      ['monitoring (export)', monBase.median, monHead.median, monitoringPct, verdict(monitoringPct)],
    ],
  );
  return {
    ...machine(),
    code: codeVersion(['core', 'bench']),
    method: `base ${baseCommit}'s core/ (git archive) and head's, each bundled by esbuild; ${reps} interleaved rounds of base and head (alternating first) on both rosters after 1 warm-up round, full GC before each run; medians`,
    base: baseCommit,
    n,
    seed,
    goals: REGRESSION_GOALS,
    regression_core_pct: corePct,
    regression_monitoring_pct: monitoringPct,
    core: { base: coreBase, head: coreHead },
    monitoring: { base: monBase, head: monHead },
  };
}

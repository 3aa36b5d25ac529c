/**
 * Small timing harness shared by the benches: warm-up, repetitions, forced GC between them,
 * machine facts, and merging figures into bench/results.json by top-level key.
 *
 * @example
 * const t = measure('core', () => evaluateRoster(criteria, input), { reps: 5 });
 * console.log(t.median, t.best);
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateRoster, type GeneratedRoster } from './roster';

// The bench runs as an esbuild bundle from bench/out/, so the path is taken from the project root.
export const RESULTS_PATH = join(process.cwd(), 'bench', 'results.json');

// `tsx bench/index.ts` cannot pass --expose-gc; this enables it at run time (a documented V8 trick).
setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc') as (() => void) | undefined;

/** Full collection, so one repetition's garbage is not charged to the next. */
export function gc(): void {
  if (gcFn) {
    gcFn();
    gcFn();
  }
}

export interface Timing {
  name: string;
  /** Milliseconds of each measured repetition (warm-up excluded). */
  runs: number[];
  median: number;
  best: number;
  warmup: number;
}

export interface MeasureOptions {
  reps: number;
  /** Warm-up passes before measuring (default 1). */
  warmup?: number;
}

/**
 * Time `fn`: `warmup` unmeasured passes, then `reps` measured ones with a full GC before each.
 * `fn`'s return value is handed to `sink` so V8 cannot drop the work.
 */
export function measure<T>(name: string, fn: () => T, options: MeasureOptions, sink?: (value: T) => void): Timing {
  const warmups = options.warmup ?? 1;
  let warmup = 0;
  for (let i = 0; i < warmups; i++) {
    gc();
    const t0 = performance.now();
    const v = fn();
    warmup = performance.now() - t0;
    sink?.(v);
  }
  const runs: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    gc();
    const t0 = performance.now();
    const v = fn();
    runs.push(performance.now() - t0);
    sink?.(v);
  }
  return summarize(name, runs, warmup);
}

export interface Case<T = unknown> {
  name: string;
  fn: () => T;
  /** Receives each result, so V8 cannot drop the work. */
  sink?: (value: T) => void;
}

/**
 * Time several cases in interleaved rounds (warm-up round, then `reps` rounds of every case,
 * a full GC before each run), so a burst of load from other jobs hits all cases alike and
 * their ratios stay meaningful on a shared machine.
 */
export function measureRounds(cases: Case<any>[], options: MeasureOptions): Timing[] {
  const warmups = options.warmup ?? 1;
  const runs: number[][] = cases.map(() => []);
  const warm: number[] = cases.map(() => 0);
  for (let round = 0; round < warmups + options.reps; round++) {
    cases.forEach((c, k) => {
      gc();
      const t0 = performance.now();
      const v = c.fn();
      const ms = performance.now() - t0;
      c.sink?.(v);
      if (round < warmups) warm[k] = ms;
      else runs[k].push(ms);
    });
  }
  return cases.map((c, k) => summarize(c.name, runs[k], warm[k]));
}

function summarize(name: string, runs: number[], warmup: number): Timing {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { name, runs: runs.map(round2), median: round2(median), best: round2(sorted[0]), warmup: round2(warmup) };
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return round2(process.resourceUsage().maxRSS / 1024);
}

export function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpu[0]?.model ?? 'unknown',
    cpus: cpu.length,
    memory_gb: round2(totalmem() / 2 ** 30),
    // Other jobs on the machine skew timings: recorded so a noisy run can be recognised.
    load_average_1m: round2(loadavg()[0]),
  };
}

/** Which code was measured: HEAD and the uncommitted files under `paths` (others edit core/ meanwhile). */
export function codeVersion(paths: string[]): Record<string, unknown> {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', ...paths);
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommitted: dirty ? dirty.split('\n').map((l) => l.trim()) : [] };
  } catch {
    return { commit: null, uncommitted: null };
  }
}

const rosters = new Map<string, { roster: GeneratedRoster; ms: number }>();

/** The synthetic roster for (n, seed), generated once per process and shared by the benches. */
export function sharedRoster(n: number, seed: number): { roster: GeneratedRoster; ms: number } {
  const key = `${n}:${seed}`;
  let hit = rosters.get(key);
  if (!hit) {
    const t0 = performance.now();
    const roster = generateRoster(n, seed);
    hit = { roster, ms: round2(performance.now() - t0) };
    rosters.set(key, hit);
  }
  return hit;
}

/** Replace top-level `key` of bench/results.json, keeping the other benches' keys. */
export function mergeResults(key: string, value: unknown, path = RESULTS_PATH): void {
  let doc: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) doc = parsed;
    } catch {
      // A broken file is replaced rather than blocking the run.
    }
  }
  doc[key] = value;
  writeFileSync(path, JSON.stringify(doc, null, 2) + '\n');
}

/** Options every bench module receives from bench/index.ts. */
export interface BenchOptions {
  /** Households in the synthetic roster (default 100,000). */
  n: number;
  seed: number;
  /** Measured repetitions per case (default 5), each after one warm-up pass. */
  reps: number;
}

/** A bench module: runs, prints its own table, returns the JSON stored under its key. */
export type Bench = (options: BenchOptions) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** Print rows as an aligned text table. */
export function printTable(head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const width = head.map((_, j) => Math.max(...cells.map((r) => String(r[j]).length)));
  const line = (r: (string | number)[]) => r.map((c, j) => (j === 0 ? String(c).padEnd(width[j]) : String(c).padStart(width[j]))).join('  ');
  console.log(line(head));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(2);
}

/**
 * The Worker bench (`npm run bench -- --only worker`): the Worker run locally by `wrangler dev`
 * (workerd + a local D1) in a throw-away persistence directory on a free port, 127.0.0.1 only.
 *
 *  1. Submission latency: a 20,000-household roster (~70,000 members, generateRoster) POSTed to
 *     /api/v1/submissions with a county token, 1 warm-up + ≥ 5 measured submissions for the same
 *     township and period (each supersedes the previous; a new Idempotency-Key each time). Each
 *     request is followed by core's evaluateRoster on the same roster in this process, so the
 *     engine's share of the request is measured under the same load. Goal: p50 ≤ 1 s.
 *  2. County summary: 12 townships × 20,000 households submitted (one generated roster per
 *     township, township column set), then autocannon (20 connections, 10 s each) on
 *     GET /healthz and GET /api/v1/reports/summary. Goal: summary p50 ÷ healthz p50 ≤ 5.
 *
 * Set up like scripts/start.mjs (its helpers from scripts/worker-lib.mjs): migrations applied
 * locally, criteria version 1 seeded from core's default document, one county token. The
 * Worker is stopped at the end, also on errors or Ctrl-C. BENCH_WORKER_QUICK=1 shrinks every
 * size (2,000 households, 3 s load) for a smoke run; its figures are not the goals' figures.
 *
 * @example
 * const figures = await runWorkerBench({ n: 100_000, seed: 1, reps: 5 });
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../core/index';
import { type BenchOptions, codeVersion, gc, machine, peakRssMb, printTable, round2, round3 } from './harness';
import { generateRoster, TOWNSHIPS } from './roster';

/** Goals from the issue; a missed goal is printed as FAIL, never an exit code. */
export const WORKER_GOALS = { submissionP50MsMax: 1000, summaryVsHealthzMax: 5 };

const QUICK = process.env.BENCH_WORKER_QUICK === '1';
const SUBMIT_HOUSEHOLDS = QUICK ? 2_000 : 20_000;
const SUMMARY_HOUSEHOLDS = QUICK ? 2_000 : 20_000;
const LOAD_SECONDS = QUICK ? 3 : 10;
const CONNECTIONS = 20;
const LATENCY_PERIOD = '2020';
/** A separate period for the 12-township summary (same reference date, 2020-12-31). */
const SUMMARY_PERIOD = '2020-12';
const LATENCY_TOWNSHIP = TOWNSHIPS[0];
const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 120_000;

/** The helpers of scripts/worker-lib.mjs this bench uses (plain JS; typed here). */
interface WorkerLib {
  root: string;
  wranglerEnv: NodeJS.ProcessEnv;
  wrangler(args: string[], options?: { quiet?: boolean }): string;
  newToken(options: { role: string; township?: string | null; label: string }): { id: string; token: string; role: string };
  tokenSql(token: unknown, createdBy?: string): string;
  criteriaSeedSql(document: unknown, author?: string): string;
  shippedCriteria(profile?: string): unknown;
}

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

async function loadWorkerLib(): Promise<WorkerLib> {
  // From the project root, as harness.ts does (`npm run bench` runs a bundle from bench/out/);
  // a computed specifier, because the .mjs has no type declarations (its shape is WorkerLib).
  const candidates = [join(process.cwd(), 'scripts', 'worker-lib.mjs'), fileURLToPath(new URL('../scripts/worker-lib.mjs', import.meta.url))];
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new Error(`scripts/worker-lib.mjs not found (run from the project root): ${candidates.join(', ')}`);
  return (await import(pathToFileURL(path).href)) as WorkerLib;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of `values` (p in 0..1). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/** `Server-Timing: evaluate;dur=812, prepare;dur=300` → { evaluate: 812, prepare: 300 }. */
function serverTiming(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /^\s*([\w-]+)\s*;\s*dur=([\d.]+)/.exec(part);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** The local Worker: wrangler dev in its own process group, its output kept for error reports. */
class LocalWorker {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  private exited: number | null | undefined = undefined;
  readonly baseUrl: string;
  private readonly onSignal = () => {
    this.stopNow();
    process.exit(130);
  };

  constructor(
    private readonly lib: WorkerLib,
    private readonly port: number,
    private readonly inspectorPort: number,
    private readonly persistTo: string,
  ) {
    this.baseUrl = `http://${HOST}:${port}`;
  }

  start(): void {
    const wranglerBin = join(this.lib.root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
    const args = [
      wranglerBin, 'dev', '--local', '--ip', HOST, '--port', String(this.port), '--inspector-port', String(this.inspectorPort),
      '--persist-to', this.persistTo, '--var', `ID_HMAC_KEY:${randomBytes(32).toString('hex')}`,
      '--show-interactive-dev-session=false', '--log-level', 'warn',
    ];
    this.child = spawn(process.execPath, args, { cwd: this.lib.root, env: this.lib.wranglerEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('exit', (code) => (this.exited = code));
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  tail(): string {
    return this.output.join('').split('\n').slice(-40).join('\n');
  }

  async waitHealthy(): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < STARTUP_TIMEOUT_MS) {
      if (this.exited !== undefined) throw new Error(`wrangler dev exited (code ${this.exited}) before /healthz answered:\n${this.tail()}`);
      try {
        const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`/healthz did not answer within ${STARTUP_TIMEOUT_MS / 1000} s:\n${this.tail()}`);
  }

  /** SIGTERM to wrangler's process group (wrangler and its workerd), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
    const child = this.child;
    if (!child?.pid || this.exited !== undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    this.signal('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      this.signal('SIGKILL');
      await Promise.race([exited, sleep(2000)]);
    }
  }

  private stopNow(): void {
    this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  }
}

interface PostResult {
  ms: number;
  status: number;
  timing: Record<string, number>;
  receipt: Record<string, unknown> | null;
  error?: string;
}

/** Times wrangler dev reloaded the Worker under a request (a file under worker/ or core/ changed). */
let reloads = 0;

/**
 * POST a roster; a 503 "restarted mid-request" (wrangler dev reloads on every saved file, and
 * others edit worker/ meanwhile) is retried up to 3 times and counted, only the answered attempt is timed.
 */
async function postSubmission(baseUrl: string, token: string, body: string, key: string): Promise<PostResult> {
  for (let attempt = 0; ; attempt++) {
    const result = await postOnce(baseUrl, token, body, key);
    if (result.status !== 503 || !/restarted/i.test(result.error ?? '') || attempt >= 3) return result;
    reloads++;
    console.log('  (the Worker reloaded mid-request: a source file changed; retrying)');
    await sleep(2000);
  }
}

async function postOnce(baseUrl: string, token: string, body: string, key: string): Promise<PostResult> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/api/v1/submissions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let receipt: Record<string, unknown> | null = null;
  try {
    receipt = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return {
    ms,
    status: res.status,
    timing: serverTiming(res.headers.get('server-timing')),
    receipt: res.status === 201 ? receipt : null,
    error: res.status === 201 ? undefined : `HTTP ${res.status}: ${text.slice(0, 600)}`,
  };
}

function rosterBody(period: string, township: string, households: unknown, members: unknown): string {
  return JSON.stringify({ period, township, households, members });
}

export async function runWorkerBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { seed } = options;
  const reps = Math.max(5, options.reps);
  const loadAtStart = round2(loadavg()[0]);
  const lib = await loadWorkerLib();
  const persistTo = mkdtempSync(join(tmpdir(), 'roster-bench-worker-'));
  const problems: string[] = [];
  let worker: LocalWorker | null = null;
  const figures: Record<string, unknown> = {};
  if (QUICK) console.log('BENCH_WORKER_QUICK=1: reduced sizes, figures are a smoke test only');

  try {
    // 1. Local D1 in the temp dir: migrations, criteria v1 (default profile), one county token.
    let t0 = performance.now();
    lib.wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], { quiet: true });
    const county = lib.newToken({ role: 'county', label: 'bench county' });
    const seedFile = join(persistTo, 'seed.sql');
    writeFileSync(seedFile, lib.criteriaSeedSql(lib.shippedCriteria('default'), 'bench') + lib.tokenSql(county, 'bench'));
    lib.wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', seedFile, '--yes'], { quiet: true });
    const setupMs = performance.now() - t0;

    const port = await freePort();
    const inspectorPort = await freePort();
    worker = new LocalWorker(lib, port, inspectorPort, persistTo);
    worker.start();
    const startupMs = await worker.waitHealthy();
    console.log(`worker: ${worker.baseUrl} (persist-to ${persistTo}); setup ${Math.round(setupMs)} ms, ready after ${Math.round(startupMs)} ms`);
    const baseUrl = worker.baseUrl;

    // 2. Submission latency, with core in-process after each request.
    const roster = generateRoster(SUBMIT_HOUSEHOLDS, seed);
    const memberCount = roster.members.length - 1;
    const body = rosterBody(LATENCY_PERIOD, LATENCY_TOWNSHIP, roster.households, roster.members);
    const bodyMb = round2(Buffer.byteLength(body) / 2 ** 20);
    console.log(`\nsubmission: ${SUBMIT_HOUSEHOLDS.toLocaleString('en-US')} households, ${memberCount.toLocaleString('en-US')} members, body ${bodyMb} MB; 1 warm-up + ${reps} measured, each followed by core in-process`);
    const criteria = compileCriteria(defaultCriteria);
    const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const posts: PostResult[] = [];
    const engineMs: number[] = [];
    let engineFacts: Record<string, number> = {};
    let warmup: PostResult | null = null;
    for (let k = 0; k <= reps; k++) {
      gc();
      const post = await postSubmission(baseUrl, county.token, body, `bench-${runId}-latency-${k}`);
      if (post.error) throw new Error(`POST /api/v1/submissions failed: ${post.error}`);
      gc();
      const e0 = performance.now();
      const result = evaluateRoster(criteria, { households: roster.households, members: roster.members, period: LATENCY_PERIOD });
      const eMs = performance.now() - e0;
      engineFacts = { households: result.households.length, rows_with_errors: result.summary.total.counters.rows_with_errors };
      if (k === 0) warmup = post;
      else {
        posts.push(post);
        engineMs.push(eMs);
      }
      console.log(`  ${k === 0 ? 'warm-up ' : `run ${k}   `} ${Math.round(post.ms)} ms  (server ${JSON.stringify(post.timing)}; core in-process ${Math.round(eMs)} ms)`);
    }
    const latencies = posts.map((p) => p.ms);
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    const phase = (name: string) => {
      const v = posts.map((p) => p.timing[name]).filter((x): x is number => typeof x === 'number');
      return v.length ? round2(percentile(v, 0.5)) : null;
    };
    const serverPhases = { seal: phase('seal'), evaluate: phase('evaluate'), prepare: phase('prepare'), store: phase('store') };
    const engineP50 = percentile(engineMs, 0.5);
    const receipt = posts[posts.length - 1].receipt ?? {};
    const phaseSum = (serverPhases.seal ?? 0) + (serverPhases.evaluate ?? 0) + (serverPhases.prepare ?? 0) + (serverPhases.store ?? 0);
    const rest = p50 - phaseSum;

    // Supersession: one current submission for the township and period, the others superseded.
    const listRes = await fetch(`${baseUrl}/api/v1/submissions?period=${LATENCY_PERIOD}&township=${encodeURIComponent(LATENCY_TOWNSHIP)}`, {
      headers: { Authorization: `Bearer ${county.token}` },
    });
    const list = listRes.ok ? ((await listRes.json()) as { superseded: boolean }[]) : [];
    const current = list.filter((s) => !s.superseded).length;
    if (list.length !== reps + 1 || current !== 1) {
      problems.push(`GET /api/v1/submissions: expected ${reps + 1} submissions with 1 current, got HTTP ${listRes.status}, ${list.length} with ${current} current`);
    }

    const submissionGoal = { limit: WORKER_GOALS.submissionP50MsMax, value: round2(p50), pass: p50 <= WORKER_GOALS.submissionP50MsMax };
    figures.submission = {
      households: SUBMIT_HOUSEHOLDS,
      members: memberCount,
      body_mb: bodyMb,
      period: LATENCY_PERIOD,
      township: LATENCY_TOWNSHIP,
      reps,
      latency_ms: { p50: round2(p50), p95: round2(p95), min: round2(Math.min(...latencies)), max: round2(Math.max(...latencies)), runs: latencies.map(round2), warmup: round2(warmup?.ms ?? NaN) },
      server_timing_ms_p50: serverPhases,
      server_timing_runs: posts.map((p) => p.timing),
      engine_in_process_ms: { p50: round2(engineP50), best: round2(Math.min(...engineMs)), runs: engineMs.map(round2) },
      engine_in_process_share_of_p50: round3(engineP50 / p50),
      server_evaluate_share_of_p50: serverPhases.evaluate === null ? null : round3(serverPhases.evaluate / p50),
      unaccounted_ms_p50: round2(rest),
      receipt: { households: receipt.households, persons: receipt.persons, rowsWithErrors: receipt.rowsWithErrors },
      engine_found: engineFacts,
      history: { submissions: list.length, current },
    };

    // 3. Twelve townships for the county summary.
    console.log(`\nseeding ${TOWNSHIPS.length} townships × ${SUMMARY_HOUSEHOLDS.toLocaleString('en-US')} households for period ${SUMMARY_PERIOD}…`);
    const seedPosts: { township: string; ms: number; timing: Record<string, number>; households: unknown; rowsWithErrors: unknown }[] = [];
    for (let k = 0; k < TOWNSHIPS.length; k++) {
      const r = generateRoster(SUMMARY_HOUSEHOLDS, seed + 1000 + k);
      for (let i = 1; i < r.households.length; i++) r.households[i][1] = TOWNSHIPS[k];
      const post = await postSubmission(baseUrl, county.token, rosterBody(SUMMARY_PERIOD, TOWNSHIPS[k], r.households, r.members), `bench-${runId}-seed-${k}`);
      if (post.error) throw new Error(`POST /api/v1/submissions (${TOWNSHIPS[k]}) failed: ${post.error}`);
      seedPosts.push({ township: TOWNSHIPS[k], ms: round2(post.ms), timing: post.timing, households: post.receipt?.households, rowsWithErrors: post.receipt?.rowsWithErrors });
    }
    const seedLatencies = seedPosts.map((s) => s.ms);
    console.log(`  12 submissions: p50 ${Math.round(percentile(seedLatencies, 0.5))} ms, max ${Math.round(Math.max(...seedLatencies))} ms`);

    const summaryPath = `/api/v1/reports/summary?period=${encodeURIComponent(SUMMARY_PERIOD)}`;
    const auth = { Authorization: `Bearer ${county.token}` };
    const check = await fetch(`${baseUrl}${summaryPath}`, { headers: auth });
    const checkText = await check.text();
    if (!check.ok) throw new Error(`GET ${summaryPath} failed: HTTP ${check.status}: ${checkText.slice(0, 600)}`);
    const report = JSON.parse(checkText) as { total: { counters: Record<string, number> }; missing: string[]; townships: { submitted: boolean }[] };
    const totalHouseholds = report.total.counters.households;
    if (totalHouseholds !== TOWNSHIPS.length * SUMMARY_HOUSEHOLDS || report.missing.length !== 0) {
      problems.push(`summary: expected ${TOWNSHIPS.length * SUMMARY_HOUSEHOLDS} households and no missing township, got ${totalHouseholds} and missing ${JSON.stringify(report.missing)}`);
    }
    console.log(`  summary: ${Buffer.byteLength(checkText)} bytes, total households ${totalHouseholds}, missing ${report.missing.length}`);

    // 4. Load: healthz then summary, 20 connections each, in this run.
    const require = createRequire(import.meta.url);
    const autocannon = require('autocannon') as Autocannon;
    const load = async (path: string, headers: Record<string, string>) => {
      const r = await autocannon({ url: `${baseUrl}${path}`, connections: CONNECTIONS, duration: LOAD_SECONDS, headers });
      return {
        p50_ms: r.latency.p50,
        p90_ms: r.latency.p90,
        p99_ms: r.latency.p99,
        mean_ms: round2(r.latency.average),
        max_ms: r.latency.max,
        requests_per_s: round2(r.requests.average),
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
      };
    };
    console.log(`\nautocannon: ${CONNECTIONS} connections × ${LOAD_SECONDS} s on /healthz, the summary, then /api/v1/criteria/versions (diagnostic)`);
    const healthz = await load('/healthz', {});
    const summary = await load(summaryPath, auth);
    // Diagnostic, not a goal: an authenticated route with one small D1 read (token check + the
    // criteria version list), to split the summary's cost into "auth + D1 round trips" and the rest.
    const authBaseline = await load('/api/v1/criteria/versions', auth);
    for (const [name, r] of [['healthz', healthz], ['summary', summary], ['criteria/versions', authBaseline]] as const) {
      if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) problems.push(`${name} under load: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    }
    const ratio = round3(summary.p50_ms / Math.max(healthz.p50_ms, 1e-9));
    const meanRatio = round3(summary.mean_ms / Math.max(healthz.mean_ms, 1e-9));
    const summaryGoal = { limit: WORKER_GOALS.summaryVsHealthzMax, value: ratio, pass: ratio <= WORKER_GOALS.summaryVsHealthzMax };
    figures.summary = {
      townships: TOWNSHIPS.length,
      households_per_township: SUMMARY_HOUSEHOLDS,
      period: SUMMARY_PERIOD,
      total_households: totalHouseholds,
      response_bytes: Buffer.byteLength(checkText),
      seed_submissions: { p50_ms: round2(percentile(seedLatencies, 0.5)), max_ms: round2(Math.max(...seedLatencies)), runs: seedPosts },
      connections: CONNECTIONS,
      duration_s: LOAD_SECONDS,
      healthz,
      summary,
      auth_baseline_criteria_versions: authBaseline,
      summary_vs_healthz_p50_ratio: ratio,
      summary_vs_auth_baseline_p50_ratio: round3(summary.p50_ms / Math.max(authBaseline.p50_ms, 1e-9)),
      summary_vs_healthz_mean_ratio: meanRatio,
    };

    // Report.
    console.log('');
    printTable(
      ['measure', 'p50 ms', 'p95/p90 ms', 'mean ms', 'req/s'],
      [
        [`POST submission (${reps} runs)`, round2(p50), round2(p95), round2(latencies.reduce((a, b) => a + b, 0) / latencies.length), '-'],
        ['core in-process (same roster)', round2(engineP50), round2(percentile(engineMs, 0.95)), round2(engineMs.reduce((a, b) => a + b, 0) / engineMs.length), '-'],
        ['GET /healthz (autocannon)', healthz.p50_ms, healthz.p90_ms, healthz.mean_ms, healthz.requests_per_s],
        ['GET summary (autocannon)', summary.p50_ms, summary.p90_ms, summary.mean_ms, summary.requests_per_s],
        ['GET criteria/versions (diagnostic)', authBaseline.p50_ms, authBaseline.p90_ms, authBaseline.mean_ms, authBaseline.requests_per_s],
      ],
    );
    console.log('');
    console.log(`submission p50 ${Math.round(p50)} ms: server phases (p50) seal (fingerprint, criteria, Brotli + AES) ${serverPhases.seal} ms, evaluate ${serverPhases.evaluate} ms, prepare (rows + HMAC) ${serverPhases.prepare} ms, store (D1) ${serverPhases.store} ms; ` +
      `the remaining ${Math.round(rest)} ms is transfer, JSON parse and zod validation`);
    console.log(`core in-process is ${(100 * engineP50 / p50).toFixed(0)} % of the request p50 (the Worker's own evaluate phase: ${serverPhases.evaluate === null ? 'n/a' : `${(100 * serverPhases.evaluate / p50).toFixed(0)} %`})`);
    console.log(`summary_vs_healthz_ratio ${ratio} (p50; means: ${meanRatio})`);
    console.log(`load average (1 min) ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs (at start ${loadAtStart})`);
    if (reloads > 0) problems.push(`wrangler dev reloaded the Worker ${reloads} time(s) during the run (source files changed); those requests were retried`);
    for (const p of problems) console.log(`PROBLEM  ${p}`);
    console.log('');
    console.log(`${submissionGoal.pass ? 'PASS' : 'FAIL'}  submission p50 ${Math.round(p50)} ms ≤ ${WORKER_GOALS.submissionP50MsMax} ms`);
    console.log(`${summaryGoal.pass ? 'PASS' : 'FAIL'}  summary_vs_healthz_ratio ${ratio} ≤ ${WORKER_GOALS.summaryVsHealthzMax}`);
    figures.goals = { submission_p50_ms: submissionGoal, summary_vs_healthz: summaryGoal };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`\nFAIL  worker bench did not complete: ${message}`);
    figures.error = message;
    if (worker) {
      figures.worker_output_tail = worker.tail();
      console.log(`wrangler dev output (last lines):\n${worker.tail()}`);
    }
  } finally {
    if (worker) await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }

  return {
    ...machine(),
    load_average_1m_at_start: loadAtStart,
    code: codeVersion(['worker', 'core', 'scripts']),
    method:
      `wrangler dev (local D1, --persist-to a temp dir) on ${HOST}; submission: 1 warm-up + ${reps} POSTs of one roster, core in-process after each; ` +
      `summary: ${TOWNSHIPS.length} townships seeded, autocannon ${CONNECTIONS} connections × ${LOAD_SECONDS} s on /healthz, the summary, then GET /api/v1/criteria/versions (diagnostic); p50/p95 nearest-rank`,
    quick: QUICK,
    worker_reloads_during_run: reloads,
    problems,
    peak_rss_mb: peakRssMb(),
    ...figures,
  };
}

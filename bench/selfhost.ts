/**
 * The self-hosting bench (`npm run bench -- --only selfhost`, beside `worker` in a full run): the
 * Worker's app on Node (`server/main.ts`, bundled as `npm run serve` bundles it) in its own
 * process on a free loopback port, once on SQLite and once on PostgreSQL (a throw-away server the
 * bench starts and stops), measured as bench/worker.ts measures the Worker:
 *
 *  1. a 20,000-household submission (generateRoster), 1 warm-up + ≥ 5 measured POSTs; goal p50 ≤ 1 s;
 *  2. 12 townships × 20,000 households, then autocannon (20 connections, 10 s) on /healthz and the
 *     county summary; goal: summary p50 ≤ 5 × /healthz p50 of the same host.
 *
 * Figures: selfhost_sqlite_submit_p50_ms, selfhost_pg_submit_p50_ms,
 * selfhost_sqlite_summary_vs_healthz, selfhost_pg_summary_vs_healthz. BENCH_SELFHOST_QUICK=1
 * shrinks every size for a smoke run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startPostgres, freePort, type RunningPostgres } from '../server/test/postgres-server';
import { type BenchOptions, codeVersion, machine, printTable, round2, round3 } from './harness';
import { generateRoster, TOWNSHIPS } from './roster';
import { percentile } from './worker';

export const SELFHOST_GOALS = { submissionP50MsMax: 1000, summaryVsHealthzMax: 5 };

const QUICK = process.env.BENCH_SELFHOST_QUICK === '1';
const HOUSEHOLDS = QUICK ? 2_000 : 20_000;
const LOAD_SECONDS = QUICK ? 3 : 10;
const CONNECTIONS = 20;
const PERIOD = '2020';
const SUMMARY_PERIOD = '2020-12';

interface AutocannonResult {
  latency: { p50: number; p90: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One Node host process; its stdout (the JSON request log) is discarded, stderr kept for errors. */
class NodeHost {
  private child: ChildProcess | null = null;
  private stderr = '';
  readonly baseUrl: string;
  constructor(
    private readonly entry: string,
    private readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<string> {
    this.child = spawn(process.execPath, [this.entry], {
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    for (let i = 0; i < 600; i++) {
      if (this.child.exitCode !== null) throw new Error(`the Node host exited: ${this.stderr}`);
      try {
        if ((await fetch(`${this.baseUrl}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const admin = /(rc_[\w-]+)/.exec(this.stderr)?.[1];
    if (!admin) throw new Error(`no first admin token printed: ${this.stderr}`);
    return admin;
  }

  /** The host's stderr and exit code, for a failure report. */
  describe(): string {
    return `exit ${this.child?.exitCode ?? 'running'}; stderr: ${this.stderr.slice(-800)}`;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

async function post(baseUrl: string, token: string, body: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/api/v1/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /api/v1/submissions: HTTP ${res.status} ${text.slice(0, 400)}`);
  return performance.now() - t0;
}

async function measureHost(entry: string, label: string, databaseUrl: string, dir: string, options: BenchOptions) {
  const host = new NodeHost(entry, await freePort(), {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
    ID_HMAC_KEY: randomBytes(32).toString('hex'),
  });
  try {
    const admin = await host.start();
    const res = await fetch(`${host.baseUrl}/api/v1/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'county', label: 'bench county' }),
    });
    const county = ((await res.json()) as { token: string }).token;

    const reps = Math.max(5, options.reps);
    const roster = generateRoster(HOUSEHOLDS, options.seed);
    const body = JSON.stringify({ period: PERIOD, township: TOWNSHIPS[0], households: roster.households, members: roster.members });
    const runs: number[] = [];
    for (let k = 0; k <= reps; k++) {
      const ms = await post(host.baseUrl, county, body);
      if (k > 0) runs.push(ms);
      console.log(`  ${label} ${k === 0 ? 'warm-up' : `run ${k}`}  ${Math.round(ms)} ms`);
    }

    for (let k = 0; k < TOWNSHIPS.length; k++) {
      const r = generateRoster(HOUSEHOLDS, options.seed + 1000 + k);
      for (let i = 1; i < r.households.length; i++) r.households[i][1] = TOWNSHIPS[k];
      await post(host.baseUrl, county, JSON.stringify({ period: SUMMARY_PERIOD, township: TOWNSHIPS[k], households: r.households, members: r.members }));
    }
    const summaryPath = `/api/v1/reports/summary?period=${SUMMARY_PERIOD}`;
    const check = (await (await fetch(`${host.baseUrl}${summaryPath}`, { headers: { authorization: `Bearer ${county}` } })).json()) as {
      total: { counters: Record<string, number> };
    };
    const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<AutocannonResult>;
    const load = async (path: string, headers: Record<string, string>) => {
      const r = await autocannon({ url: `${host.baseUrl}${path}`, connections: CONNECTIONS, duration: LOAD_SECONDS, headers });
      return { p50_ms: r.latency.p50, p90_ms: r.latency.p90, mean_ms: round2(r.latency.average), requests_per_s: round2(r.requests.average), non2xx: r.non2xx, errors: r.errors + r.timeouts };
    };
    const healthz = await load('/healthz', {});
    const summary = await load(summaryPath, { authorization: `Bearer ${county}` });
    return {
      submission: { households: HOUSEHOLDS, members: roster.members.length - 1, reps, p50_ms: round2(percentile(runs, 0.5)), runs_ms: runs.map(round2) },
      summary: { townships: TOWNSHIPS.length, total_households: check.total.counters.households, healthz, summary },
      summary_vs_healthz: round3(summary.p50_ms / Math.max(healthz.p50_ms, 1e-9)),
    };
  } catch (error) {
    throw new Error(`${label}: ${error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : error} (${host.describe()})`);
  } finally {
    await host.stop();
  }
}

export async function runSelfhostBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const loadAtStart = round2(loadavg()[0]);
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-selfhost-'));
  const entry = join(process.cwd(), 'bench', 'out', 'selfhost-server.mjs');
  await build({ entryPoints: ['server/main.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: entry, logLevel: 'warning' });
  let postgres: RunningPostgres | null = null;
  const figures: Record<string, unknown> = {};
  try {
    console.log(`Node + SQLite: ${HOUSEHOLDS.toLocaleString('en-US')} households per submission`);
    const sqlite = await measureHost(entry, 'sqlite', `sqlite:${join(dir, 'sqlite', 'roster.db')}`, join(dir, 'sqlite'), options);
    postgres = await startPostgres();
    console.log(`Node + PostgreSQL (${postgres.url})`);
    const pg = await measureHost(entry, 'postgres', postgres.url, join(dir, 'pg'), options);
    Object.assign(figures, {
      selfhost_sqlite_submit_p50_ms: sqlite.submission.p50_ms,
      selfhost_pg_submit_p50_ms: pg.submission.p50_ms,
      selfhost_sqlite_summary_vs_healthz: sqlite.summary_vs_healthz,
      selfhost_pg_summary_vs_healthz: pg.summary_vs_healthz,
      sqlite,
      postgres: pg,
    });
    printTable(
      ['host', 'submit p50 ms', 'healthz p50 ms', 'summary p50 ms', 'summary/healthz'],
      [
        ['Node + SQLite', sqlite.submission.p50_ms, sqlite.summary.healthz.p50_ms, sqlite.summary.summary.p50_ms, sqlite.summary_vs_healthz],
        ['Node + PostgreSQL', pg.submission.p50_ms, pg.summary.healthz.p50_ms, pg.summary.summary.p50_ms, pg.summary_vs_healthz],
      ],
    );
    for (const [name, value, limit] of [
      ['selfhost_sqlite_submit_p50_ms', sqlite.submission.p50_ms, SELFHOST_GOALS.submissionP50MsMax],
      ['selfhost_pg_submit_p50_ms', pg.submission.p50_ms, SELFHOST_GOALS.submissionP50MsMax],
      ['selfhost_sqlite_summary_vs_healthz', sqlite.summary_vs_healthz, SELFHOST_GOALS.summaryVsHealthzMax],
      ['selfhost_pg_summary_vs_healthz', pg.summary_vs_healthz, SELFHOST_GOALS.summaryVsHealthzMax],
    ] as const) {
      console.log(`${value <= limit ? 'PASS' : 'FAIL'}  ${name} ${value} ≤ ${limit}`);
    }
  } catch (error) {
    figures.error = error instanceof Error ? error.message : String(error);
    console.log(`FAIL  selfhost bench did not complete: ${figures.error}`);
  } finally {
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    ...machine(),
    load_average_1m_at_start: loadAtStart,
    load_average_1m_at_end: round2(loadavg()[0]),
    cpus: cpus().length,
    code: codeVersion(['server', 'worker', 'core']),
    quick: QUICK,
    method: `Node host (server/main.ts bundled) per backend in its own process on 127.0.0.1; PostgreSQL a throw-away local server (fsync off); submission 1 warm-up + ${Math.max(5, options.reps)} POSTs; summary ${TOWNSHIPS.length} townships, autocannon ${CONNECTIONS} connections × ${LOAD_SECONDS} s`,
    ...figures,
  };
}

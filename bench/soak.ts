/**
 * `npm run soak`: the county's data under load and faults, against the Worker as `wrangler dev`
 * runs it (workerd + a local D1 in a throw-away directory, loopback only).
 *
 *  - 12 clerk clients (one township each) submit their rosters concurrently, several rounds,
 *    1,000–20,000 households each, every request with an Idempotency-Key; county clients pull
 *    every report meanwhile.
 *  - The Worker (wrangler and workerd) is killed with SIGKILL at random moments — at least once
 *    while a large submission is being stored — and started again on the same data; clients
 *    retry with the same key, as a real client does.
 *  - Afterwards the database is read directly and every claim is checked: each acknowledged
 *    submission stored exactly once and complete, each lost answer stored once after its retry,
 *    no half-written row anywhere, the superseding chain per township intact, the county report
 *    equal to core's merge of the rosters last acknowledged.
 *
 * Bounded: a fixed number of submissions and faults, a time limit, and it stops by itself.
 * `npm run soak -- --short` is the small form `npm test` runs (bench/soak.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries } from '../core/index';
import type { Summary } from '../core/types';
import { mergeResults } from './harness';
import { LocalWorker, prepareDatabase, queryLocal, ROOT } from './local-worker';
import { generateRoster, mulberry32, TOWNSHIPS } from './roster';
import { criteriaSeedSql, type DevToken, newToken, tokenSql } from '../scripts/worker-lib.mjs';

export interface SoakOptions {
  clerks: number;
  rounds: number;
  minHouseholds: number;
  maxHouseholds: number;
  /** Crashes injected (the first while a large submission is in flight). */
  faults: number;
  countyClients: number;
  seed: number;
  /** The whole run's limit; clients stop retrying after it. */
  timeLimitMs: number;
  /** Keep the database directory (for the backup drill); the caller removes it. */
  keepDatabase?: boolean;
  log?: (line: string) => void;
}

export const FULL: SoakOptions = { clerks: 12, rounds: 4, minHouseholds: 1_000, maxHouseholds: 20_000, faults: 3, countyClients: 3, seed: 15, timeLimitMs: 30 * 60_000 };
export const SHORT: SoakOptions = { clerks: 3, rounds: 2, minHouseholds: 30, maxHouseholds: 200, faults: 1, countyClients: 1, seed: 15, timeLimitMs: 5 * 60_000 };

const PERIOD = '2020';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SoakResult {
  figures: {
    soak_requests: number;
    soak_acknowledged: number;
    soak_retries: number;
    soak_answers_lost: number;
    soak_faults: number;
    soak_faults_during_large_store: number;
    soak_lost: number;
    soak_duplicated: number;
    soak_half_written: number;
    soak_chain_broken: number;
    soak_report_mismatches: number;
    soak_submit_p50_ms: number;
    soak_submit_p99_ms: number;
    soak_report_p50_ms: number;
    soak_report_p99_ms: number;
    soak_seconds: number;
  };
  problems: string[];
  /** When keepDatabase was asked for: the directory with wrangler.toml and .wrangler/state (the caller removes it). */
  projectDir?: string;
  hmacKey: string;
  tokens: { county: DevToken; admin: DevToken; clerks: DevToken[] };
}

interface Logical {
  township: string;
  round: number;
  households: number;
  seed: number;
  key: string;
  token: DevToken;
  ack: { id: string; households: number; replayed: boolean } | null;
  answersLost: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]);
}

/** A township's roster for a round: generated from its seed, its township column set (a clerk's own). */
function rosterOf(logical: Pick<Logical, 'households' | 'seed' | 'township'>) {
  const roster = generateRoster(logical.households, logical.seed);
  for (let i = 1; i < roster.households.length; i++) roster.households[i][1] = logical.township;
  return { households: roster.households, members: roster.members };
}

class Soak {
  readonly problems: string[] = [];
  requests = 0;
  retries = 0;
  answersLost = 0;
  faults = 0;
  faultsDuringLargeStore = 0;
  readonly submitLatencies: number[] = [];
  readonly reportLatencies: number[] = [];
  /** Large submissions in flight now, with when each was sent. */
  readonly largeInFlight = new Map<string, number>();
  /** Every submission in flight now. */
  readonly inFlight = new Set<string>();
  largeLatencies: number[] = [];
  clerksDone = false;
  readonly deadline: number;

  constructor(
    readonly worker: LocalWorker,
    readonly options: SoakOptions,
    readonly log: (line: string) => void,
  ) {
    this.deadline = Date.now() + options.timeLimitMs;
  }

  /** One logical submission: POST until acknowledged, with the same key, as a client does. */
  async submit(logical: Logical): Promise<void> {
    const body = JSON.stringify({ period: PERIOD, township: logical.township, ...rosterOf(logical) });
    const large = logical.households >= this.options.maxHouseholds / 2;
    for (let attempt = 0; Date.now() < this.deadline; attempt++) {
      if (attempt > 0) this.retries++;
      this.requests++;
      const t0 = performance.now();
      if (large) this.largeInFlight.set(logical.key, t0);
      this.inFlight.add(logical.key);
      try {
        const res = await fetch(`${this.worker.baseUrl}/api/v1/submissions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${logical.token.token}`, 'content-type': 'application/json', 'idempotency-key': logical.key },
          body,
          signal: AbortSignal.timeout(300_000),
        });
        const text = await res.text();
        const ms = performance.now() - t0;
        if (res.status === 201) {
          const receipt = JSON.parse(text) as { id: string; households: number };
          logical.ack = { id: receipt.id, households: receipt.households, replayed: res.headers.get('idempotent-replayed') === 'true' };
          this.submitLatencies.push(ms);
          if (large) this.largeLatencies.push(ms);
          return;
        }
        // The Worker restarting under a request answers 5xx from wrangler's proxy: the answer is lost too.
        if (res.status < 500) {
          this.problems.push(`${logical.key}: HTTP ${res.status} ${text.slice(0, 300)}`);
          return;
        }
        logical.answersLost++;
        this.answersLost++;
      } catch (error) {
        // Refused connections never reached the Worker (it is down); anything else may have.
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') {
          logical.answersLost++;
          this.answersLost++;
        }
      } finally {
        this.largeInFlight.delete(logical.key);
        this.inFlight.delete(logical.key);
      }
      await sleep(200 + Math.min(2000, 250 * attempt));
    }
    this.problems.push(`${logical.key}: not acknowledged before the time limit`);
  }

  /** A county client: every report, again and again, until the clerks are done. */
  async county(token: DevToken): Promise<void> {
    const paths = [
      `/api/v1/reports/summary?period=${PERIOD}`,
      `/api/v1/reports/summary?period=${PERIOD}&format=csv`,
      `/api/v1/reports/issues?period=${PERIOD}`,
      `/api/v1/reports/duplicates?period=${PERIOD}`,
      `/api/v1/reports/dynamics?from=2019&to=${PERIOD}`,
      `/api/v1/submissions?period=${PERIOD}`,
    ];
    for (let i = 0; !this.clerksDone && Date.now() < this.deadline; i++) {
      const path = paths[i % paths.length];
      this.requests++;
      const t0 = performance.now();
      try {
        const res = await fetch(`${this.worker.baseUrl}${path}`, { headers: { authorization: `Bearer ${token.token}` }, signal: AbortSignal.timeout(120_000) });
        await res.arrayBuffer();
        // 404: nothing submitted for the period yet; 5xx only while the Worker restarts.
        if (res.ok) this.reportLatencies.push(performance.now() - t0);
        else if (res.status !== 404 && res.status < 500) this.problems.push(`GET ${path}: HTTP ${res.status}`);
      } catch {
        // the Worker is down: a county client tries again
      }
      await sleep(50);
    }
  }

  /** Kills the Worker `faults` times at random moments; the first while a large submission is being stored. */
  async inject(): Promise<void> {
    const rnd = mulberry32(this.options.seed + 99);
    for (let fault = 0; fault < this.options.faults && !this.clerksDone && Date.now() < this.deadline; fault++) {
      // The first fault waits for a large submission in flight and strikes late in its expected
      // time (evaluation done, the batch being written: the store is the last phase of a
      // submission); the others wait for any submission in flight and strike at random.
      const waitingFor = fault === 0 ? this.largeInFlight : this.inFlight;
      while (waitingFor.size === 0 && !this.clerksDone) await sleep(20);
      const latencies = fault === 0 ? this.largeLatencies : this.submitLatencies;
      const expected = latencies.length > 0 ? percentile(latencies, 0.5) : 100 + (2500 * this.options.maxHouseholds) / 20_000;
      await sleep(expected * (fault === 0 ? 0.7 + 0.25 * rnd() : 0.05 + 0.6 * rnd()));
      const duringLarge = this.largeInFlight.size > 0;
      if (this.clerksDone) break;
      const inFlight = this.largeInFlight.size;
      await this.worker.crash();
      this.faults++;
      if (duringLarge) this.faultsDuringLargeStore++;
      this.log(`  fault ${this.faults}: Worker killed (SIGKILL), ${inFlight} large submission(s) in flight; restarting…`);
      const ms = await this.worker.start();
      this.log(`  restarted in ${Math.round(ms)} ms`);
    }
  }
}

interface StoredSubmission {
  id: string;
  token_id: string;
  idempotency_key: string | null;
  period: string;
  township: string;
  households: number;
  tables_chunks: number;
  superseded_by: string | null;
  created_at: string;
  stored_households: number;
  stored_chunks: number;
  stored_audits: number;
  superseded_audits: number;
}

const CHECK_SQL = `
SELECT s.id, s.token_id, s.idempotency_key, s.period, s.township, s.households, s.tables_chunks, s.superseded_by, s.created_at,
  (SELECT COUNT(*) FROM households h WHERE h.submission_id = s.id) AS stored_households,
  (SELECT COUNT(*) FROM submission_tables t WHERE t.submission_id = s.id) AS stored_chunks,
  (SELECT COUNT(*) FROM audit_log a WHERE a.action = 'submission.stored' AND a.target = s.id) AS stored_audits,
  (SELECT COUNT(*) FROM audit_log a WHERE a.action = 'submission.superseded' AND a.target = s.id) AS superseded_audits
FROM submissions s ORDER BY s.created_at;
SELECT
  (SELECT COUNT(*) FROM households WHERE submission_id NOT IN (SELECT id FROM submissions)) AS orphan_households,
  (SELECT COUNT(*) FROM submission_tables WHERE submission_id NOT IN (SELECT id FROM submissions)) AS orphan_chunks,
  (SELECT COUNT(*) FROM audit_log WHERE action LIKE 'submission.%' AND target NOT IN (SELECT id FROM submissions)) AS orphan_audits;
`;

/** Every claim of the issue, checked against what the database holds. */
function verify(logicals: Logical[], stored: StoredSubmission[], orphans: Record<string, number>) {
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let halfWritten = 0;
  let chainBroken = 0;
  const byKey = new Map<string, StoredSubmission[]>();
  for (const row of stored) {
    const key = `${row.token_id} ${row.idempotency_key}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
    const complete = row.stored_households === row.households && row.stored_chunks === row.tables_chunks && row.stored_audits === 1
      && row.superseded_audits === (row.superseded_by ? 1 : 0);
    if (!complete) {
      halfWritten++;
      problems.push(`half-written: ${row.id} ${JSON.stringify(row)}`);
    }
  }
  const known = new Set<string>();
  for (const logical of logicals) {
    const key = `${logical.token.id} ${logical.key}`;
    known.add(key);
    const rows = byKey.get(key) ?? [];
    if (rows.length > 1) {
      duplicated += rows.length - 1;
      problems.push(`duplicated: ${logical.key} stored ${rows.length} times`);
    }
    if (logical.ack) {
      if (rows.length === 0 || rows[0].id !== logical.ack.id || rows[0].households !== logical.ack.households) {
        lost++;
        problems.push(`lost: ${logical.key} acknowledged as ${logical.ack.id}, stored ${JSON.stringify(rows.map((r) => r.id))}`);
      }
    }
  }
  for (const [key, rows] of byKey) {
    if (!known.has(key)) {
      duplicated += rows.length;
      problems.push(`stored without a client asking: ${key}`);
    }
  }
  halfWritten += orphans.orphan_households + orphans.orphan_chunks + orphans.orphan_audits;
  if (orphans.orphan_households + orphans.orphan_chunks + orphans.orphan_audits > 0) problems.push(`orphan rows: ${JSON.stringify(orphans)}`);

  // The superseding chain: per township and period one current submission, the one acknowledged
  // last; every other superseded by the next one stored, in order, no fork and no gap.
  const townships = [...new Set(logicals.map((l) => l.township))];
  for (const township of townships) {
    const rows = stored.filter((r) => r.township === township && r.period === PERIOD);
    const current = rows.filter((r) => r.superseded_by === null);
    const lastAck = logicals.filter((l) => l.township === township && l.ack).at(-1)?.ack?.id;
    const ids = new Set(rows.map((r) => r.id));
    const targets = rows.map((r) => r.superseded_by).filter((x): x is string => x !== null);
    const ok = current.length === 1 && current[0].id === lastAck && targets.every((t) => ids.has(t)) && new Set(targets).size === targets.length
      && rows.every((r, i) => i === rows.length - 1 ? r.superseded_by === null : r.superseded_by === rows[i + 1].id);
    if (!ok) {
      chainBroken++;
      problems.push(`chain broken for ${township}: ${JSON.stringify(rows.map((r) => [r.id, r.superseded_by]))}, last acknowledged ${lastAck}`);
    }
  }
  return { lost, duplicated, halfWritten, chainBroken, problems };
}

/** GET as a client does after an outage: a connection closed under the request is tried again. */
async function getJson(url: string, token: string): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) });
      if (res.ok) return await res.json();
      if (attempt >= 5 || res.status < 500) throw new Error(`GET ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    } catch (error) {
      if (attempt >= 5) throw error;
    }
    await sleep(1000 * attempt);
  }
}

/** The county summary's totals against core's merge of each township's last acknowledged roster. */
async function verifyReport(worker: LocalWorker, county: DevToken, logicals: Logical[]): Promise<string[]> {
  const compiled = compileCriteria(defaultCriteria);
  const summaries: Summary[] = [];
  for (const township of new Set(logicals.map((l) => l.township))) {
    const last = logicals.filter((l) => l.township === township && l.ack).at(-1);
    if (!last) continue;
    summaries.push(evaluateRoster(compiled, { ...rosterOf(last), period: PERIOD, expectedTownship: township }).summary);
  }
  const expected = JSON.parse(JSON.stringify(mergeSummaries(compiled, summaries))) as Summary;
  const report = (await getJson(`${worker.baseUrl}/api/v1/reports/summary?period=${PERIOD}`, county.token)) as { total: Summary['total']; townships: { township: string; counters: Record<string, number> }[] };
  const problems: string[] = [];
  for (const [name, value] of Object.entries(expected.total.counters)) {
    if (report.total.counters[name] !== value) problems.push(`report total ${name}: ${report.total.counters[name]}, core says ${value}`);
  }
  for (const [name, value] of Object.entries(expected.total.rates)) {
    const got = report.total.rates[name];
    if (!(got === value || (got !== null && value !== null && Math.abs(got - value) < 1e-9))) problems.push(`report rate ${name}: ${got}, core says ${value}`);
  }
  for (const row of report.townships) {
    for (const [name, value] of Object.entries(expected.townships[row.township]?.counters ?? {})) {
      if (row.counters[name] !== value) problems.push(`report ${row.township} ${name}: ${row.counters[name]}, core says ${value}`);
    }
  }
  return problems;
}

/** A wrangler.toml with only the D1 binding of the project's own (what `wrangler d1 export` reads). */
function databaseConfig(): string {
  const project = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const database = /\[\[d1_databases\]\][^[]*/.exec(project)?.[0];
  if (!database) throw new Error('wrangler.toml has no [[d1_databases]]');
  return `name = "roster-check-soak"\ncompatibility_date = "2025-09-01"\n\n${database.replace(/migrations_dir = "([^"]+)"/, (_, dir) => `migrations_dir = ${JSON.stringify(join(ROOT, dir))}`)}`;
}

/**
 * Runs the soak and returns its figures and every problem found (none when the data survived).
 *
 * @example
 * const { figures, problems } = await runSoak(SHORT);
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  // The data lives in <project>/.wrangler/state beside a copy of wrangler.toml, where
  // `wrangler d1 export --local --config <project>/wrangler.toml` (npm run backup) finds it.
  const projectDir = mkdtempSync(join(tmpdir(), 'roster-soak-'));
  writeFileSync(join(projectDir, 'wrangler.toml'), databaseConfig());
  const persistTo = join(projectDir, '.wrangler', 'state');
  const hmacKey = randomBytes(32).toString('hex');
  const county = newToken({ role: 'county', label: 'soak county' });
  const admin = newToken({ role: 'admin', label: 'soak admin' });
  const clerks = TOWNSHIPS.slice(0, options.clerks).map((township) => newToken({ role: 'clerk', township, label: `soak ${township}` }));
  prepareDatabase(persistTo, criteriaSeedSql(defaultCriteria) + [county, admin, ...clerks].map((t) => tokenSql(t)).join(''));
  const worker = new LocalWorker({ persistTo, hmacKey });
  const stopOnSignal = () => void worker.crash().then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    log(`soak: ${options.clerks} clerks × ${options.rounds} rounds (${options.minHouseholds}–${options.maxHouseholds} households), ${options.countyClients} county clients, ${options.faults} faults; data in ${persistTo}`);
    log(`  Worker ready in ${Math.round(await worker.start())} ms at ${worker.baseUrl}`);
    const rnd = mulberry32(options.seed);
    const logicals: Logical[][] = clerks.map((token, k) =>
      Array.from({ length: options.rounds }, (_, round) => ({
        township: token.township!,
        round,
        // Every clerk sends one large roster (the fault waits for one), the rest at random sizes.
        households: round === options.rounds - 1 - (k % options.rounds) ? options.maxHouseholds : options.minHouseholds + Math.floor(rnd() * (options.maxHouseholds - options.minHouseholds)),
        seed: options.seed * 1000 + k * 10 + round,
        key: `soak-${options.seed}-${k}-${round}-${hmacKey.slice(0, 8)}`,
        token,
        ack: null,
        answersLost: 0,
      })),
    );
    const soak = new Soak(worker, options, log);
    const clerkRuns = Promise.all(logicals.map(async (rounds) => {
      for (const logical of rounds) await soak.submit(logical);
    })).finally(() => (soak.clerksDone = true));
    const countyRuns = Array.from({ length: options.countyClients }, () => soak.county(county));
    await Promise.all([clerkRuns, soak.inject(), ...countyRuns]);
    const all = logicals.flat();
    const acknowledged = all.filter((l) => l.ack).length;
    log(`  load done: ${soak.requests} requests, ${acknowledged}/${all.length} submissions acknowledged, ${soak.retries} retries, ${soak.answersLost} answers lost, ${soak.faults} faults`);

    const reportProblems = await verifyReport(worker, county, all);
    await worker.stop();
    const [stored, [orphans]] = queryLocal(persistTo, CHECK_SQL) as [StoredSubmission[], Record<string, number>[]];
    const checked = verify(all, stored, orphans);
    const problems = [...soak.problems, ...checked.problems, ...reportProblems];
    if (soak.faults < options.faults) problems.push(`only ${soak.faults} of ${options.faults} faults injected (the clerks finished first)`);
    const figures = {
      soak_requests: soak.requests,
      soak_acknowledged: acknowledged,
      soak_retries: soak.retries,
      soak_answers_lost: soak.answersLost,
      soak_faults: soak.faults,
      soak_faults_during_large_store: soak.faultsDuringLargeStore,
      soak_lost: checked.lost + (all.length - acknowledged),
      soak_duplicated: checked.duplicated,
      soak_half_written: checked.halfWritten,
      soak_chain_broken: checked.chainBroken,
      soak_report_mismatches: reportProblems.length,
      soak_submit_p50_ms: percentile(soak.submitLatencies, 0.5),
      soak_submit_p99_ms: percentile(soak.submitLatencies, 0.99),
      soak_report_p50_ms: percentile(soak.reportLatencies, 0.5),
      soak_report_p99_ms: percentile(soak.reportLatencies, 0.99),
      soak_seconds: Math.round((performance.now() - started) / 1000),
    };
    log(`  requests ${figures.soak_requests}, acknowledged ${figures.soak_acknowledged}, retries ${figures.soak_retries}, answers lost ${figures.soak_answers_lost} (each retried: stored once), faults ${figures.soak_faults} (${figures.soak_faults_during_large_store} during a large submission)`);
    log(`  lost ${figures.soak_lost}, duplicated ${figures.soak_duplicated}, half-written ${figures.soak_half_written}, chains broken ${figures.soak_chain_broken}, report mismatches ${figures.soak_report_mismatches}`);
    log(`  submissions p50 ${figures.soak_submit_p50_ms} ms, p99 ${figures.soak_submit_p99_ms} ms; reports p50 ${figures.soak_report_p50_ms} ms, p99 ${figures.soak_report_p99_ms} ms (under load, with restarts)`);
    for (const problem of problems.slice(0, 20)) log(`  PROBLEM ${problem}`);
    return { figures, problems, projectDir: options.keepDatabase ? projectDir : undefined, hmacKey, tokens: { county, admin, clerks } };
  } finally {
    await worker.stop();
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    if (!options.keepDatabase) rmSync(projectDir, { recursive: true, force: true });
  }
}

/** The full soak as a bench (`npm run bench -- --only soak`): the same figures `npm run soak` records. */
export async function runSoakBench(): Promise<Record<string, unknown>> {
  const { figures, problems } = await runSoak(FULL);
  return { ...figures, problems: problems.slice(0, 20), options: FULL, date: new Date().toISOString() };
}

// `npm run soak` (tsx bench/soak.ts [--short]): the full run records its figures in bench/results.json.
// Only when run as the script itself (not when bundled into `npm run bench`).
if (/bench[\\/]soak\.ts$/.test(process.argv[1] ?? '')) {
  const short = process.argv.includes('--short');
  runSoak(short ? SHORT : FULL)
    .then(({ figures, problems }) => {
      if (!short) {
        mergeResults('soak', { ...figures, problems: problems.slice(0, 20), options: FULL, date: new Date().toISOString() });
        console.log('wrote bench/results.json [soak]');
      }
      process.exitCode = problems.length === 0 ? 0 : 1;
    })
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}

/**
 * The command line end to end (`npm run bench -- --only cli`): a generated roster of n
 * households with members (100,000 → ≈ 455,000 rows) written as .xlsx by exceljs's streaming
 * writer (shared strings, as Excel saves), then, in interleaved rounds, each in its own process:
 *
 *  - `node cli/bin.mjs check FILE --period 2020 --out DIR`: read, core, the report workbook and
 *    the annotated copy written — wall time and peak RSS;
 *  - a bare exceljs streaming read of the same file (every row of every sheet, nothing else).
 *
 * Then the same file in the offline check page in Chromium (bench/offline.ts).
 *
 * Goals (issue 14): cli ÷ exceljs wall time ≤ 1.0, CLI peak RSS ≤ 500 MB, the page ≤ 10 s without
 * a crash. Figures: `cli_vs_exceljs_ratio`, `cli_peak_rss_mb`, `offline_page_100k_ms`.
 *
 * @example
 * const figures = await runCliBench({ n: 100_000, seed: 1, reps: 3 });
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchOptions, codeVersion, machine, printTable, round2, round3, sharedRoster } from './harness';
import { writeRosterXlsx } from './roster-xlsx';
import { measureOfflinePage, OFFLINE_GOAL_MS } from './offline';

export const CLI_GOALS = { ratioMax: 1.0, peakRssMbMax: 500 };

const OUT = join(process.cwd(), 'bench', 'out');

/** Prints the process's peak RSS on exit (loaded with --import into each measured process). */
const PROBE = `import { writeSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(2, '\\n@@peak_rss_kb=' + u.maxRSS + ' cpu_us=' + (u.userCPUTime + u.systemCPUTime) + '\\n');
});
`;

const EXCELJS_READ = `import ExcelJS from 'exceljs';
const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[2], { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
let rows = 0;
for await (const ws of reader) for await (const row of ws) if (row.values.length) rows++;
process.stdout.write(String(rows));
`;

interface Run {
  ms: number;
  peakMb: number;
  /** CPU time (user + system) of the process: what it cost, whatever else the machine ran. */
  cpuMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', join(OUT, 'rss-probe.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const m = /@@peak_rss_kb=(\d+) cpu_us=(\d+)/.exec(stderr);
      resolve({
        ms,
        peakMb: m ? round2(Number(m[1]) / 1024) : NaN,
        cpuMs: m ? round2(Number(m[2]) / 1000) : NaN,
        code,
        stdout,
        stderr: stderr.replace(/\n?@@peak_rss_kb=\d+ cpu_us=\d+\n?/, ''),
      });
    });
  });
}

/** The bench's .xlsx of (n, seed), written once and reused by later runs. */
export async function benchRosterFile(n: number, seed: number): Promise<{ path: string; writeMs: number | null }> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `roster-${n}-${seed}.xlsx`);
  if (existsSync(path)) return { path, writeMs: null };
  const t0 = performance.now();
  const { roster } = sharedRoster(n, seed);
  await writeRosterXlsx(roster, `${path}.partial`);
  renameSync(`${path}.partial`, path);
  return { path, writeMs: round2(performance.now() - t0) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function runCliBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { path, writeMs } = await benchRosterFile(options.n, options.seed);
  writeFileSync(join(OUT, 'rss-probe.mjs'), PROBE);
  writeFileSync(join(OUT, 'exceljs-read.mjs'), EXCELJS_READ);
  const outDir = join(OUT, 'cli-check');
  const reps = Math.min(options.reps, 3);
  console.log(`file ${path}: ${round2(statSync(path).size / 1048576)} MB${writeMs ? `, written in ${writeMs} ms` : ' (reused)'}; ${reps} interleaved rounds after a warm-up`);
  const cli: Run[] = [];
  const exceljs: Run[] = [];
  for (let round = 0; round <= reps; round++) {
    rmSync(outDir, { recursive: true, force: true });
    const c = await run([join('cli', 'bin.mjs'), 'check', path, '--period', '2020', '--out', outDir]);
    if (c.code !== 0 && c.code !== 1) throw new Error(`roster-check exited ${c.code}: ${c.stderr}`);
    const e = await run([join(OUT, 'exceljs-read.mjs'), path]);
    if (e.code !== 0) throw new Error(`exceljs read failed: ${e.stderr}`);
    console.log(
      `  round ${round}${round === 0 ? ' (warm-up)' : ''}: cli ${round2(c.ms)} ms (cpu ${c.cpuMs}) / ${c.peakMb} MB, exceljs ${round2(e.ms)} ms (cpu ${e.cpuMs}) / ${e.peakMb} MB`,
    );
    if (round > 0) {
      cli.push(c);
      exceljs.push(e);
    }
  }
  const cliMs = median(cli.map((r) => r.ms));
  const exMs = median(exceljs.map((r) => r.ms));
  const peak = Math.max(...cli.map((r) => r.peakMb));
  // The ratio: median over rounds of (cli ÷ exceljs) of the same round, run back to back, so a
  // burst of other jobs on the shared machine falls on both halves of one ratio.
  const perRound = cli.map((c, i) => c.ms / exceljs[i].ms);
  const ratio = round3(median(perRound));
  const cpuRatio = round3(median(cli.map((c, i) => c.cpuMs / exceljs[i].cpuMs)));
  const outputs = existsSync(outDir) ? Object.fromEntries(['校验报告', '已标注'].map((s) => [s, round2(statSync(join(outDir, `roster-${options.n}-${options.seed}.${s}.xlsx`)).size / 1048576)])) : {};
  printTable(
    ['case', 'median ms', 'peak RSS MB', 'goal'],
    [
      ['cli check --out (report + annotated)', round2(cliMs), peak, `ratio ≤ ${CLI_GOALS.ratioMax}, ≤ ${CLI_GOALS.peakRssMbMax} MB`],
      ['exceljs streaming read', round2(exMs), Math.max(...exceljs.map((r) => r.peakMb)), 'baseline'],
    ],
  );
  console.log(
    `cli_vs_exceljs_ratio ${ratio} (per round ${perRound.map(round3).join(', ')}; medians ${round3(cliMs / exMs)}; CPU time ${cpuRatio}) ${ratio <= CLI_GOALS.ratioMax ? 'PASS' : 'FAIL'}; cli_peak_rss_mb ${peak} ${peak <= CLI_GOALS.peakRssMbMax ? 'PASS' : 'FAIL'}`,
  );
  console.log(cli[cli.length - 1].stdout.trim());
  const offline = await measureOfflinePage(path, '2020');
  const offlineMs = Math.min(...offline.ms);
  console.log(`offline_page_100k_ms ${offlineMs} (runs ${offline.ms.join(', ')}) ${offlineMs <= OFFLINE_GOAL_MS ? 'PASS' : 'FAIL'}: ${offline.summary}`);
  return {
    machine: machine(),
    code: codeVersion(['cli', 'core', 'addin/results', 'bench/cli.ts']),
    households: options.n,
    summary_line: cli[cli.length - 1].stdout.trim(),
    file_mb: round2(statSync(path).size / 1048576),
    cli_vs_exceljs_ratio: ratio,
    cli_vs_exceljs_ratio_per_round: perRound.map(round3),
    cli_vs_exceljs_ratio_of_medians: round3(cliMs / exMs),
    cli_vs_exceljs_cpu_ratio: cpuRatio,
    cli_peak_rss_mb: peak,
    cli_ms: { median: round2(cliMs), runs: cli.map((r) => round2(r.ms)), cpu_ms: cli.map((r) => r.cpuMs) },
    exceljs_read_ms: {
      median: round2(exMs),
      runs: exceljs.map((r) => round2(r.ms)),
      cpu_ms: exceljs.map((r) => r.cpuMs),
      peak_rss_mb: Math.max(...exceljs.map((r) => r.peakMb)),
    },
    outputs_mb: outputs,
    offline_page_100k_ms: offlineMs,
    offline_page_runs_ms: offline.ms,
    goals: { ...CLI_GOALS, offlinePageMsMax: OFFLINE_GOAL_MS },
  };
}

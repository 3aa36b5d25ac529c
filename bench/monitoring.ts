/**
 * The monitoring-profile bench (`npm run bench -- --only monitoring`): core on a synthetic
 * 防返贫监测 export (one row per person, ~n households × 3.5 persons, bench/export.ts) against
 * the same ajv field-only case as the core bench (bench/core.ts: ajv 8 on the default roster's
 * typed households), both timed in this process in interleaved rounds, so
 * `monitoring_vs_ajv_ratio` compares figures measured under the same load.
 *
 * @example
 * const figures = await runMonitoringBench({ n: 100_000, seed: 1, reps: 5 });
 */
import { cpus, loadavg } from 'node:os';
import { compileCriteria, evaluateRoster, monitoringCriteria, type RosterResult } from '../core/index';
import type { Table } from '../core/types';
import { ajvFieldCase } from './ajv-schema';
import { EXPORT_PERIOD, generateExport } from './export';
import { type BenchOptions, type Case, codeVersion, machine, measureRounds, peakRssMb, printTable, round2, round3, sharedRoster, type Timing } from './harness';

/** Goal from the issue; a missed goal is printed as FAIL, never an exit code. */
export const MONITORING_GOALS = { monitoringVsAjvMax: 6 };

/** Every cell of the sheet read once: what any engine on raw cells must at least do. */
function cellFloor(sheet: Table): number {
  let acc = 0;
  for (let r = 3; r < sheet.length; r++) {
    const row = sheet[r];
    for (let k = 0; k < row.length; k++) {
      const c = row[k];
      acc += typeof c === 'number' ? 1 : typeof c === 'string' ? c.length : c === true ? 2 : 3;
    }
  }
  return acc;
}

const rate = (x: number, ms: number) => Math.round(x / (ms / 1000));

export async function runMonitoringBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { n, seed, reps } = options;
  const rssStart = peakRssMb();

  let t0 = performance.now();
  const exp = generateExport(n, seed);
  const generateMs = performance.now() - t0;
  const monitoredHouseholds = exp.monitored.reduce((a, b) => a + b, 0);
  const dirtyHouseholds = exp.dirt.filter(Boolean).length;
  console.log(
    `export: ${n.toLocaleString('en-US')} households, ${exp.persons.toLocaleString('en-US')} person rows × ${exp.sheet[2].length} columns ` +
      `(seed ${seed}; ${((100 * monitoredHouseholds) / n).toFixed(1)} % monitored, ${((100 * dirtyHouseholds) / n).toFixed(1)} % dirty), generated in ${Math.round(generateMs)} ms`,
  );
  // The default roster for the ajv case (shared with the core bench when both run).
  const { roster, ms: rosterMs } = sharedRoster(n, seed);
  console.log(`default roster for the ajv case: ${n.toLocaleString('en-US')} households (${Math.round(rosterMs)} ms, cached per process)`);
  const rssAfterGenerate = peakRssMb();

  t0 = performance.now();
  const criteria = compileCriteria(monitoringCriteria);
  const compileMs = performance.now() - t0;
  const input = { households: exp.sheet, period: EXPORT_PERIOD };
  let facts: Record<string, unknown> = {};
  const coreCase: Case<RosterResult> = {
    name: 'core evaluateRoster (monitoring export)',
    fn: () => evaluateRoster(criteria, input),
    sink: (r) => {
      const c = r.summary.total.counters;
      facts = {
        layout: r.layout,
        sheet_issues: r.sheetIssues.length,
        households: r.households.length,
        person_rows: r.members.length,
        households_with_errors: c.households_with_errors,
        households_with_warnings: c.households_with_warnings,
        person_rows_with_errors: c.person_rows_with_errors,
        risk_eliminable: c['households.risk_eliminable'],
        score_sum: c.score_sum,
      };
    },
  };
  const ajvCase = ajvFieldCase(roster.typed, 'ajv field checks (default roster, typed)');
  let floorSink = 0;
  const floorCase: Case<number> = { name: 'floor: every cell once (export)', fn: () => cellFloor(exp.sheet), sink: (x) => (floorSink += x) };

  const timings = measureRounds([coreCase, ajvCase, floorCase], { reps });
  const [core, ajvTiming, floor] = timings;
  const rss = peakRssMb();
  console.log(`\ntimes in ms over ${reps} interleaved rounds (every case once per round, full GC before each run, after 1 warm-up round);`);
  console.log('the ratio and goal use the BEST run of each case (least disturbed by other jobs); medians shown too\n');
  printTable(
    ['case', 'best ms', 'median ms', 'warm-up ms', 'households/s (best)'],
    timings.map((t) => [t.name, t.best, t.median, t.warmup, rate(n, t.best)]),
  );

  const ratios = {
    basis: 'best',
    monitoring_vs_ajv_ratio: round3(core.best / ajvTiming.best),
    monitoring_vs_cell_floor_ratio: round3(core.best / floor.best),
    median: {
      monitoring_vs_ajv_ratio: round3(core.median / ajvTiming.median),
      monitoring_vs_cell_floor_ratio: round3(core.median / floor.median),
    },
  };
  const goal = {
    limit: MONITORING_GOALS.monitoringVsAjvMax,
    value: ratios.monitoring_vs_ajv_ratio,
    pass: ratios.monitoring_vs_ajv_ratio <= MONITORING_GOALS.monitoringVsAjvMax,
  };
  console.log('');
  console.log(`monitoring_vs_ajv_ratio         ${ratios.monitoring_vs_ajv_ratio}   (core on the export ÷ ajv on the default roster; medians: ${ratios.median.monitoring_vs_ajv_ratio})`);
  console.log(`monitoring_vs_cell_floor_ratio  ${ratios.monitoring_vs_cell_floor_ratio}   (core ÷ reading every cell of the export once)`);
  console.log(`person rows/s (best)            ${rate(exp.persons, core.best).toLocaleString('en-US')}`);
  console.log(`compile monitoring criteria     ${round2(compileMs)} ms (once, not in the timings)`);
  console.log(`peak RSS                        ${rss} MB   (after generating both sheets: ${rssAfterGenerate} MB)`);
  console.log(`load average (1 min)            ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs`);
  console.log(`core found: ${JSON.stringify(facts)}`);
  console.log(`ajv found: ${JSON.stringify(ajvCase.facts())}; floor sink ${floorSink > 0 ? 'ok' : floorSink}`);
  console.log('');
  console.log(`${goal.pass ? 'PASS' : 'FAIL'}  monitoring_vs_ajv_ratio ${ratios.monitoring_vs_ajv_ratio} ≤ ${MONITORING_GOALS.monitoringVsAjvMax}`);

  const ms = (t: Timing) => ({ median: t.median, best: t.best, warmup: t.warmup, runs: t.runs });
  return {
    ...machine(),
    code: codeVersion(['core', 'bench/export.ts']),
    method: `${reps} interleaved rounds (core on the export, ajv on the default roster, cell floor) after 1 warm-up round, full GC before each run; ratio and goal from best runs (medians under ratios.median)`,
    n,
    persons: exp.persons,
    columns: exp.sheet[2].length,
    seed,
    period: EXPORT_PERIOD,
    monitored_households: monitoredHouseholds,
    dirty_households: dirtyHouseholds,
    generate_ms: round2(generateMs),
    compile_ms: round2(compileMs),
    timings_ms: { monitoring: ms(core), ajv: ms(ajvTiming), cell_floor: ms(floor) },
    per_second: {
      basis: 'best',
      monitoring_households: rate(n, core.best),
      monitoring_person_rows: rate(exp.persons, core.best),
      ajv_households: rate(n, ajvTiming.best),
    },
    ratios,
    monitoring_vs_ajv_ratio: ratios.monitoring_vs_ajv_ratio,
    rss_mb: { peak: rss, at_start: rssStart, after_generate: rssAfterGenerate },
    goals: { monitoring_vs_ajv: goal },
    found: { core: facts, ajv: ajvCase.facts() },
  };
}

/**
 * The core bench: the engine on a synthetic 100k-household roster, against ajv's field-only
 * checks, a straight-line floor loop and json-logic-js interpreting the 8 indicators — all on
 * the same roster, in one process, each after a warm-up pass.
 *
 * @example
 * const figures = await runCoreBench({ n: 100_000, seed: 1, reps: 5 });
 */
import * as jsonLogicModule from 'json-logic-js';
import { compileCriteria, defaultCriteria, evaluateRoster, type RosterResult } from '../core/index';
import { ajvFieldCase } from './ajv-schema';
import { cpus, loadavg } from 'node:os';
import { type BenchOptions, type Case, codeVersion, machine, measureRounds, peakRssMb, printTable, round2, round3, sharedRoster, type Timing } from './harness';
import type { HouseholdObject, TypedValue } from './roster';

// json-logic-js is CommonJS without detectable named exports: Node hands it over as `default`.
const jsonLogic = ((jsonLogicModule as unknown as { default?: typeof jsonLogicModule }).default ?? jsonLogicModule) as typeof jsonLogicModule;

/** Goals from the issue; a missed goal is printed as FAIL, never an exit code. */
export const GOALS = { coreVsAjvMax: 5, peakRssMbMax: 600 };

interface IndicatorDoc {
  key: string;
  weight: number;
  when: unknown;
}

/** Every field read once, explicitly (no loop over keys), folded into a number V8 must keep. */
function floorLoop(typed: HouseholdObject[]): number {
  let acc = 0;
  for (let i = 0; i < typed.length; i++) {
    const h = typed[i];
    acc += v(h.household_id) + v(h.township) + v(h.village) + v(h.group) + v(h.head_name) + v(h.head_id);
    acc += v(h.household_size) + v(h.attribute) + v(h.status) + v(h.exit_year) + v(h.monitoring_type);
    acc += v(h.main_cause) + v(h.labor_count) + v(h.per_capita_income) + v(h.wage_income);
    acc += v(h.production_income) + v(h.property_income) + v(h.transfer_income) + v(h.housing_grade);
    acc += v(h.water_safe) + v(h.dropout_count) + v(h.basic_medical_insured) + v(h.serious_illness_insured);
    acc += v(h.family_doctor) + v(h.pension_eligible) + v(h.pension_insured) + v(h.assistance_measures);
    acc += v(h.helper) + v(h.public_job_count) + v(h.microloan_amount) + v(h.microloan_purpose) + v(h.relocated);
  }
  return acc;
}

function v(x: TypedValue): number {
  return typeof x === 'number' ? x : typeof x === 'string' ? x.length : x === true ? 1 : 0;
}

/** Every cell of both sheets read once (what any engine on raw cells must at least do). */
function cellFloorLoop(tables: unknown[][][]): number {
  let acc = 0;
  for (const table of tables) {
    for (let r = 1; r < table.length; r++) {
      const row = table[r];
      for (let k = 0; k < row.length; k++) {
        const c = row[k];
        acc += typeof c === 'number' ? 1 : typeof c === 'string' ? c.length : c === true ? 2 : 3;
      }
    }
  }
  return acc;
}

/** The rule with every `{"var": "param.X"}` replaced by the parameter's value. */
function substituteParams(rule: unknown, params: Record<string, unknown>): unknown {
  if (Array.isArray(rule)) return rule.map((r) => substituteParams(r, params));
  if (rule && typeof rule === 'object') {
    const entries = Object.entries(rule as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === 'var' && typeof entries[0][1] === 'string' && entries[0][1].startsWith('param.')) {
      return params[entries[0][1].slice('param.'.length)];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, substituteParams(v, params)]));
  }
  return rule;
}

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

export async function runCoreBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { n, seed, reps } = options;
  const rssStart = peakRssMb();
  const { roster, ms: generateMs } = sharedRoster(n, seed);
  const { households, members, typed } = roster;
  const memberRows = members.length - 1;
  console.log(`roster: ${n.toLocaleString('en-US')} households, ${memberRows.toLocaleString('en-US')} members (seed ${seed}), generated in ${Math.round(generateMs)} ms`);
  const rssAfterGenerate = peakRssMb();

  // a. core: the full contract, both sheets, summary included.
  const criteria = compileCriteria(defaultCriteria);
  const input = { households, members, period: '2020' };
  let coreFacts: Record<string, number> = {};
  const coreCase: Case<RosterResult> = {
    name: 'core evaluateRoster (both sheets)',
    fn: () => evaluateRoster(criteria, input),
    sink: (r) => {
      const t = r.summary.total.counters;
      coreFacts = {
        households: r.households.length,
        members: r.members.length,
        rows_with_errors: t.rows_with_errors,
        rows_with_warnings: t.rows_with_warnings,
        member_rows_with_errors: t.member_rows_with_errors,
        score_sum: t.score_sum,
      };
    },
  };

  // b. ajv 8: field-level checks only, every error collected.
  const ajvCase = ajvFieldCase(typed);

  // c. floors: every household field once (typed objects); every cell once (raw tables).
  let floorSink = 0;
  const floorCase: Case<number> = { name: 'floor: every field once (typed)', fn: () => floorLoop(typed), sink: (x) => (floorSink += x) };
  const cellFloorCase: Case<number> = {
    name: 'floor: every cell once (both sheets)',
    fn: () => cellFloorLoop([households, members]),
    sink: (x) => (floorSink += x),
  };

  // d. json-logic-js interpreting the default profile's 8 indicators on the typed households.
  // Parameters (`param.income_line`, …) are substituted into the rules once, as core's
  // compiler does, so the typed objects are used as they are (no per-household copies).
  const doc = defaultCriteria as unknown as { indicators: IndicatorDoc[]; parameters: Record<string, unknown> };
  const rules = doc.indicators.map((ind) => ({ weight: ind.weight, when: substituteParams(ind.when, doc.parameters) }));
  let jlFacts = { score_sum: 0 };
  const jlCase: Case<number> = {
    name: 'json-logic-js 8 indicators (typed)',
    fn: () => {
      let score = 0;
      for (let i = 0; i < typed.length; i++) {
        const d = typed[i];
        for (let k = 0; k < rules.length; k++) {
          if (jsonLogic.truthy(jsonLogic.apply(rules[k].when as never, d))) score += rules[k].weight;
        }
      }
      return score;
    },
    sink: (s) => (jlFacts = { score_sum: s }),
  };

  // json-logic-js gets rounds of its own, after the others. Interleaved, its garbage (several
  // hundred MB per run) left V8's heap limits where the next core run met a full mark-compact
  // (measured: core best 545 ms with the floors interleaved, 682 ms with json-logic-js).
  const interleaved = measureRounds([coreCase, ajvCase, floorCase, cellFloorCase], { reps });
  const [core, ajvTiming, floor, cellFloor] = interleaved;
  const [jl] = measureRounds([jlCase], { reps });
  const timings = [...interleaved, jl];
  const rss = peakRssMb();
  console.log(
    `\ntimes in ms over ${reps} interleaved rounds (core, ajv, floors once per round, full GC before each run, after 1 warm-up round;`,
  );
  console.log(`json-logic-js in ${reps} rounds of its own afterwards);`);
  console.log('ratios and goals use the BEST run of each case (least disturbed by other jobs); medians shown too\n');
  printTable(
    ['case', 'best ms', 'median ms', 'warm-up ms', 'households/s (best)'],
    timings.map((t) => [t.name, t.best, t.median, t.warmup, rate(n, t.best)]),
  );

  const ratios = {
    basis: 'best',
    core_vs_ajv_ratio: round3(core.best / ajvTiming.best),
    core_vs_floor_ratio: round3(core.best / floor.best),
    core_vs_cell_floor_ratio: round3(core.best / cellFloor.best),
    jsonlogic_vs_core_ratio: round3(jl.best / core.best),
    median: {
      core_vs_ajv_ratio: round3(core.median / ajvTiming.median),
      core_vs_floor_ratio: round3(core.median / floor.median),
      core_vs_cell_floor_ratio: round3(core.median / cellFloor.median),
      jsonlogic_vs_core_ratio: round3(jl.median / core.median),
    },
  };
  console.log('');
  console.log(`core_vs_ajv_ratio        ${ratios.core_vs_ajv_ratio}   (core time ÷ ajv time; medians: ${ratios.median.core_vs_ajv_ratio})`);
  console.log(`core_vs_floor_ratio      ${ratios.core_vs_floor_ratio}   (core ÷ field floor; core ÷ cell floor: ${ratios.core_vs_cell_floor_ratio})`);
  console.log(`jsonlogic_vs_core_ratio  ${ratios.jsonlogic_vs_core_ratio}   (json-logic-js, 8 indicators only ÷ full core)`);
  console.log(`peak RSS                 ${rss} MB   (after generating the roster: ${rssAfterGenerate} MB)`);
  console.log(`load average (1 min)     ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs`);
  console.log(`core found: ${JSON.stringify(coreFacts)}`);
  console.log(`ajv found: ${JSON.stringify(ajvCase.facts())}; json-logic score sum ${jlFacts.score_sum} (core ${coreFacts.score_sum}); floor sink ${floorSink > 0 ? 'ok' : floorSink}`);
  const goals = {
    core_vs_ajv: { limit: GOALS.coreVsAjvMax, value: ratios.core_vs_ajv_ratio, pass: ratios.core_vs_ajv_ratio <= GOALS.coreVsAjvMax },
    peak_rss_mb: { limit: GOALS.peakRssMbMax, value: rss, pass: rss < GOALS.peakRssMbMax },
  };
  console.log('');
  console.log(`${goals.core_vs_ajv.pass ? 'PASS' : 'FAIL'}  core_vs_ajv_ratio ${ratios.core_vs_ajv_ratio} ≤ ${GOALS.coreVsAjvMax}`);
  console.log(`${goals.peak_rss_mb.pass ? 'PASS' : 'FAIL'}  peak RSS ${rss} MB < ${GOALS.peakRssMbMax} MB`);

  const ms = (t: Timing) => ({ median: t.median, best: t.best, warmup: t.warmup, runs: t.runs });
  return {
    ...machine(),
    code: codeVersion(['core']),
    method: `${reps} interleaved rounds of core, ajv and the floors after 1 warm-up round, then json-logic-js in ${reps} rounds of its own; full GC before each run; ratios and goals from best runs (medians under ratios.median)`,
    n,
    members: memberRows,
    seed,
    generate_ms: round2(generateMs),
    timings_ms: {
      core: ms(core),
      ajv: ms(ajvTiming),
      floor: ms(floor),
      cell_floor: ms(cellFloor),
      jsonlogic: ms(jl),
    },
    households_per_second: {
      basis: 'best',
      core: rate(n, core.best),
      ajv: rate(n, ajvTiming.best),
      floor: rate(n, floor.best),
      cell_floor: rate(n, cellFloor.best),
      jsonlogic: rate(n, jl.best),
    },
    ratios,
    rss_mb: { peak: rss, at_start: rssStart, after_generate: rssAfterGenerate },
    goals,
    found: { core: coreFacts, ajv: ajvCase.facts(), jsonlogic: jlFacts },
  };
}

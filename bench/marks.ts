/**
 * The marks bench (`npm run bench -- --only marks`): `marksOf` beside the evaluation it follows,
 * on the core bench's default roster (household + member sheets) and the monitoring bench's
 * export (one row per person). Evaluation and marks alternate in each round, a full GC before
 * each run. Goal (issue 11): marks ≤ 10 % of the evaluation's time.
 *
 * @example
 * const figures = await runMarksBench({ n: 100_000, seed: 1, reps: 5 });
 */
import {
  compileCriteria,
  defaultCriteria,
  evaluateRoster,
  marksOf,
  monitoringCriteria,
  type RosterInput,
  type RosterResult,
} from '../core/index';
import type { CompiledCriteria } from '../core/criteria/compile';
import { EXPORT_PERIOD, generateExport } from './export';
import { type BenchOptions, codeVersion, gc, machine, printTable, round2, round3, sharedRoster } from './harness';

/** Goal from the issue; a missed goal is printed as FAIL, never an exit code. */
export const MARKS_GOALS = { marksVsEvaluateMax: 0.1 };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

interface Pair {
  evaluate_ms: number;
  marks_ms: number;
  marks_vs_evaluate: number;
  issues: number;
  marked_cells: number;
}

/** Rounds of (evaluate, marks of that result), each timed after a full GC; medians of each. */
function measurePair(criteria: CompiledCriteria, input: RosterInput, reps: number): Pair {
  const evaluations: number[] = [];
  const marks: number[] = [];
  let issues = 0;
  let cells = 0;
  for (let round = 0; round < reps + 1; round++) {
    gc();
    let t0 = performance.now();
    const result: RosterResult = evaluateRoster(criteria, input);
    const evaluateMs = performance.now() - t0;
    gc();
    t0 = performance.now();
    const m = marksOf(result);
    const marksMs = performance.now() - t0;
    if (round === 0) continue; // warm-up
    evaluations.push(evaluateMs);
    marks.push(marksMs);
    issues = [...result.households, ...result.members].reduce((a, x) => a + x.issues.length, 0);
    cells = m.households.cells.length + m.members.cells.length + m.households.rows.length + m.members.rows.length;
  }
  const e = median(evaluations);
  const k = median(marks);
  return { evaluate_ms: round2(e), marks_ms: round2(k), marks_vs_evaluate: round3(k / e), issues, marked_cells: cells };
}

export async function runMarksBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { n, seed, reps } = options;
  const { roster } = sharedRoster(n, seed);
  const core = measurePair(
    compileCriteria(defaultCriteria),
    { households: roster.households, members: roster.members, period: '2020' },
    reps,
  );
  const exp = generateExport(n, seed);
  const monitoring = measurePair(compileCriteria(monitoringCriteria), { households: exp.sheet, period: EXPORT_PERIOD }, reps);
  const verdict = (p: Pair) => (p.marks_vs_evaluate <= MARKS_GOALS.marksVsEvaluateMax ? 'ok' : 'FAIL');
  printTable(
    ['roster', 'evaluate ms', 'marks ms', 'marks/evaluate', 'issues', 'marked', 'goal ≤ 0.10'],
    [
      ['default (2 sheets)', core.evaluate_ms, core.marks_ms, core.marks_vs_evaluate, core.issues, core.marked_cells, verdict(core)],
      [
        'monitoring (export)',
        monitoring.evaluate_ms,
        monitoring.marks_ms,
        monitoring.marks_vs_evaluate,
        monitoring.issues,
        monitoring.marked_cells,
        verdict(monitoring),
      ],
    ],
  );
  return {
    ...machine(),
    code: codeVersion(['core', 'bench']),
    method: `${reps} rounds after 1 warm-up: evaluateRoster then marksOf of its result, full GC before each; medians`,
    n,
    seed,
    goals: MARKS_GOALS,
    // The headline figures: the default roster's (the core bench's roster).
    marks_ms: core.marks_ms,
    marks_vs_evaluate: core.marks_vs_evaluate,
    core,
    monitoring,
  };
}

/**
 * Where the engine's time goes: CPU time per phase of evaluateRoster (minimum over runs), on
 * the default roster and the monitoring export. `npm run bench -- --only phases`.
 */
import { compileCriteria, defaultCriteria, evaluateRoster, monitoringCriteria, type RosterInput } from '../core/index';
import { generateExport } from './export';
import { type BenchOptions, gc, sharedRoster } from './harness';

function phases(name: string, criteria: ReturnType<typeof compileCriteria>, input: RosterInput, reps: number): Record<string, number> {
  const best: Record<string, number> = {};
  for (let r = 0; r <= reps; r++) {
    gc();
    let last = process.cpuUsage();
    const times: Record<string, number> = {};
    const trace = (phase: string) => {
      const now = process.cpuUsage();
      times[phase] = (now.user - last.user + now.system - last.system) / 1000;
      last = now;
    };
    evaluateRoster(criteria, input, { trace });
    if (r === 0) continue; // warm-up
    for (const [k, v] of Object.entries(times)) best[k] = Math.min(best[k] ?? Infinity, v);
  }
  const total = Object.values(best).reduce((a, b) => a + b, 0);
  console.log(`\n${name}: CPU ms per phase (best of ${reps}), total ${total.toFixed(0)}`);
  for (const [k, v] of Object.entries(best)) console.log(`  ${k.padEnd(18)} ${v.toFixed(1).padStart(8)}  ${((100 * v) / total).toFixed(0).padStart(3)} %`);
  return { ...Object.fromEntries(Object.entries(best).map(([k, v]) => [k, Math.round(v * 10) / 10])), total: Math.round(total) };
}

export async function runPhasesBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { roster } = sharedRoster(options.n, options.seed);
  const def = phases('default profile, household + member sheets', compileCriteria(defaultCriteria), { households: roster.households, members: roster.members, period: '2020' }, options.reps);
  const exp = generateExport(options.n, options.seed);
  const mon = phases('monitoring profile, one row per person', compileCriteria(monitoringCriteria), { households: exp.sheet, period: '2024' }, options.reps);
  return { default: def, monitoring: mon };
}

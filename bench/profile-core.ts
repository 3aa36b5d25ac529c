/**
 * Profile target for the engine: generate the roster, then evaluate it `reps` times.
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-core.ts [n] [reps]
 *   npx tsx bench/hotspots.ts /tmp/prof/<file>.cpuprofile       (top self-time functions)
 */
import { compileCriteria, defaultCriteria, evaluateRoster } from '../core/index';
import { generateRoster } from './roster';

const n = Number(process.argv[2] ?? 100_000);
const reps = Number(process.argv[3] ?? 4);
const { households, members } = generateRoster(n, 1);
const criteria = compileCriteria(defaultCriteria);
const before = process.memoryUsage();
for (let i = 0; i < reps; i++) {
  const t0 = performance.now();
  const r = evaluateRoster(criteria, { households, members, period: '2020' });
  const after = process.memoryUsage();
  console.log(
    `run ${i + 1}: ${(performance.now() - t0).toFixed(0)} ms, ${r.households.length} households; heapUsed +${((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(0)} MB with the result alive`,
  );
}

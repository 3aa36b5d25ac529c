/**
 * Round trips and bytes of a whole validation through the adapter on the fake Excel, with core's
 * real results: 20,000 households (the bench runs 100,000), both layouts.
 */
import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, monitoringCriteria } from '../../../core/index';
import { EXPORT_PERIOD, generateExport } from '../../../bench/export';
import { generateRoster } from '../../../bench/roster';
import { isMarkFormula } from './marks';
import { FOUR_MB, validateOnFake } from '../../testing/validate-on-fake';

type Run = Awaited<ReturnType<typeof validateOnFake>>;

/** Every cell the add-in's rules cover on a sheet, "row,column" 1-based row. */
function covered(run: Run, sheet: string, severity: string): Set<string> {
  const out = new Set<string>();
  for (const cf of run.fake.handle.conditionalFormats(sheet)) {
    if (!isMarkFormula(cf.formula) || !cf.formula.includes(severity)) continue;
    for (const r of cf.ranges) for (let i = r.r0; i <= r.r1; i++) for (let j = r.c0; j <= r.c1; j++) out.add(`${i + 1},${j}`);
  }
  return out;
}

function expectWithinBudget(run: Run): void {
  expect(run.readSyncs).toBeLessThanOrEqual(Math.ceil(run.rows / 10_000));
  expect(run.markSyncs).toBeLessThanOrEqual(Math.ceil(run.markBytes / FOUR_MB) + 5);
  expect(run.maxBytes).toBeLessThanOrEqual(FOUR_MB);
  expect(run.failedSyncs).toBe(0);
  expect(run.violations).toBe(0);
  expect(run.clerkFormatWrites).toBe(0);
}

describe('a whole validation through the Excel adapter', () => {
  it('20,000 households (户表 + 人表): syncs and bytes within the goals, every marked cell painted, nothing else', async () => {
    const roster = generateRoster(20_000, 3);
    const run = await validateOnFake({
      label: 'roster',
      criteria: compileCriteria(defaultCriteria),
      period: '2020',
      households: { name: '户表', table: roster.households, headerRow: 0 },
      members: { name: '人表', table: roster.members, headerRow: 0 },
    });
    expectWithinBudget(run);
    for (const [sheet, marks] of [
      ['户表', run.marks.households],
      ['人表', run.marks.members],
    ] as const) {
      // A cell's colour is its worst severity; a row-level mark paints the row's first cell.
      const worst = new Map<string, string>();
      const note = (key: string, severity: string) => worst.get(key) !== 'error' && worst.set(key, severity);
      for (const c of marks.cells) note(`${c.row},${c.column}`, c.severity);
      for (const r of marks.rows) note(`${r.row},0`, r.severity);
      for (const severity of ['error', 'warning']) {
        expect(covered(run, sheet, severity)).toEqual(new Set([...worst].filter(([, s]) => s === severity).map(([k]) => k)));
      }
    }
    expect(run.fake.handle.values('校验结果').length).toBe(run.check.rows.length + 1);
    expect(run.fake.handle.values('评分结果').length).toBe(20_001);
  });

  it('the same households as a one-row-per-person monitoring export', async () => {
    const exp = generateExport(20_000, 3);
    const run = await validateOnFake({
      label: 'export',
      criteria: compileCriteria(monitoringCriteria),
      period: EXPORT_PERIOD,
      households: { name: '监测对象', table: exp.sheet, headerRow: 2 },
      members: null,
    });
    expectWithinBudget(run);
    expect(run.markedCells).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { compileCriteria, evaluateRoster, monitoringCriteria } from '../core/index';
import { EXPORT_DIRT_KINDS, EXPORT_PERIOD, exportHeaders, generateExport } from './export';

/** GB 11643 check, written out independently of the generator's helper. */
function validId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(id[i]) * w[i];
  return '10X98765432'[s % 11] === id[17] && id.slice(6, 14) <= '20241231';
}

describe('generateExport (防返贫监测, one row per person)', () => {
  const N = 3000;
  const g = generateExport(N, 42);

  it('is deterministic: same seed, identical sheet; another seed, another sheet', () => {
    const again = generateExport(N, 42);
    expect(again.sheet).toEqual(g.sheet);
    expect(Array.from(again.dirt)).toEqual(Array.from(g.dirt));
    expect(generateExport(N, 43).sheet).not.toEqual(g.sheet);
  });

  it('has two title rows, the profile headers, and one row per person (≈ 3.5 per household)', () => {
    expect(g.sheet[0][0]).toBe('防止返贫监测对象信息表');
    expect(String(g.sheet[1][0])).toMatch(/^导出时间/);
    expect(g.sheet[2]).toEqual(exportHeaders());
    expect(g.sheet).toHaveLength(3 + g.persons);
    expect(g.rowHousehold).toHaveLength(g.sheet.length);
    for (const row of g.sheet) expect(row).toHaveLength(exportHeaders().length);
    expect(g.persons / N).toBeGreaterThan(3.3);
    expect(g.persons / N).toBeLessThan(3.8);
    expect(new Set(g.householdIds).size).toBe(N);
    const monitored = g.monitored.reduce((a, b) => a + b, 0) / N;
    expect(monitored).toBeGreaterThan(0.25);
    expect(monitored).toBeLessThan(0.35);
    const dirty = g.dirt.filter(Boolean).length / N;
    expect(dirty).toBeGreaterThan(0.01);
    expect(dirty).toBeLessThan(0.08);
  });

  it('gives clean rows valid IDs whose gender digit matches 性别', () => {
    const idCol = exportHeaders().indexOf('证件号码');
    const genderCol = exportHeaders().indexOf('性别');
    for (let r = 3; r < g.sheet.length; r++) {
      if (g.dirt[g.rowHousehold[r]]) continue;
      const id = String(g.sheet[r][idCol]);
      expect(id.length === 18 || id.length === 20, id).toBe(true);
      expect(validId(id.slice(0, 18)), id).toBe(true);
      const male = Number(id[16]) % 2 === 1;
      expect(['男', '1'].includes(String(g.sheet[r][genderCol]))).toBe(male);
    }
  });

  it('core finds no error in clean households and at least one in each dirty household', () => {
    const result = evaluateRoster(compileCriteria(monitoringCriteria), { households: g.sheet, period: EXPORT_PERIOD });
    expect(result.layout).toBe('person-per-row');
    expect(result.sheetIssues).toEqual([]);
    expect(result.households).toHaveLength(N);
    const index = new Map(g.householdIds.map((id, i) => [id, i]));
    const hasError = new Uint8Array(N);
    const cleanErrors: string[] = [];
    const note = (h: number, issues: { rule: string; severity: string }[], where: string) => {
      for (const issue of issues) {
        if (issue.severity !== 'error') continue;
        hasError[h] = 1;
        if (!g.dirt[h]) cleanErrors.push(`${g.householdIds[h]} ${where}: ${issue.rule}`);
      }
    };
    for (const h of result.households) note(index.get(h.householdId!)!, h.issues, `household row ${h.row}`);
    for (const m of result.members) note(g.rowHousehold[m.row - 1], m.issues, `row ${m.row}`);
    expect(cleanErrors).toEqual([]);
    // core reports a duplicated ID on its later occurrence: the earlier household of a pair is
    // marked dirty (its head's ID is involved) but may stay error-free.
    const duplicate = 1 + EXPORT_DIRT_KINDS.indexOf('duplicate_id');
    const missed = [];
    for (let i = 0; i < N; i++) {
      if (g.dirt[i] && !hasError[i] && !(g.dirt[i] === duplicate && g.dirt[i + 1] === duplicate)) {
        missed.push(`${g.householdIds[i]} ${EXPORT_DIRT_KINDS[g.dirt[i] - 1]}`);
      }
    }
    expect(missed).toEqual([]);
    // Monitored households are seen as such by core.
    const monitoredCount = Object.entries(result.summary.total.counters)
      .filter(([k]) => k.startsWith('households.monitored.'))
      .reduce((a, [, v]) => a + v, 0);
    expect(Math.abs(monitoredCount - g.monitored.reduce((a, b) => a + b, 0))).toBeLessThan(N * 0.01);
  });
});

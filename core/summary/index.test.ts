import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria } from '../index';
import { mergeSummaries } from './index';
import type { Summary } from '../types';

describe('mergeSummaries', () => {
  const c = compileCriteria(defaultCriteria);
  const part = (counters: Record<string, number>) => ({ counters, rates: {} });
  const summary = (total: Record<string, number>, townships: Record<string, Record<string, number>>): Summary => ({
    profile: 'default',
    total: part(total),
    townships: Object.fromEntries(Object.entries(townships).map(([k, v]) => [k, part(v)])),
  });

  it('adds counters township by township and in total, and recomputes every rate', () => {
    // 江边乡's roster: 3 rows of its own, 1 naming 新哨镇 and 1 with no township (total only);
    // 新哨镇's roster: 2 rows.
    const a = summary(
      { households: 5, persons: 13, score_sum: 380 },
      { 江边乡: { households: 3, persons: 8, score_sum: 200 }, 新哨镇: { households: 1, persons: 2, score_sum: 100 } },
    );
    const b = summary({ households: 2, persons: 5, score_sum: 150 }, { 新哨镇: { households: 2, persons: 5, score_sum: 150 } });
    const county = mergeSummaries(c, [a, b]);
    expect(county.total.counters.households).toBe(7);
    expect(county.townships['江边乡'].counters.households).toBe(3);
    expect(county.townships['新哨镇'].counters.households).toBe(3);
    expect(county.townships['新哨镇'].counters.persons).toBe(7);
    expect(county.total.rates.mean_score).toBeCloseTo(530 / 7, 12);
    expect(county.townships['新哨镇'].rates.mean_score).toBeCloseTo(250 / 3, 12);
    expect(county.townships['弥阳街道'].counters.households).toBe(0);
    expect(county.townships['弥阳街道'].rates.mean_score).toBeNull();
  });

  it('keeps a township the criteria no longer list in the total only', () => {
    const a = summary({ households: 2, score_sum: 200 }, { 旧乡: { households: 2, score_sum: 200 } });
    const county = mergeSummaries(c, [a]);
    expect(county.total.counters.households).toBe(2);
    expect(county.townships['旧乡']).toBeUndefined();
  });

  it('counts the county poverty incidence over the townships with a population only, and says which (spec §7)', () => {
    const doc = structuredClone(defaultCriteria) as unknown as { townships: { name: string; population: number | null }[] };
    for (const t of doc.townships) if (t.name === '新哨镇') t.population = 10_000;
    const withTwo = compileCriteria(doc);
    // 江边乡 (14,384) 30 poor persons, 新哨镇 (10,000) 20, 虹溪镇 (no population) 50, 10 in no township.
    const a = summary(
      { poverty_persons: 110 },
      { 江边乡: { poverty_persons: 30 }, 新哨镇: { poverty_persons: 20 }, 虹溪镇: { poverty_persons: 50 } },
    );
    const county = mergeSummaries(withTwo, [a]);
    expect(county.total.counters.poverty_persons).toBe(110);
    expect(county.total.rates.poverty_incidence).toBeCloseTo(50 / 24_384, 12);
    expect(county.townships['虹溪镇'].rates.poverty_incidence).toBeNull();
    expect(county.townships['新哨镇'].rates.poverty_incidence).toBeCloseTo(20 / 10_000, 12);
    expect(county.populationCoverage).toEqual({ townships: ['新哨镇', '江边乡'], of: 12 });
    // None configured: null, and a coverage of none.
    for (const t of doc.townships) t.population = null;
    const none = mergeSummaries(compileCriteria(doc), [a]);
    expect(none.total.rates.poverty_incidence).toBeNull();
    expect(none.populationCoverage).toEqual({ townships: [], of: 12 });
  });
});

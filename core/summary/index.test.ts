import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria } from '../index';
import { attributeToTownship, mergeSummaries } from './index';
import type { Summary } from '../types';

describe('attributeToTownship', () => {
  const c = compileCriteria(defaultCriteria);
  const part = (counters: Record<string, number>) => ({ counters, rates: {} });
  const summary = (total: Record<string, number>, townships: Record<string, Record<string, number>>): Summary => ({
    profile: 'default',
    total: part(total),
    townships: Object.fromEntries(Object.entries(townships).map(([k, v]) => [k, part(v)])),
  });

  it('counts every row of a submission for the submitting township, once', () => {
    // 江边乡's roster has 3 rows of its own and 1 naming 新哨镇; 新哨镇 submitted 2 rows.
    const a = summary({ households: 4, persons: 10, score_sum: 300 }, { 江边乡: { households: 3, persons: 8, score_sum: 200 }, 新哨镇: { households: 1, persons: 2, score_sum: 100 } });
    const b = summary({ households: 2, persons: 5, score_sum: 150 }, { 新哨镇: { households: 2, persons: 5, score_sum: 150 } });
    const county = mergeSummaries(c, [attributeToTownship(c, a, '江边乡'), attributeToTownship(c, b, '新哨镇')]);
    expect(county.total.counters.households).toBe(6);
    expect(county.townships['江边乡'].counters.households).toBe(4);
    expect(county.townships['新哨镇'].counters.households).toBe(2);
    expect(county.total.rates.mean_score).toBeCloseTo(450 / 6, 12);
    expect(county.townships['弥阳街道'].counters.households).toBe(0);
    expect(county.townships['弥阳街道'].rates.mean_score).toBeNull();
  });
});

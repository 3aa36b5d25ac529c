import { describe, expect, it } from 'vitest';
import { defaultPeriod, normalisePeriod } from './period';

describe('period', () => {
  it('defaults to the current year or the month just ended', () => {
    expect(defaultPeriod('year', new Date(2026, 0, 15))).toBe('2026');
    expect(defaultPeriod('month', new Date(2026, 0, 15))).toBe('2025-12');
    expect(defaultPeriod('month', new Date(2026, 6, 1))).toBe('2026-06');
  });
  it('reads periods as clerks type them', () => {
    expect(normalisePeriod('year', '２０２４')).toBe('2024');
    expect(normalisePeriod('year', '2024年')).toBe('2024');
    expect(normalisePeriod('month', '2024年6月')).toBe('2024-06');
    expect(normalisePeriod('month', '2024/6')).toBe('2024-06');
    expect(normalisePeriod('month', '202406')).toBe('2024-06');
    expect(normalisePeriod('month', '2024')).toBeNull();
    expect(normalisePeriod('month', '2024-13')).toBeNull();
    expect(normalisePeriod('year', 'abc')).toBeNull();
  });
});

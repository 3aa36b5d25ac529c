import { describe, expect, it } from 'vitest';
import type { RosterInput } from '../types';
import { evaluateRoster } from './evaluate';
import { RosterInputError, parsePeriod } from './input';
import { defaultC, defaultHousehold, householdSheet } from './testkit';

const households = householdSheet([defaultHousehold(1)]);

function problemPaths(input: unknown): string[] {
  try {
    evaluateRoster(defaultC, input as RosterInput);
  } catch (e) {
    expect(e).toBeInstanceOf(RosterInputError);
    for (const p of (e as RosterInputError).problems) {
      expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.message.en).toMatch(/[a-z]/);
    }
    return (e as RosterInputError).problems.map((p) => p.path);
  }
  return [];
}

describe('roster input', () => {
  it('periods: a year or a month, in the spellings clerks use', () => {
    expect(parsePeriod('2020')).toEqual({ year: 2020, month: null });
    expect(parsePeriod(' 2020年 ')).toEqual({ year: 2020, month: null });
    expect(parsePeriod('2024-06')).toEqual({ year: 2024, month: 6 });
    expect(parsePeriod('2024-6')).toEqual({ year: 2024, month: 6 });
    expect(parsePeriod('202406')).toEqual({ year: 2024, month: 6 });
    expect(parsePeriod('2024年6月')).toEqual({ year: 2024, month: 6 });
    expect(parsePeriod('2024/6')).toEqual({ year: 2024, month: 6 });
    expect(parsePeriod('2024.06')).toEqual({ year: 2024, month: 6 });
    expect(parsePeriod('2024 年 6 月份')).toEqual({ year: 2024, month: 6 });
    expect(parsePeriod('２０２４')).toEqual({ year: 2024, month: null });
    for (const bad of ['abcd', '20', '99999', '-2020', '2020-13', '2020-00', '0000', '2020-06-15', '2020年13月'])
      expect(parsePeriod(bad)).toBeNull();
  });

  it('a wrong table, period or reference date is a RosterInputError with paths, zh and en, not a silent default', () => {
    expect(problemPaths(null)).toEqual(['']);
    expect(problemPaths({ households, members: 'x' })).toEqual(['members']);
    expect(problemPaths({ households: [...households, 12345] })).toEqual(['households[2]']);
    expect(problemPaths({ households, period: 1899 })).toEqual(['period']);
    expect(problemPaths({ households, period: 'abcd' })).toEqual(['period']);
    expect(problemPaths({ households, period: '2020-13' })).toEqual(['period']);
    expect(problemPaths({ households, referenceDate: '2020-02-30' })).toEqual(['referenceDate']);
    expect(problemPaths({ households, referenceDate: 'yesterday', period: '0000' })).toEqual(['period', 'referenceDate']);
  });

  it('good input passes, and an empty reference date is none', () => {
    for (const period of ['2020', '2020年', '2020-12', '202012', '2020年12月', 2020, null])
      expect(problemPaths({ households, period })).toEqual([]);
    expect(problemPaths({ households, referenceDate: null })).toEqual([]);
    const r = evaluateRoster(defaultC, { households, period: '2020', referenceDate: '' });
    expect(r.referenceDate).toBe('2020-12-31');
  });
});

import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../core/index';
import { DIRT_KINDS, generateRoster, HOUSEHOLD_COLUMNS, idCheckChar, MEMBER_COLUMNS, TOWNSHIPS } from './roster';

/** GB 11643 check, written out independently of the generator's helper. */
function validId(id: unknown): boolean {
  if (typeof id !== 'string' || !/^\d{17}[\dX]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(id[i]) * w[i];
  if ('10X98765432'[s % 11] !== id[17]) return false;
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && id.slice(6, 14) <= '20201231';
}

describe('generateRoster', () => {
  const N = 3000;
  const roster = generateRoster(N, 42);

  it('is deterministic: same seed, identical tables; another seed, other tables', () => {
    const again = generateRoster(N, 42);
    expect(again.households).toEqual(roster.households);
    expect(again.members).toEqual(roster.members);
    expect(again.typed).toEqual(roster.typed);
    expect(Array.from(again.dirt)).toEqual(Array.from(roster.dirt));
    const other = generateRoster(N, 43);
    expect(other.households).not.toEqual(roster.households);
  });

  it('has the default profile headers in row 0 and full rows', () => {
    expect(roster.households[0]).toEqual(HOUSEHOLD_COLUMNS.map(([, h]) => h));
    expect(roster.members[0]).toEqual(MEMBER_COLUMNS.map(([, h]) => h));
    expect(roster.households).toHaveLength(N + 1);
    expect(roster.typed).toHaveLength(N);
    for (const row of roster.households) expect(row).toHaveLength(HOUSEHOLD_COLUMNS.length);
    for (const row of roster.members) expect(row).toHaveLength(MEMBER_COLUMNS.length);
    // Every default township appears.
    const seen = new Set(roster.typed.map((h) => h.township));
    for (const t of TOWNSHIPS) expect(seen.has(t)).toBe(true);
  });

  it('has about 3.5 members per household, 1–7 per household', () => {
    const perHousehold = (roster.members.length - 1) / N;
    expect(perHousehold).toBeGreaterThan(3.3);
    expect(perHousehold).toBeLessThan(3.8);
    const counts = new Map<unknown, number>();
    for (let r = 1; r < roster.members.length; r++) counts.set(roster.members[r][0], (counts.get(roster.members[r][0]) ?? 0) + 1);
    for (let i = 0; i < N; i++) {
      if (roster.dirt[i]) continue;
      const n = counts.get(roster.typed[i].household_id)!;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(7);
      expect(n).toBe(roster.typed[i].household_size);
    }
  });

  it('gives clean households valid, gender-consistent IDs', () => {
    const membersOf = new Map<unknown, unknown[][]>();
    for (let r = 1; r < roster.members.length; r++) {
      const m = roster.members[r];
      if (!membersOf.has(m[0])) membersOf.set(m[0], []);
      membersOf.get(m[0])!.push(m);
    }
    let checked = 0;
    for (let i = 0; i < N; i++) {
      if (roster.dirt[i]) continue;
      const h = roster.households[i + 1];
      expect(validId(h[5])).toBe(true);
      for (const m of membersOf.get(h[0])!) {
        expect(validId(m[2])).toBe(true);
        const male = Number((m[2] as string)[16]) % 2 === 1;
        expect(m[4]).toBe(male ? '男' : '女');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(N * 3);
    expect(idCheckChar('11010519491231002')).toBe('X'); // the GB 11643 standard's example
  });

  it('plants a few percent of dirty households, of every kind', () => {
    const dirty = roster.dirt.reduce((a, d) => a + (d ? 1 : 0), 0);
    expect(dirty / N).toBeGreaterThan(0.02);
    expect(dirty / N).toBeLessThan(0.12);
    const big = generateRoster(20_000, 7);
    const kinds = new Set(Array.from(big.dirt).filter((d) => d > 0));
    expect(kinds.size).toBe(DIRT_KINDS.length);
  });

  it('is clean where it says so: the engine finds no error on a clean household', () => {
    const result = evaluateRoster(compileCriteria(defaultCriteria), {
      households: roster.households,
      members: roster.members,
      period: '2020',
    });
    expect(result.sheetIssues).toEqual([]);
    expect(result.households).toHaveLength(N);
    const errorsOnClean = result.households.filter((h, i) => !roster.dirt[i] && h.issues.some((x) => x.severity === 'error'));
    expect(errorsOnClean).toEqual([]);
    const errorsOnDirty = result.households.filter((h, i) => roster.dirt[i] && h.issues.some((x) => x.severity === 'error'));
    expect(errorsOnDirty.length).toBeGreaterThan(0);
  });
});

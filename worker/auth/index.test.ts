import { describe, expect, it } from 'vitest';
import { ProblemError } from '../problem/index';
import { assertRole, townshipScope, type Principal } from './index';

const clerk: Principal = { tokenId: 't1', role: 'clerk', township: '新哨镇', label: 'c' };
const county: Principal = { tokenId: 't2', role: 'county', township: null, label: 'k' };

describe('auth helpers', () => {
  it('assertRole throws a 403 problem for other roles', () => {
    expect(() => assertRole(county, ['county', 'admin'])).not.toThrow();
    expect(() => assertRole(clerk, ['county'])).toThrow(ProblemError);
  });

  it("townshipScope pins a clerk to their township and lets the county choose", () => {
    expect(townshipScope(clerk, undefined)).toBe('新哨镇');
    expect(townshipScope(clerk, '新哨镇')).toBe('新哨镇');
    expect(() => townshipScope(clerk, '虹溪镇')).toThrow(expect.objectContaining({ kind: 'forbidden_township' }));
    expect(townshipScope(county, undefined)).toBeUndefined();
    expect(townshipScope(county, '虹溪镇')).toBe('虹溪镇');
  });
});

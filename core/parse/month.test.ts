import { describe, it, expect } from 'vitest';
import type { Cell } from '../types';
import { OK, MISSING, MONTH, parseMonth, monthIndex, ymdFromIso, ageAt, type MonthOut } from './index';

const out: MonthOut = { value: 0 };
const MIN = 201401, MAX = 202406;
function month(cell: Cell, min = MIN, max = MAX): [number, number] {
  const st = parseMonth(cell, out, min, max);
  return [st, out.value];
}
const M_2022_03 = 2022 * 12 + 3;

describe('parseMonth', () => {
  it('YYYYMM text, with an optional trailing .0', () => {
    expect(month('202203')).toEqual([OK, M_2022_03]);
    expect(month(' 202203 ')).toEqual([OK, M_2022_03]);
    expect(month('202203.0')).toEqual([OK, M_2022_03]);
    for (const s of ['202203.5', '202203.00', '202203.', '2022031', '20223', '2022 03', '２０２２03']) {
      expect(month(s)[0], s).toBe(MONTH);
    }
  });
  it('YYYYMM number cell (whole only)', () => {
    expect(month(202203)).toEqual([OK, M_2022_03]);
    expect(month(202203.0)).toEqual([OK, M_2022_03]);
    expect(month(202203.5)[0]).toBe(MONTH);
  });
  it('YYYY-MM and YYYY-M', () => {
    expect(month('2022-03')).toEqual([OK, M_2022_03]);
    expect(month('2022-3')).toEqual([OK, M_2022_03]);
    expect(month('2022-12')).toEqual([OK, 2022 * 12 + 12]);
    for (const s of ['2022-', '2022-003', '2022-03-01', '22-03', '2022/03', '2022.03', '2022-3月']) {
      expect(month(s)[0], s).toBe(MONTH);
    }
  });
  it('YYYY年M月 and YYYY年MM月', () => {
    expect(month('2022年3月')).toEqual([OK, M_2022_03]);
    expect(month('2022年03月')).toEqual([OK, M_2022_03]);
    for (const s of ['2022年3', '2022年月', '2022年003月', '2022年3月1日', '2022-03月', '二〇二二年三月']) {
      expect(month(s)[0], s).toBe(MONTH);
    }
  });
  it('an Excel date serial from a numeric cell only', () => {
    expect(month(44562)).toEqual([OK, 2022 * 12 + 1]); // 2022-01-01
    expect(month(44562.75)).toEqual([OK, 2022 * 12 + 1]); // time of day ignored
    expect(month(44620)).toEqual([OK, 2022 * 12 + 2]); // 2022-02-28
    expect(month(44621)).toEqual([OK, M_2022_03]); // 2022-03-01
    expect(month(43830)).toEqual([OK, 2019 * 12 + 12]); // 2019-12-31
    expect(month(43831)).toEqual([OK, 2020 * 12 + 1]); // 2020-01-01
    expect(month(43890)).toEqual([OK, 2020 * 12 + 2]); // 2020-02-29
    expect(month('44562')[0]).toBe(MONTH); // serial as text is not accepted
  });
  it('serials only in 20000..60000', () => {
    expect(month(20000, 190001, 999912)).toEqual([OK, 1954 * 12 + 10]); // 1954-10-03
    expect(month(60000, 190001, 999912)).toEqual([OK, 2064 * 12 + 4]); // 2064-04-08
    expect(month(19999, 190001, 999912)[0]).toBe(MONTH);
    expect(month(60001, 190001, 999912)[0]).toBe(MONTH);
    expect(month(2022)[0]).toBe(MONTH);
    expect(month(NaN)[0]).toBe(MONTH);
    expect(month(Infinity)[0]).toBe(MONTH);
  });
  it('month must be 1..12', () => {
    for (const c of ['202213', '202200', '2022-13', '2022-0', '2022年13月', '2022年0月', 202213, 202200]) {
      expect(month(c)[0], String(c)).toBe(MONTH);
    }
  });
  it('must lie within min..max inclusive', () => {
    expect(month('201401')).toEqual([OK, 2014 * 12 + 1]);
    expect(month('202406')).toEqual([OK, 2024 * 12 + 6]);
    expect(month('201312')[0]).toBe(MONTH);
    expect(month('2024-07')[0]).toBe(MONTH);
    expect(month(202407)[0]).toBe(MONTH);
    expect(month(45474)[0]).toBe(MONTH); // 2024-07-01
    expect(month(45473)).toEqual([OK, 2024 * 12 + 6]); // 2024-06-30
  });
  it('empty is MISSING, other kinds are MONTH', () => {
    for (const c of [null, undefined, '', '  ']) expect(month(c)[0]).toBe(MISSING);
    for (const c of [true, false, 'abc', '三月', '-202203']) expect(month(c)[0]).toBe(MONTH);
  });
});

describe('date helpers', () => {
  it('monthIndex', () => {
    expect(monthIndex(2022, 3)).toBe(M_2022_03);
    expect(monthIndex(2023, 1) - monthIndex(2022, 12)).toBe(1);
  });
  it('ymdFromIso', () => {
    expect(ymdFromIso('2020-12-31')).toBe(20201231);
    expect(ymdFromIso('2024-02-29')).toBe(20240229);
    for (const s of ['2020-1-31', '2020/12/31', '20201231', '2020-12-31T00:00', '2023-02-29', '2020-13-01', '2020-04-31', ' 2020-12-31', '']) {
      expect(() => ymdFromIso(s), s).toThrow();
    }
  });
  it('ageAt counts completed years; the birthday itself counts', () => {
    expect(ageAt(20100630, 20240630)).toBe(14);
    expect(ageAt(20100701, 20240630)).toBe(13);
    expect(ageAt(20101231, 20241231)).toBe(14);
    expect(ageAt(20100101, 20241231)).toBe(14);
    expect(ageAt(20240630, 20240630)).toBe(0);
    expect(ageAt(20000229, 20230228)).toBe(22);
    expect(ageAt(20000229, 20230301)).toBe(23);
    expect(ageAt(20000229, 20240229)).toBe(24);
  });
});

import { describe, expect, it } from 'vitest';
import type { SheetMarks } from '../../core/marks/types';
import { MarksIndex } from './marks-index';

const reason = (rule: string) => ({ rule, severity: 'error' as const, message: { zh: rule, en: rule } });
const sheet = (cells: [number, number][], rows: number[]): SheetMarks => ({
  cells: cells.map(([row, column]) => ({ row, column, severity: 'error', reasons: [reason(`c${row}-${column}`)] })),
  rows: rows.map((row) => ({ row, severity: 'error', reasons: [reason(`r${row}`)] })),
  errors: cells.length + rows.length,
  warnings: 0,
});

describe('MarksIndex (下一处 / 上一处 and a cell’s reasons)', () => {
  const index = new MarksIndex();
  index.set('户表', sheet([[3, 1], [3, 4], [7, 0]], [2, 3, 9]));
  index.set('人表', sheet([[5, 2]], []));

  it('walks by sheet, row and column; a row mark alone is visited at column A', () => {
    expect(index.list()).toEqual([
      { sheet: '户表', row: 2, column: 0 },
      { sheet: '户表', row: 3, column: 1 },
      { sheet: '户表', row: 3, column: 4 },
      { sheet: '户表', row: 7, column: 0 },
      { sheet: '户表', row: 9, column: 0 },
      { sheet: '人表', row: 5, column: 2 },
    ]);
  });

  it('finds the next and previous place from any selected cell, wrapping around', () => {
    expect(index.indexAfter({ sheet: '户表', row: 3, column: 2 }, 1)).toBe(2);
    expect(index.indexAfter({ sheet: '户表', row: 3, column: 2 }, -1)).toBe(1);
    expect(index.indexAfter({ sheet: '人表', row: 9, column: 0 }, 1)).toBe(0);
    expect(index.indexAfter({ sheet: '户表', row: 1, column: 0 }, -1)).toBe(5);
    expect(index.indexAfter(null, 1)).toBe(0);
  });

  it("answers a cell's own reasons and its row's", () => {
    expect(index.reasonsAt('户表', 3, 4)).toEqual({ cell: [reason('c3-4')], row: [reason('r3')] });
    expect(index.reasonsAt('户表', 4, 4)).toEqual({ cell: [], row: [] });
    expect(index.reasonsAt('其他', 3, 4)).toEqual({ cell: [], row: [] });
  });

  it('replacing one sheet’s marks updates the walk', () => {
    const i = new MarksIndex();
    i.set('户表', sheet([[3, 1]], []));
    expect(i.list()).toHaveLength(1);
    i.set('户表', sheet([], []));
    expect(i.list()).toEqual([]);
    expect(i.reasonsAt('户表', 3, 1).cell).toEqual([]);
  });
});

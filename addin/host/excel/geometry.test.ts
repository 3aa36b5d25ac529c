import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areaAddress,
  cellJsonBytes,
  columnLetters,
  columnNumber,
  mergeCells,
  packAddresses,
  parseAreas,
  sheetRef,
  utf8Bytes,
} from './geometry';

describe('addresses', () => {
  it('letters and numbers of columns round-trip (A, Z, AA, XFD)', () => {
    expect([0, 25, 26, 701, 702, 16_383].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
    fc.assert(fc.property(fc.integer({ min: 0, max: 16_383 }), (c) => columnNumber(columnLetters(c)) === c));
  });

  it('quotes every sheet name, doubling its apostrophes', () => {
    expect(sheetRef("张三's 户表", { r0: 4, c0: 2, r1: 4, c1: 2 })).toBe("'张三''s 户表'!C5");
    expect(sheetRef('名单', { r0: 0, c0: 0, r1: 2, c1: 0 }, true)).toBe("'名单'!$A$1:$A$3");
  });

  it('reads event addresses: cells, ranges, whole columns and rows, several areas, a sheet prefix', () => {
    expect(parseAreas('B2')).toEqual([{ r0: 1, c0: 1, r1: 1, c1: 1 }]);
    expect(parseAreas("'户表'!$B$2:C9,E5")).toEqual([
      { r0: 1, c0: 1, r1: 8, c1: 2 },
      { r0: 4, c0: 4, r1: 4, c1: 4 },
    ]);
    expect(parseAreas('C:D')).toEqual([{ r0: 0, c0: 2, r1: 1_048_575, c1: 3 }]);
    expect(parseAreas('3:4')).toEqual([{ r0: 2, c0: 0, r1: 3, c1: 16_383 }]);
    expect(parseAreas('nonsense!')).toEqual([]);
  });
});

describe('marked cells as areas', () => {
  it('merges runs along rows, then equal runs down consecutive rows', () => {
    const cells = [
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
      [4, 1],
      [4, 2],
      [7, 5],
      [2, 9],
      [2, 9],
    ].map(([row, column]) => ({ row, column }));
    expect(mergeCells(cells).map(areaAddress)).toEqual(['B3:C5', 'J3', 'F8']);
  });

  it('covers exactly the given cells, over random sets', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ row: fc.nat(60), column: fc.nat(12) }), { maxLength: 300 }), (cells) => {
        const covered = new Set<string>();
        for (const a of mergeCells(cells)) for (let r = a.r0; r <= a.r1; r++) for (let c = a.c0; c <= a.c1; c++) covered.add(`${r},${c}`);
        expect(covered).toEqual(new Set(cells.map((c) => `${c.row},${c.column}`)));
      }),
    );
  });

  it('packs addresses under the limit without losing or splitting an area', () => {
    const areas = Array.from({ length: 5000 }, (_, i) => ({ r0: i * 2, c0: i % 7, r1: i * 2, c1: i % 7 }));
    const packed = packAddresses(areas, 8000);
    expect(packed.every((p) => p.length <= 8000)).toBe(true);
    expect(packed.join(',').split(',')).toEqual(areas.map(areaAddress));
  });
});

describe('payload bytes', () => {
  it('counts a cell as its JSON text weighs in UTF-8 (never less)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.integer(), fc.boolean(), fc.constant('户编号"\\\n')),
        (v) => {
          const exact = utf8Bytes(JSON.stringify(v));
          const counted = cellJsonBytes(v);
          expect(counted).toBeGreaterThanOrEqual(exact);
          if (typeof v !== 'string' || !/[\u0000-\u001f]/.test(v)) expect(counted).toBe(exact);
        },
      ),
    );
  });
});

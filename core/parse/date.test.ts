import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRoster } from '../engine/evaluate';
import { MON_REF_DATE, monHousehold, monitoringC, monPersons, monRows, personSheet, splitSheets } from '../engine/testkit';
import type { Cell } from '../types';
import { excelSerialOf } from './date';
import { parseBool, parseId18, parseInteger, parseMonth, parseNumber, parseText } from './index';

/** A date cell as exceljs / read-excel-file give it: UTC midnight of the cell's date. */
const fileDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('excelSerialOf: a Date reads as the serial Excel’s API hands over', () => {
  it('known serials', () => {
    expect(excelSerialOf(fileDate(1970, 1, 1))).toBe(25569);
    expect(excelSerialOf(fileDate(2022, 3, 1))).toBe(44621);
    expect(excelSerialOf(fileDate(2024, 2, 29))).toBe(45351);
    // A time of day stays the serial's fraction (noon = .5).
    expect(excelSerialOf(new Date(Date.UTC(2022, 2, 1, 12)))).toBe(44621.5);
    expect(excelSerialOf(new Date(NaN))).toBeNaN();
  });
});

describe('every parser reads a Date cell as its serial', () => {
  const month = { value: 0 };
  const other = { value: 0 };
  it('month fields: 2022-03-01 as a Date is the month 2022-03, as its serial is', () => {
    expect(parseMonth(fileDate(2022, 3, 1), month, 195001, 210012)).toBe(0);
    expect(month.value).toBe(2022 * 12 + 3);
    expect(parseMonth(fileDate(2022, 3, 31), month, 195001, 202203)).toBe(0);
    // Bounds apply to a Date as to any month: after the maximum month is an error.
    expect(parseMonth(fileDate(2022, 4, 1), month, 195001, 202203)).not.toBe(0);
    expect(parseMonth(new Date(NaN), month, 195001, 210012)).not.toBe(0);
  });

  it('the same status and value as the serial, for any date, in every parser', () => {
    const out = () => ({ value: 0 as never }) as { value: never };
    const id = () => ({ value: '', hash: 0, birth: 0, male: false, provinceOk: false, reason: '' as never });
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1950, 0, 1)), max: new Date(Date.UTC(2070, 0, 1)), noInvalidDate: true }), (date) => {
        const serial = excelSerialOf(date);
        const both = (read: (cell: Cell) => unknown) => expect(read(date)).toEqual(read(serial));
        both((cell) => [parseMonth(cell, month, 195001, 210012), month.value]);
        both((cell) => [parseNumber(cell, other), other.value]);
        both((cell) => [parseInteger(cell, other), other.value]);
        both((cell) => {
          const o = out();
          return [parseText(cell, o), o.value];
        });
        both((cell) => {
          const o = out();
          return [parseBool(cell, o), o.value];
        });
        both((cell) => {
          const o = id();
          return [parseId18(cell, 20221231, o), o.reason];
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('a roster read from a file (Date cells) gives the results of the same roster read from Excel (serials)', () => {
  const identified = fileDate(2022, 3, 15);
  const eliminated = fileDate(2022, 11, 2);
  const rows = (cells: { identified: Cell; eliminated: Cell }) =>
    monRows(
      monHousehold(1, {
        identified_month: cells.identified,
        risk_eliminated: '是',
        elimination_method: '帮扶消除',
        eliminated_month: cells.eliminated,
      }),
      monPersons(1),
    );
  const run = (households: Cell[][], members?: Cell[][]) =>
    evaluateRoster(monitoringC, { households, members, referenceDate: MON_REF_DATE });

  it('person-per-row export', () => {
    const fromFile = run(personSheet(rows({ identified, eliminated })));
    const fromExcel = run(personSheet(rows({ identified: excelSerialOf(identified), eliminated: excelSerialOf(eliminated) })));
    const asText = run(personSheet(rows({ identified: '202203', eliminated: '202211' })));
    expect(fromFile).toEqual(fromExcel);
    expect(fromFile.households.map((h) => [h.issues, h.indicators, h.riskEliminable])).toEqual(
      asText.households.map((h) => [h.issues, h.indicators, h.riskEliminable]),
    );
    expect(fromFile.households[0].issues.filter((i) => i.field?.endsWith('_month'))).toEqual([]);
  });

  it('household + member sheets; a Date after the reference month is the same month error as its serial', () => {
    const late = fileDate(2023, 2, 1);
    const sheets = (identified: Cell) => splitSheets([{ hh: monHousehold(1, { identified_month: identified }), persons: monPersons(1) }]);
    const fromFile = sheets(late);
    const fromExcel = sheets(excelSerialOf(late));
    const a = run(fromFile.households, fromFile.members);
    const b = run(fromExcel.households, fromExcel.members);
    expect(a).toEqual(b);
    expect(a.households[0].issues.map((i) => [i.rule, i.field])).toContainEqual(['month', 'identified_month']);
  });
});

/**
 * The clerk's workbook is sacred: over random rosters, random clerk formatting and random marks,
 * validate (marks + both result sheets) then clear leaves every value and every format of the
 * clerk exactly as it was — and validating changes no value of the clerk's sheets meanwhile.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellMark } from '../../../core/marks/types';
import { createFakeExcel, type CellValue, type FormatLayer } from '../../testing/fake-excel';
import { excelHostOnFake } from './on-fake';

const cell = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('新哨镇', '532526199001011234', '0001', '5230元', '男', ' 虹溪镇 '),
  fc.integer({ min: -1000, max: 100000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.boolean(),
);

const table = fc
  .integer({ min: 1, max: 8 })
  .chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 25 }));

const rect = fc
  .record({ r0: fc.nat(30), c0: fc.nat(9), h: fc.nat(5), w: fc.nat(3) })
  .map(({ r0, c0, h, w }) => ({ r0, c0, r1: r0 + h, c1: c0 + w }));

const layer: fc.Arbitrary<FormatLayer> = fc.record(
  {
    rect,
    numberFormat: fc.constantFrom('@', '0.00', 'yyyy-mm-dd', 'General'),
    fill: fc.constantFrom('#FFFF00', '#DDEBF7', '#FFC7CE'),
    fontColor: fc.constantFrom('#FF0000', '#000000'),
    bold: fc.boolean(),
  },
  { requiredKeys: ['rect'] },
);

const marksFor = (rows: number, cols: number) =>
  fc.array(
    fc.record({
      row: fc.integer({ min: 1, max: rows }),
      column: fc.integer({ min: 0, max: cols - 1 }),
      severity: fc.constantFrom('error' as const, 'warning' as const),
    }),
    { maxLength: 40 },
  );

describe('the clerk workbook after validate + clear', () => {
  it('keeps every value and every clerk format, over random rosters', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        table,
        fc.array(layer, { maxLength: 6 }),
        fc.array(rect, { maxLength: 2 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (households, members, formats, clerkRules, frozenRows, seed) => {
          const fake = createFakeExcel({ excelApiMinor: 9 + (seed % 12) });
          fake.handle.addSheet('户表', households as CellValue[][], {
            formats,
            frozen: { rows: frozenRows, columns: 0 },
            columnWidths: { 1: 77 },
            conditionalFormats: clerkRules.map((r) => ({
              type: 'Custom' as const,
              ranges: [r],
              formula: '=A1>0',
              fill: '#00FF00',
              stopIfTrue: false,
            })),
          });
          fake.handle.addSheet('人表', members as CellValue[][], { formats: formats.slice(0, 2) });
          const host = excelHostOnFake(fake);
          const before = fake.handle.snapshot();
          const valuesBefore = [fake.handle.values('户表'), fake.handle.values('人表')];

          const hMarks = fc.sample(marksFor(households.length, households[0].length), { numRuns: 1, seed })[0];
          const mMarks = fc.sample(marksFor(members.length, members[0].length), { numRuns: 1, seed: seed + 1 })[0];
          const asMarks = (cells: typeof hMarks) => {
            const sorted: CellMark[] = cells.map((c) => ({
              ...c,
              reasons: [{ rule: 'r', severity: c.severity, message: { zh: '错', en: 'bad' } }],
            }));
            return { cells: sorted, rows: [], errors: 0, warnings: 0 };
          };
          await host.paintMarks([
            { sheet: '户表', marks: asMarks(hMarks) },
            { sheet: '人表', marks: asMarks(mMarks) },
          ]);
          await host.writeResultSheet({
            name: '校验结果',
            columns: [
              { header: '行', format: 'integer' },
              { header: '户编号', format: 'text' },
            ],
            rows: hMarks.map((m) => [m.row, String(households[m.row - 1]?.[0] ?? '')]),
            links: hMarks.map((m, i) => ({ row: i, column: 0, target: { sheet: '户表', row: m.row, column: m.column } })),
          });
          await host.writeResultSheet({
            name: '评分结果',
            columns: [{ header: '户编号', format: 'text' }],
            rows: households.slice(1).map((r) => [String(r[0])]),
          });
          expect([fake.handle.values('户表'), fake.handle.values('人表')]).toEqual(valuesBefore);
          expect(fake.handle.host.formatWrites.get('户表') ?? 0).toBe(0);
          expect(fake.handle.host.formatWrites.get('人表') ?? 0).toBe(0);

          await host.clearAll();
          expect(fake.handle.snapshot()).toEqual(before);
          expect(fake.handle.violations).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

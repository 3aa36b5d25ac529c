/**
 * Real .xlsx files for the tests, written by exceljs (the common writer) in the shapes rosters
 * arrive in: title rows above the header (merged), IDs as numbers, dates as date cells, one
 * row per person, a missing member sheet, an empty workbook.
 *
 * @example
 * await writeRosterWorkbook(path, { households, members, titleRows: ['某县花名册'], merge: true });
 */
import ExcelJS from 'exceljs';
import type { Table } from '../../core/types';

export interface WorkbookSpec {
  /** The household (or person-per-row) sheet, header row first. */
  households?: Table;
  members?: Table | null;
  /** Lines above the header row of each roster sheet. */
  titleRows?: string[];
  /** Merge each title line across the header's width (as national exports do). */
  merge?: boolean;
  /** Sheet names (default 户表, 人表). */
  names?: { households?: string; members?: string };
  /** Extra sheets before the roster sheets (e.g. an instructions sheet). */
  extra?: { name: string; rows: Table }[];
  /** Columns (0-based) of the household sheet written as Excel dates from ISO text. */
  dateColumns?: number[];
}

function addSheet(wb: ExcelJS.Workbook, name: string, table: Table, spec: WorkbookSpec, dates: number[] = []): void {
  const ws = wb.addWorksheet(name);
  const width = Math.max(1, ...table.map((r) => r.length));
  for (const title of spec.titleRows ?? []) {
    const row = ws.addRow([title]);
    if (spec.merge && width > 1) ws.mergeCells(row.number, 1, row.number, width);
  }
  table.forEach((r, i) => {
    ws.addRow(
      r.map((v, j) => {
        if (v === '' || v === undefined) return null;
        if (i > 0 && dates.includes(j) && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
        return v;
      }),
    );
  });
}

export async function writeRosterWorkbook(path: string, spec: WorkbookSpec): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const e of spec.extra ?? []) addSheet(wb, e.name, e.rows, {});
  if (spec.households) addSheet(wb, spec.names?.households ?? '户表', spec.households, spec, spec.dateColumns);
  if (spec.members) addSheet(wb, spec.names?.members ?? '人表', spec.members, spec);
  if (!wb.worksheets.length) wb.addWorksheet('Sheet1');
  await wb.xlsx.writeFile(path);
}

/**
 * A generated roster (bench/roster.ts) written as an .xlsx the way Excel saves one: shared
 * strings, a 户表 and a 人表 sheet, through exceljs's streaming writer (so 455,000 rows never sit
 * in memory as cell objects). Used by the command-line and offline-page benches.
 *
 * @example
 * await writeRosterXlsx(generateRoster(100_000, 1), '/tmp/roster.xlsx');
 */
import ExcelJS from 'exceljs';
import type { GeneratedRoster } from './roster';

export async function writeRosterXlsx(roster: Pick<GeneratedRoster, 'households' | 'members'>, path: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheets: [string, GeneratedRoster['households']][] = [
    ['户表', roster.households],
    ['人表', roster.members],
  ];
  for (const [name, table] of sheets) {
    const ws = wb.addWorksheet(name);
    for (const row of table) ws.addRow(row.map((v) => (v === '' ? null : v))).commit();
    ws.commit();
  }
  await wb.commit();
}

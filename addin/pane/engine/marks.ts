/**
 * Marks from a result. PROVISIONAL until core's marksOf (core/marks/index.ts) is merged: then
 * this file only re-exports it. Cells from each issue's column letters; row-level issues as row marks.
 */
import type { CellMark, RosterMarks, RowMark, SheetMarks } from '../../../core/marks/types';
import type { Issue, RosterResult } from '../../../core/types';

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function collect(into: { cells: Map<string, CellMark>; rows: Map<number, RowMark> }, row: number, issues: Issue[]): void {
  for (const issue of issues) {
    const reason = { rule: issue.rule, severity: issue.severity, message: issue.message };
    if (issue.column) {
      const column = columnIndex(issue.column);
      const key = `${row}:${column}`;
      const cell = into.cells.get(key);
      if (cell) {
        cell.reasons.push(reason);
        if (issue.severity === 'error') cell.severity = 'error';
      } else into.cells.set(key, { row, column, severity: issue.severity, reasons: [reason] });
    } else {
      const mark = into.rows.get(row);
      if (mark) {
        mark.reasons.push(reason);
        if (issue.severity === 'error') mark.severity = 'error';
      } else into.rows.set(row, { row, severity: issue.severity, reasons: [reason] });
    }
  }
}

function finish(from: { cells: Map<string, CellMark>; rows: Map<number, RowMark> }): SheetMarks {
  const cells = [...from.cells.values()].sort((a, b) => a.row - b.row || a.column - b.column);
  const rows = [...from.rows.values()].sort((a, b) => a.row - b.row);
  let errors = 0;
  let warnings = 0;
  for (const m of [...cells, ...rows]) for (const r of m.reasons) r.severity === 'error' ? errors++ : warnings++;
  return { cells, rows, errors, warnings };
}

export function marksOf(result: RosterResult): RosterMarks {
  const hh = { cells: new Map<string, CellMark>(), rows: new Map<number, RowMark>() };
  const mem = { cells: new Map<string, CellMark>(), rows: new Map<number, RowMark>() };
  for (const h of result.households) collect(hh, h.row, h.issues);
  const personSheet = result.layout === 'person-per-row' ? hh : mem;
  for (const m of result.members) collect(personSheet, m.row, m.issues);
  return { households: finish(hh), members: finish(mem) };
}

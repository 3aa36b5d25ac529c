import type { Issue, RosterResult, RosterSheet } from '../types';
import type { CellMark, MarkReason, RosterMarks, RowMark, SheetMarks } from './types';

export type { CellMark, MarkReason, RosterMarks, RosterSheet, RowMark, SheetMarks } from './types';

/** Row-level marks sort after every column of their row (Excel's last column is 16,383). */
const ROW_LEVEL = 16_384;

/** Marks of one sheet while they are collected: one entry per (cell or row, issue). */
class SheetCollector {
  readonly rows: number[] = [];
  readonly columns: number[] = [];
  readonly issues: Issue[] = [];
  maxRow = 0;
  errors = 0;
  warnings = 0;

  count(issue: Issue): void {
    if (issue.severity === 'error') this.errors++;
    else this.warnings++;
  }

  add(row: number, column: number, issue: Issue): void {
    this.rows.push(row);
    this.columns.push(column);
    this.issues.push(issue);
    if (row > this.maxRow) this.maxRow = row;
  }

  finish(): SheetMarks {
    const order = this.sorted();
    const { rows: rowOf, columns: columnOf, issues } = this;
    const cells: CellMark[] = [];
    const rows: RowMark[] = [];
    let k = 0;
    while (k < order.length) {
      const row = rowOf[order[k]];
      const column = columnOf[order[k]];
      const reasons: MarkReason[] = [];
      let severity: MarkReason['severity'] = 'warning';
      for (; k < order.length && rowOf[order[k]] === row && columnOf[order[k]] === column; k++) {
        const issue = issues[order[k]];
        if (issue.severity === 'error') severity = 'error';
        if (!hasReason(reasons, issue)) reasons.push({ rule: issue.rule, severity: issue.severity, message: issue.message });
      }
      if (column === ROW_LEVEL) rows.push({ row, severity, reasons });
      else cells.push({ row, column, severity, reasons });
    }
    return { cells, rows, errors: this.errors, warnings: this.warnings };
  }

  /**
   * Entry positions by row, then column, stable (reasons keep the engine's order): a counting
   * sort by row — rows are bounded by the sheet — then an insertion sort of each row's few entries.
   */
  private sorted(): Int32Array {
    const n = this.rows.length;
    const start = new Int32Array(this.maxRow + 2);
    for (let k = 0; k < n; k++) start[this.rows[k] + 1]++;
    for (let r = 0; r <= this.maxRow; r++) start[r + 1] += start[r];
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[start[this.rows[k]]++] = k;
    const columns = this.columns;
    for (let k = 1; k < n; k++) {
      const entry = order[k];
      let j = k - 1;
      while (j >= 0 && this.rows[order[j]] === this.rows[entry] && columns[order[j]] > columns[entry]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = entry;
    }
    return order;
  }
}

/** The same message of the same rule is on this cell already (several rows conflicting with one cell). */
function hasReason(reasons: MarkReason[], issue: Issue): boolean {
  for (let k = 0; k < reasons.length; k++) if (reasons[k].rule === issue.rule && reasons[k].message.zh === issue.message.zh) return true;
  return false;
}

/**
 * What a client paints, from a roster result: per sheet, the wrong cells (row, 0-based column)
 * and the rows with row-level issues, each with its worst severity and its issues' messages.
 * An issue naming several cells (`Issue.cells`) marks each of them; the same message twice on
 * one cell (a 户主 cell several rows conflict with) is shown once. `errors` / `warnings` count
 * issues by the sheet they point at, each issue once. Deterministic: sorted by row then column,
 * reasons in the engine's order (households first, then members, each in sheet order).
 *
 * @example
 * const result = evaluateRoster(criteria, { households, members });
 * const { households: marks } = marksOf(result);
 * for (const cell of marks.cells) paint(cell.row, cell.column, cell.severity, cell.reasons);
 */
export function marksOf(result: RosterResult): RosterMarks {
  const sheets: Record<RosterSheet, SheetCollector> = { households: new SheetCollector(), members: new SheetCollector() };
  const { households, members } = result;
  for (let h = 0; h < households.length; h++) if (households[h].issues.length > 0) collect(households[h].issues, sheets);
  for (let m = 0; m < members.length; m++) if (members[m].issues.length > 0) collect(members[m].issues, sheets);
  return { households: sheets.households.finish(), members: sheets.members.finish() };
}

function collect(issues: readonly Issue[], sheets: Record<RosterSheet, SheetCollector>): void {
  for (let i = 0; i < issues.length; i++) {
    const issue = issues[i];
    sheets[issue.sheet].count(issue);
    const cells = issue.cells;
    if (cells) for (let k = 0; k < cells.length; k++) sheets[cells[k].sheet].add(cells[k].row, cells[k].columnIndex, issue);
    else sheets[issue.sheet].add(issue.row, issue.columnIndex ?? ROW_LEVEL, issue);
  }
}

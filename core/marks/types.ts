/**
 * What a client paints: a roster result turned into marks per sheet, once, in core — so the
 * add-in, the annotated .xlsx and the report sheets never re-derive them from issues.
 * Plain data (crosses postMessage unchanged). Implemented by `marksOf` in ./index.ts.
 */
import type { RosterSheet, Severity, Text } from '../types';

/** The two sheets a roster is read from (person-per-row exports use `households` only). */
export type { RosterSheet };

/** One issue as a mark shows it. */
export interface MarkReason {
  rule: string;
  severity: Severity;
  message: Text;
}

/** One wrong cell: worksheet row (1-based) and column (0-based index, A = 0). */
export interface CellMark {
  row: number;
  column: number;
  /** The worst severity of its reasons. */
  severity: Severity;
  /** Every issue on this cell, in the engine's deterministic order. */
  reasons: MarkReason[];
}

/** A row-level issue (no single cell is wrong, e.g. a household with no members). */
export interface RowMark {
  row: number;
  severity: Severity;
  reasons: MarkReason[];
}

export interface SheetMarks {
  /** Sorted by row, then column. */
  cells: CellMark[];
  /** Sorted by row. */
  rows: RowMark[];
  /** Issues (not cells) of each severity that point at this sheet, each counted once. */
  errors: number;
  warnings: number;
}

export interface RosterMarks {
  households: SheetMarks;
  members: SheetMarks;
}

/**
 * The pane's view of the painted marks: the walk order for 下一处/上一处 and the reasons of a
 * selected cell. Rebuilt from core's marks whenever a sheet's marks change.
 */
import type { MarkReason, SheetMarks } from '../../core/marks/types';

export interface MarkPlace {
  sheet: string;
  row: number;
  column: number;
}

export interface CellReasons {
  /** Reasons on the cell itself. */
  cell: MarkReason[];
  /** Reasons on the whole row (no single cell is wrong). */
  row: MarkReason[];
}

export class MarksIndex {
  private bySheet = new Map<string, SheetMarks>();
  private order: string[] = [];
  private places: MarkPlace[] | null = null;
  private lookup = new Map<string, Map<number, MarkReason[]>>();
  private rowLookup = new Map<string, Map<number, MarkReason[]>>();

  /** Sets one sheet's marks; sheets are walked in the order first set. */
  set(sheet: string, marks: SheetMarks): void {
    if (!this.bySheet.has(sheet)) this.order.push(sheet);
    this.bySheet.set(sheet, marks);
    this.places = null;
    this.lookup.delete(sheet);
    this.rowLookup.delete(sheet);
  }

  clear(): void {
    this.bySheet.clear();
    this.order = [];
    this.places = null;
    this.lookup.clear();
    this.rowLookup.clear();
  }

  /** Every marked place in walk order: by sheet, row, then column (a row mark at column A). */
  list(): MarkPlace[] {
    if (this.places) return this.places;
    const places: MarkPlace[] = [];
    for (const sheet of this.order) {
      const { cells, rows } = this.bySheet.get(sheet)!;
      const marked = new Set<number>();
      for (const c of cells) marked.add(c.row);
      let r = 0;
      for (let i = 0; i <= cells.length; i++) {
        const cell = cells[i];
        while (r < rows.length && (!cell || rows[r].row <= cell.row)) {
          // A row that also has marked cells is reached through them.
          if (!marked.has(rows[r].row)) places.push({ sheet, row: rows[r].row, column: 0 });
          r++;
        }
        if (cell) places.push({ sheet, row: cell.row, column: cell.column });
      }
    }
    return (this.places = places);
  }

  /** The walk position of a place, or of the first place after it (for 下一处 from a selection). */
  indexAfter(place: MarkPlace | null, direction: 1 | -1): number {
    const list = this.list();
    if (list.length === 0) return -1;
    if (!place) return direction === 1 ? 0 : list.length - 1;
    const rank = (p: MarkPlace) => [this.order.indexOf(p.sheet), p.row, p.column];
    const key = rank(place);
    const cmp = (p: MarkPlace) => {
      const k = rank(p);
      return k[0] - key[0] || k[1] - key[1] || k[2] - key[2];
    };
    if (direction === 1) {
      const i = list.findIndex((p) => cmp(p) > 0);
      return i < 0 ? 0 : i;
    }
    for (let i = list.length - 1; i >= 0; i--) if (cmp(list[i]) < 0) return i;
    return list.length - 1;
  }

  reasonsAt(sheet: string, row: number, column: number): CellReasons {
    const marks = this.bySheet.get(sheet);
    if (!marks) return { cell: [], row: [] };
    let cells = this.lookup.get(sheet);
    if (!cells) {
      cells = new Map();
      for (const c of marks.cells) cells.set(c.row * 16384 + c.column, c.reasons);
      this.lookup.set(sheet, cells);
    }
    let rows = this.rowLookup.get(sheet);
    if (!rows) {
      rows = new Map();
      for (const r of marks.rows) rows.set(r.row, r.reasons);
      this.rowLookup.set(sheet, rows);
    }
    return { cell: cells.get(row * 16384 + column) ?? [], row: rows.get(row) ?? [] };
  }
}

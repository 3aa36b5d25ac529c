/**
 * The host adapter: everything the pane asks of a spreadsheet program. The pane's logic talks
 * only to this interface; Excel (Office.js) is one implementation (addin/host/excel/), a WPS
 * Spreadsheets one can follow without touching the pane. No Office types here.
 *
 * Coordinates: `row` is the 1-based worksheet row, `column` the 0-based column index (A = 0),
 * as in core's marks (core/marks/types.ts).
 */
import type { SheetMarks } from '../../core/marks/types';

/** A cell value as spreadsheet APIs hand it over (Excel gives dates as serial numbers). */
export type HostCell = string | number | boolean | null;

export interface SheetInfo {
  name: string;
  /** Rows and columns of the used range, counted from A1 (0 for an empty sheet). */
  rowCount: number;
  columnCount: number;
  visible: boolean;
  /** True for sheets the add-in itself created (result, list, marks and report sheets). */
  ownedByAddin: boolean;
}

export interface CellRange {
  sheet: string;
  /** 1-based first row, 0-based first column. */
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export interface ReadOptions {
  /** Rows per request (default 10,000; the adapter keeps every request under its size limit). */
  blockRows?: number;
  /** Called after each block with rows read so far and the sheet's row count. */
  onProgress?: (rowsRead: number, rowCount: number) => void;
}

/** What to mark on one of the clerk's sheets. Painting replaces that sheet's earlier marks. */
export interface SheetMarksInput {
  /** Worksheet name. */
  sheet: string;
  marks: SheetMarks;
}

export type ColumnFormat = 'general' | 'text' | 'integer' | 'number' | 'percent' | 'date';

export interface ResultColumn {
  header: string;
  /** Width in characters (approximate). */
  width?: number;
  format?: ColumnFormat;
}

/** A link from a result cell to a cell of the clerk's roster. */
export interface CellLink {
  /** 0-based data row of the result sheet (0 = first row under the header). */
  row: number;
  column: number;
  target: { sheet: string; row: number; column: number };
}

export interface ChartSpec {
  kind: 'column' | 'bar' | 'line';
  title: string;
  /** 0-based column holding the categories (e.g. the township). */
  categoryColumn: number;
  /** 0-based columns plotted as series (their headers name the series). */
  seriesColumns: number[];
  /** Data rows plotted (default: every data row). */
  rowCount?: number;
}

/** A sheet the add-in owns and rewrites whole (校验结果, 评分结果, reports). */
export interface ResultSheetSpec {
  name: string;
  /** Optional lines above the header (a title, the criteria version the figures come from). */
  titleRows?: string[];
  columns: ResultColumn[];
  rows: HostCell[][];
  links?: CellLink[];
  charts?: ChartSpec[];
  /** Activate the sheet after writing it. */
  activate?: boolean;
}

export interface TemplateSheetSpec {
  name: string;
  headers: string[];
  /** 0-based columns formatted as text before any value is written (IDs, 户编号). */
  textColumns: number[];
  /** Width in characters per column (same length as headers, or omitted). */
  widths?: number[];
  /** Drop-down lists: allowed values per 0-based column, kept on a hidden list sheet. */
  lists?: { column: number; values: string[] }[];
}

export interface EditEvent {
  /** The changed range (the adapter reports each changed area). */
  range: CellRange;
}

export interface SelectionEvent {
  sheet: string;
  row: number;
  column: number;
}

export type Unsubscribe = () => Promise<void>;

export interface HostCapabilities {
  /** Excel requirement sets or the host's equivalent, checked at run time. */
  notes: boolean;
  comments: boolean;
  undoGrouping: boolean;
  changeSource: boolean;
}

export interface HostAdapter {
  /** e.g. "excel"; the pane may show it, never branch on it for logic. */
  readonly name: string;
  readonly capabilities: HostCapabilities;
  /** The host's display language, e.g. "zh-CN" or "en-US". */
  displayLanguage(): string;
  listSheets(): Promise<SheetInfo[]>;
  /** A whole sheet (its used range from A1) as a 2-D array, read in row blocks. */
  readSheet(sheet: string, options?: ReadOptions): Promise<HostCell[][]>;
  /** One range, e.g. the cells an edit touched. */
  readRange(range: CellRange): Promise<HostCell[][]>;
  /** Paint marks on the clerk's sheets, replacing earlier ones; never a value or the clerk's formats. */
  paintMarks(sheets: SheetMarksInput[]): Promise<void>;
  /** Remove every mark, result sheet, hidden sheet and name the add-in added — and nothing else. */
  clearAll(): Promise<void>;
  /** Remove the add-in's marks only (result sheets stay). */
  clearMarks(): Promise<void>;
  writeResultSheet(spec: ResultSheetSpec): Promise<void>;
  deleteResultSheet(name: string): Promise<void>;
  writeTemplate(sheets: TemplateSheetSpec[]): Promise<void>;
  selectCell(target: { sheet: string; row: number; column: number }): Promise<void>;
  onEdit(handler: (event: EditEvent) => void): Promise<Unsubscribe>;
  onSelection(handler: (event: SelectionEvent) => void): Promise<Unsubscribe>;
}

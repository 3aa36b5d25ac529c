/**
 * The fake workbook's state: plain data the Office.js-like proxies (./proxies.ts) act on at
 * sync time and the tests inspect through the handle (./index.ts). No Office, Node or DOM.
 */
import { contains, intersects, MAX_COLUMNS, MAX_ROWS, type Rect } from './a1';

export type CellValue = string | number | boolean;
export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

/** One formatting call as Excel keeps it: the last layer covering a cell wins, property by property. */
export interface FormatLayer {
  rect: Rect;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
}

export interface ConditionalFormatState {
  id: string;
  type: 'Custom';
  ranges: Rect[];
  formula: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  stopIfTrue: boolean;
}

export interface ValidationState {
  rect: Rect;
  /** List source, e.g. "=名单!$A$1:$A$3" or "男,女". */
  listSource: string;
  inCellDropDown: boolean;
}

export interface HyperlinkState {
  address?: string;
  documentReference?: string;
  textToDisplay?: string;
  screenTip?: string;
}

export interface ChartState {
  id: string;
  name: string;
  type: string;
  title: string;
  /** Source address of the chart data ("'评分结果'!A1:C13"). */
  source: string;
  seriesBy: string;
}

export interface SheetState {
  id: string;
  name: string;
  visibility: Visibility;
  /** Dense rows of values; a missing cell or "" is empty. */
  cells: CellValue[][];
  formats: FormatLayer[];
  conditionalFormats: ConditionalFormatState[];
  validations: ValidationState[];
  hyperlinks: Map<string, HyperlinkState>;
  columnWidths: Map<number, number>;
  frozen: { rows: number; columns: number };
  charts: ChartState[];
}

export interface NameState {
  name: string;
  formula: string;
  visible: boolean;
  comment: string;
}

export interface WorkbookState {
  sheets: SheetState[];
  names: Map<string, NameState>;
  settings: Map<string, unknown>;
  activeSheetId: string | null;
  selection: { sheetId: string; rect: Rect } | null;
  nextId: number;
}

export function newWorkbook(): WorkbookState {
  return { sheets: [], names: new Map(), settings: new Map(), activeSheetId: null, selection: null, nextId: 1 };
}

export function newSheet(state: WorkbookState, name: string): SheetState {
  const id = `{FAKE-SHEET-${state.nextId++}}`;
  return {
    id,
    name,
    visibility: 'Visible',
    cells: [],
    formats: [],
    conditionalFormats: [],
    validations: [],
    hyperlinks: new Map(),
    columnWidths: new Map(),
    frozen: { rows: 0, columns: 0 },
    charts: [],
  };
}

export function cellKey(row: number, column: number): string {
  return `${row},${column}`;
}

export function getValue(sheet: SheetState, row: number, column: number): CellValue {
  const v = sheet.cells[row]?.[column];
  return v === undefined ? '' : v;
}

export function setValue(sheet: SheetState, row: number, column: number, value: CellValue): void {
  let line = sheet.cells[row];
  if (!line) {
    if (value === '') return;
    line = sheet.cells[row] = [];
  }
  line[column] = value;
}

/** The effective value of one format property at a cell (undefined = Excel's default). */
export function formatAt<K extends keyof Omit<FormatLayer, 'rect'>>(
  sheet: SheetState,
  row: number,
  column: number,
  key: K,
): FormatLayer[K] {
  for (let i = sheet.formats.length - 1; i >= 0; i--) {
    const layer = sheet.formats[i];
    if (layer[key] !== undefined && contains(layer.rect, row, column)) return layer[key];
  }
  return undefined;
}

export function numberFormatAt(sheet: SheetState, row: number, column: number): string {
  return formatAt(sheet, row, column, 'numberFormat') ?? 'General';
}

/**
 * What Excel stores when a value is typed into a cell: under any format but Text, a string
 * that reads as a number becomes that number — keeping only 15 significant digits, which is
 * why ID columns need "@" before their values are written.
 */
export function storedValue(value: CellValue, numberFormat: string): CellValue {
  if (typeof value !== 'string' || numberFormat === '@') return value;
  const t = value.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return value;
  return Number(Number(t).toPrecision(15));
}

/** Extent of a sheet: values only, or also formatted cells (Excel's getUsedRange(false)). */
export function usedRect(sheet: SheetState, valuesOnly: boolean): Rect | null {
  let r0 = Infinity;
  let c0 = Infinity;
  let r1 = -1;
  let c1 = -1;
  sheet.cells.forEach((line, r) => {
    if (!line) return;
    line.forEach((v, c) => {
      if (v === '' || v === undefined) return;
      r0 = Math.min(r0, r);
      r1 = Math.max(r1, r);
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    });
  });
  if (!valuesOnly) {
    for (const { rect } of sheet.formats) {
      // Whole-column or whole-row formats do not stretch the used range to the grid's end.
      if (rect.r1 === MAX_ROWS - 1 || rect.c1 === MAX_COLUMNS - 1) continue;
      r0 = Math.min(r0, rect.r0);
      r1 = Math.max(r1, rect.r1);
      c0 = Math.min(c0, rect.c0);
      c1 = Math.max(c1, rect.c1);
    }
  }
  return r1 < 0 ? null : { r0, c0, r1, c1 };
}

export function conditionalFormatsIn(sheet: SheetState, rects: Rect[]): ConditionalFormatState[] {
  return sheet.conditionalFormats.filter((cf) => cf.ranges.some((a) => rects.some((b) => intersects(a, b))));
}

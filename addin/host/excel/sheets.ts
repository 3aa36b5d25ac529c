/// <reference types="office-js" />
/**
 * Sheets the add-in owns: the result sheets it rewrites whole (values in byte-budgeted blocks,
 * number formats set before the values so IDs keep every digit, links to the roster's cells,
 * a frozen header, widths, charts) and the clerk's template (户表/人表 with text ID columns,
 * drop-downs from a hidden list sheet).
 */
import type { ChartSpec, ColumnFormat, HostCell, ResultSheetSpec, TemplateSheetSpec } from '../types';
import { HostError } from '../errors';
import { ACTION_BYTES, Batch } from './batch';
import { areaAddress, cellJsonBytes, jsonBytes, sheetRef } from './geometry';
import type { Registry } from './registry';

/**
 * Rows of a template that get the text format and the drop-downs (a township's largest roster is
 * far below). Bounded on purpose: Excel refuses cell-level properties on unbounded ranges.
 */
export const TEMPLATE_ROWS = 200_000;
export const LIST_SHEET = '花名册校验_下拉';

const NUMBER_FORMATS: Record<ColumnFormat, string> = {
  general: 'General',
  text: '@',
  integer: '0',
  number: '0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
};

const CHART_TYPES: Record<ChartSpec['kind'], 'ColumnClustered' | 'BarClustered' | 'Line'> = {
  column: 'ColumnClustered',
  bar: 'BarClustered',
  line: 'Line',
};

/** Column width in points from a width in characters (Excel's default 8.43 characters is 48 pt). */
export const widthPoints = (chars: number) => Math.round(chars * 6 + 4);

/**
 * Office.js's documented "single input copy": one value for every cell of a range. The typings
 * only know 2-D arrays, hence the cast.
 */
const everyCell = (value: string) => value as unknown as string[][];

export function nameTaken(name: string): HostError {
  return new HostError('sheet_name_taken', {
    zh: `工作簿里已有名为“${name}”的工作表，不是本加载项建的；请改名后再试。`,
    en: `The workbook already has a sheet named "${name}" that the add-in did not create; rename it and try again.`,
  });
}

const cellText = (v: HostCell) => (v === null ? '' : String(v));

/** Queue the writes of a result sheet on a fresh worksheet. */
export async function fillResultSheet(sheet: Excel.Worksheet, batch: Batch, spec: ResultSheetSpec): Promise<Excel.Worksheet> {
  const titles = spec.titleRows ?? [];
  const header = titles.length;
  const cols = spec.columns.length;
  await batch.room(jsonBytes(titles) + jsonBytes(spec.columns), titles.length + 4);
  titles.forEach((t, i) => (sheet.getRangeByIndexes(i, 0, 1, 1).values = [[t]]));
  const head = sheet.getRangeByIndexes(header, 0, 1, cols);
  head.values = [spec.columns.map((c) => c.header)];
  head.format.font.bold = true;
  head.format.fill.color = '#F2F2F2';
  if (spec.rows.length) {
    for (const [c, column] of spec.columns.entries()) {
      if (!column.format || column.format === 'general') continue;
      await batch.room(16);
      sheet.getRangeByIndexes(header + 1, c, spec.rows.length, 1).numberFormat = everyCell(NUMBER_FORMATS[column.format]);
    }
  }
  await writeRows(sheet, batch, header + 1, spec.rows, cols);
  for (const link of spec.links ?? []) {
    const target = sheetRef(link.target.sheet, {
      r0: link.target.row - 1,
      c0: link.target.column,
      r1: link.target.row - 1,
      c1: link.target.column,
    });
    // A cell with a value keeps it (a number stays a number); an empty one shows the target.
    const text = cellText(spec.rows[link.row]?.[link.column] ?? null);
    const hyperlink: Excel.RangeHyperlink = text ? { documentReference: target } : { documentReference: target, textToDisplay: target };
    await batch.room(jsonBytes(hyperlink) + 16);
    sheet.getRangeByIndexes(header + 1 + link.row, link.column, 1, 1).hyperlink = hyperlink;
  }
  for (const [c, column] of spec.columns.entries()) {
    if (!column.width) continue;
    await batch.room(16);
    sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = widthPoints(column.width);
  }
  sheet.freezePanes.freezeRows(header + 1);
  for (const [i, chart] of (spec.charts ?? []).entries())
    await addChart(sheet, batch, { chart, header, rows: spec.rows.length, cols, index: i });
  if (spec.activate) sheet.activate();
  return sheet;
}

/** One row as Excel takes it (exactly `cols` cells, "" for none) and its JSON bytes. */
function excelRow(row: HostCell[], cols: number): { cells: (string | number | boolean)[]; bytes: number } {
  const cells = new Array<string | number | boolean>(cols);
  // "[" + "]" + the commas between cells, and the comma before the next row.
  let bytes = 2 + cols;
  for (let c = 0; c < cols; c++) {
    const v = row[c];
    cells[c] = v === null || v === undefined ? '' : v;
    bytes += cellJsonBytes(cells[c]);
  }
  return { cells, bytes };
}

/** Values in blocks of whole rows, each block filling what is left of the current request. */
async function writeRows(sheet: Excel.Worksheet, batch: Batch, firstRow: number, rows: HostCell[][], cols: number): Promise<void> {
  let start = 0;
  let pending = rows.length ? excelRow(rows[0], cols) : null;
  while (pending) {
    // A block too small to be worth its own action waits for the next request.
    if (batch.remaining() < 64_000) await batch.flush();
    const room = batch.remaining() - ACTION_BYTES;
    const block: (string | number | boolean)[][] = [];
    let bytes = 0;
    while (pending && (block.length === 0 || bytes + pending.bytes <= room)) {
      block.push(pending.cells);
      bytes += pending.bytes;
      const next = start + block.length;
      pending = next < rows.length ? excelRow(rows[next], cols) : null;
    }
    await batch.room(bytes);
    sheet.getRangeByIndexes(firstRow + start, 0, block.length, cols).values = block;
    start += block.length;
  }
}

async function addChart(
  sheet: Excel.Worksheet,
  batch: Batch,
  at: { chart: ChartSpec; header: number; rows: number; cols: number; index: number },
): Promise<void> {
  const { chart, header } = at;
  const columns = [chart.categoryColumn, ...chart.seriesColumns];
  const c0 = Math.min(...columns);
  const c1 = Math.max(...columns);
  if (c1 - c0 + 1 !== columns.length || new Set(columns).size !== columns.length) {
    throw new HostError('host_failure', { zh: '图表的列必须相邻。', en: 'A chart needs adjacent columns (categories, then series).' });
  }
  const rows = Math.min(chart.rowCount ?? at.rows, at.rows);
  await batch.room(jsonBytes(chart.title) + 64, 4);
  const made = sheet.charts.add(CHART_TYPES[chart.kind], sheet.getRangeByIndexes(header, c0, rows + 1, c1 - c0 + 1), 'Columns');
  made.title.text = chart.title;
  const left = at.cols + 1 + at.index * 9;
  made.setPosition(
    areaAddress({ r0: header, c0: left, r1: header, c1: left }),
    areaAddress({ r0: header + 18, c0: left + 7, r1: header + 18, c1: left + 7 }),
  );
}

/** Queue the template's sheets; returns the registry with its list columns and validations added. */
export async function fillTemplate(
  context: Excel.RequestContext,
  batch: Batch,
  specs: TemplateSheetSpec[],
  registry: Registry,
  listExists: boolean,
): Promise<Registry> {
  const next: Registry = { ...registry, validations: [...registry.validations], sheets: [...registry.sheets] };
  const needsList = specs.some((s) => s.lists?.length);
  const list = needsList
    ? listExists
      ? context.workbook.worksheets.getItem(LIST_SHEET)
      : context.workbook.worksheets.add(LIST_SHEET)
    : null;
  if (list && !next.sheets.includes(LIST_SHEET)) next.sheets.push(LIST_SHEET);
  for (const spec of specs) {
    const sheet = context.workbook.worksheets.add(spec.name);
    await batch.room(jsonBytes(spec.headers) + 64, spec.textColumns.length + 6);
    // Text first: a value written into a General cell keeps only 15 digits.
    for (const c of spec.textColumns) sheet.getRangeByIndexes(0, c, TEMPLATE_ROWS + 1, 1).numberFormat = everyCell('@');
    const head = sheet.getRangeByIndexes(0, 0, 1, spec.headers.length);
    head.values = [spec.headers];
    head.format.font.bold = true;
    sheet.freezePanes.freezeRows(1);
    for (const [c, w] of (spec.widths ?? []).entries()) sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = widthPoints(w);
    for (const { column, values } of spec.lists ?? []) {
      const k = next.listColumns++;
      await batch.room(jsonBytes(values) + 128, 4);
      const source = list!.getRangeByIndexes(0, k, values.length, 1);
      source.numberFormat = everyCell('@');
      source.values = values.map((v) => [v]);
      const address = `${sheetRef(LIST_SHEET, { r0: 0, c0: k, r1: values.length - 1, c1: k }, true)}`;
      const target = sheet.getRangeByIndexes(1, column, TEMPLATE_ROWS, 1);
      target.dataValidation.rule = { list: { inCellDropDown: true, source: `=${address}` } };
      next.validations.push({ sheet: spec.name, address: areaAddress({ r0: 1, c0: column, r1: TEMPLATE_ROWS, c1: column }) });
    }
  }
  if (list) list.visibility = 'Hidden';
  return next;
}

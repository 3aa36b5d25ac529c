/// <reference types="office-js" />
/**
 * Reading the clerk's sheets: the used range from A1 in row blocks of at most 10,000 data rows
 * (the first block also carries the header row), each request under the byte budget, one sync
 * per block — the first block travels with the used-range lookup.
 */
import type { CellRange, HostCell, ReadOptions, SheetInfo } from '../types';
import { REQUEST_BUDGET } from './batch';
import { utf8Bytes } from './geometry';
import { type Registry, loadRegistry, registryOf } from './registry';

export const BLOCK_ROWS = 10_000;
/** Cells per block, far below Excel's 5,000,000-cell read limit. */
const BLOCK_CELLS = 1_000_000;

/** Bytes per row of a block, estimated from a sample of its rows (stringifying megabytes costs time). */
export function bytesPerRow(values: HostCell[][]): number {
  if (!values.length) return 0;
  const step = Math.max(1, Math.floor(values.length / 200));
  let bytes = 0;
  let sampled = 0;
  for (let i = 0; i < values.length; i += step) {
    bytes += utf8Bytes(JSON.stringify(values[i])) + 1;
    sampled++;
  }
  return bytes / sampled;
}

/** Rows the next block may carry: ≤ `limit`, ≤ BLOCK_CELLS, and its answer within the budget. */
function nextBlockRows(limit: number, columns: number, rowBytes: number): number {
  const byCells = Math.floor(BLOCK_CELLS / Math.max(1, columns));
  // The estimate comes from a sample of rows: 5 % of room for rows longer than the sample's.
  const byBytes = rowBytes > 0 ? Math.floor((REQUEST_BUDGET * 0.95) / rowBytes) : limit;
  return Math.max(1, Math.min(limit, byCells, byBytes));
}

/** Excel on the web refuses a request or an answer over 5 MB; a block that big is read smaller. */
function tooLarge(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}

export async function readSheetValues(context: Excel.RequestContext, sheetName: string, options: ReadOptions = {}): Promise<HostCell[][]> {
  const limit = Math.max(1, Math.min(options.blockRows ?? BLOCK_ROWS, BLOCK_ROWS));
  const sheet = context.workbook.worksheets.getItem(sheetName);
  let firstRows = limit + 1;
  let used: Excel.Range;
  let first: Excel.Range;
  for (;;) {
    used = sheet.getUsedRange(true).load('rowIndex,rowCount,columnIndex,columnCount');
    // Header + the first block, from A1 across every used column, in the same round trip.
    first = used.getBoundingRect('A1').getIntersectionOrNullObject(`1:${firstRows}`).load('values');
    try {
      await context.sync();
      break;
    } catch (err) {
      if (!tooLarge(err) || firstRows === 1) throw err;
      firstRows = Math.ceil(firstRows / 4);
    }
  }
  const rowCount = used.rowIndex + used.rowCount;
  const columns = used.columnIndex + used.columnCount;
  const rows: HostCell[][] = first.isNullObject ? [] : (first.values as HostCell[][]);
  if (rowCount === 1 && columns === 1 && rows[0]?.[0] === '') return [];
  options.onProgress?.(rows.length, rowCount);
  let rowBytes = bytesPerRow(rows);
  while (rows.length < rowCount) {
    let n = Math.min(rowCount - rows.length, nextBlockRows(limit, columns, rowBytes));
    let values: HostCell[][];
    for (;;) {
      const block = sheet.getRangeByIndexes(rows.length, 0, n, columns).load('values');
      try {
        await context.sync();
        values = block.values as HostCell[][];
        break;
      } catch (err) {
        if (!tooLarge(err) || n === 1) throw err;
        n = Math.ceil(n / 4);
      }
    }
    for (const line of values) rows.push(line);
    rowBytes = Math.max(rowBytes, bytesPerRow(values));
    options.onProgress?.(rows.length, rowCount);
  }
  return rows;
}

export async function readRangeValues(context: Excel.RequestContext, range: CellRange): Promise<HostCell[][]> {
  const r = context.workbook.worksheets
    .getItem(range.sheet)
    .getRangeByIndexes(range.row - 1, range.column, range.rowCount, range.columnCount)
    .load('values');
  await context.sync();
  return r.values as HostCell[][];
}

/** Every sheet with its extent from A1; two round trips whatever the number of sheets. */
export async function listSheetInfo(context: Excel.RequestContext): Promise<{ sheets: SheetInfo[]; registry: Registry }> {
  const collection = context.workbook.worksheets.load('items/name,items/visibility');
  const setting = loadRegistry(context);
  await context.sync();
  const registry = registryOf(setting);
  const used = collection.items.map((s) => s.getUsedRangeOrNullObject(true).load('rowIndex,rowCount,columnIndex,columnCount'));
  await context.sync();
  const sheets = collection.items.map((s, i): SheetInfo => {
    const u = used[i];
    return {
      name: s.name,
      rowCount: u.isNullObject ? 0 : u.rowIndex + u.rowCount,
      columnCount: u.isNullObject ? 0 : u.columnIndex + u.columnCount,
      visible: s.visibility === 'Visible',
      ownedByAddin: registry.sheets.includes(s.name),
    };
  });
  return { sheets, registry };
}

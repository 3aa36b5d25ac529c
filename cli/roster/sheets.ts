import { EngineSession } from '../../addin/pane/engine/session';
import type { CompiledCriteria } from '../../core/index';
import { XlsxError } from '../xlsx/errors';
import type { Workbook, WorkbookSheet } from '../xlsx/read';

/**
 * Which worksheets hold the roster, decided exactly as the add-in decides it (the pane engine's
 * detection by header rows: household sheet = most household fields, member sheet = another
 * naming more person fields). Sheets the add-in and this tool write (results, reports) are
 * never candidates; hidden sheets only when no visible one qualifies.
 */

/** Names of sheets written by the add-in and this tool, never a roster. */
const RESULT_SHEETS = new Set(['校验结果', '评分结果', '汇总']);

export interface SheetChoice {
  households: WorkbookSheet;
  members: WorkbookSheet | null;
}

/** Picks the household and member sheets; throws XlsxError when the workbook has none. */
export async function chooseSheets(c: CompiledCriteria, book: Workbook): Promise<SheetChoice> {
  const session = new EngineSession();
  session.setCriteria(c.document);
  const heads = [];
  let anyCells = false;
  for (const sheet of book.sheets) {
    if (RESULT_SHEETS.has(sheet.name.trim())) continue;
    const head = await book.readSheet(sheet, { maxRows: c.document.sheets.headerScanRows });
    if (head.some((r) => r.length > 0)) anyCells = true;
    heads.push({ sheet, head });
  }
  for (const visible of [true, false]) {
    const pool = heads.filter((h) => h.sheet.hidden !== visible);
    const found = session.detect(pool.map((h) => ({ name: h.sheet.name, head: h.head })));
    if (!found.households) continue;
    const byName = (name: string | null) => pool.find((h) => h.sheet.name === name)?.sheet ?? null;
    return { households: byName(found.households)!, members: byName(found.members) };
  }
  throw new XlsxError(anyCells ? 'no_household_sheet' : 'empty_workbook');
}

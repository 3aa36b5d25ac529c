import type { CompiledCriteria } from '../../core/index';
import { findHeader } from '../../core/sheet/header';
import type { Table } from '../../core/types';
import { XlsxError } from '../xlsx/errors';
import type { Workbook, WorkbookSheet } from '../xlsx/read';

/**
 * Which worksheets hold the roster. Core decides the layout by columns once it has the tables;
 * this picks the tables, also by columns (never by sheet name): the household sheet is the one
 * naming the most household fields in its header row, the member sheet another one naming more
 * person fields than household fields. Sheets the add-in writes (results, reports) are skipped.
 */

/** Names of sheets written by the add-in and this tool, never a roster. */
const RESULT_SHEETS = new Set(['校验结果', '评分结果', '汇总']);

export interface SheetChoice {
  households: WorkbookSheet;
  members: WorkbookSheet | null;
}

interface Candidate {
  sheet: WorkbookSheet;
  household: number;
  person: number;
}

/** Counts the fields a sheet's header row names, per level. */
function countFields(c: CompiledCriteria, head: Table, sheet: WorkbookSheet): Candidate | null {
  const combined = new Map(c.headers.household);
  for (const [h, f] of c.headers.person) combined.set(h, f);
  const found = findHeader(head, combined, c.document.sheets.headerScanRows, c.document.sheets.headerMinMatches);
  if (!found) return null;
  let household = 0;
  let person = 0;
  for (const field of found.columns.keys()) {
    if (field === c.roles.householdId) continue;
    if (c.fields[field].person) person++;
    else household++;
  }
  return { sheet, household, person };
}

/** Picks the household and member sheets; throws XlsxError when the workbook has none. */
export async function chooseSheets(c: CompiledCriteria, book: Workbook): Promise<SheetChoice> {
  const candidates: Candidate[] = [];
  let anyCells = false;
  const ordered = [...book.sheets.filter((s) => !s.hidden), ...book.sheets.filter((s) => s.hidden)];
  for (const sheet of ordered) {
    if (RESULT_SHEETS.has(sheet.name.trim())) continue;
    const head = await book.readSheet(sheet, { maxRows: c.document.sheets.headerScanRows });
    if (head.some((r) => r.length > 0)) anyCells = true;
    const cand = countFields(c, head, sheet);
    if (cand) candidates.push(cand);
  }
  if (!candidates.length) throw new XlsxError(anyCells || hasCellsElsewhere(book) ? 'no_household_sheet' : 'empty_workbook');
  // Hidden sheets only when no visible one qualifies (they come last; the first best wins).
  let households = candidates[0];
  for (const k of candidates) if (k.household > households.household) households = k;
  let members: Candidate | null = null;
  for (const k of candidates) {
    if (k === households || k.person <= k.household) continue;
    if (!members || k.person > members.person) members = k;
  }
  return { households: households.sheet, members: members ? members.sheet : null };
}

function hasCellsElsewhere(book: Workbook): boolean {
  // Result sheets alone (a workbook holding only 校验结果) are no roster either.
  return book.sheets.some((s) => RESULT_SHEETS.has(s.name.trim()));
}

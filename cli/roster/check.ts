import { evaluateRoster, type CompiledCriteria } from '../../core/index';
import { findHeader, normalizeHeader } from '../../core/sheet/header';
import type { RosterResult, Table } from '../../core/types';
import { openWorkbook, type OpenOptions, type Workbook, type WorkbookSheet } from '../xlsx/read';
import { chooseSheets } from './sheets';

/**
 * One roster workbook checked end to end: bytes → workbook → the household (and member) table
 * → core. The same function runs in the command line and in the offline page's Web Worker.
 *
 * @example
 * const checked = await checkWorkbook(bytes, { criteria, period: '2020' });
 * summaryLine(checked.result); // { households, persons, errors, … }
 */

export interface CheckOptions extends OpenOptions {
  criteria: CompiledCriteria;
  period?: string;
  referenceDate?: string;
  /** Progress of reading, 0–1 per phase. */
  onProgress?: (phase: 'households' | 'members' | 'check', fraction: number) => void;
}

export interface RosterSheets {
  households: { sheet: WorkbookSheet; table: Table };
  members: { sheet: WorkbookSheet; table: Table } | null;
}

/**
 * A checked file. It holds no bytes or tables: they are let go before core runs, so a 100,000
 * household file is in memory once (writeAnnotated opens the file again).
 */
export interface CheckedWorkbook {
  sheets: { households: WorkbookSheet; members: WorkbookSheet | null };
  /** Header row text per sheet (0-based column → header), for the report's column names. */
  headers: { households: string[]; members: string[] };
  /** 行政村 of each household row (worksheet row → text), for 评分结果. */
  villages: Map<number, string>;
  result: RosterResult;
}

/** Reads the roster's sheets of an opened workbook. */
export async function readRosterSheets(book: Workbook, options: CheckOptions): Promise<RosterSheets> {
  const choice = await chooseSheets(options.criteria, book);
  const progress = options.onProgress;
  const households = await book.readSheet(choice.households, {
    onProgress: progress && ((d, t) => progress('households', d / t)),
  });
  const members = choice.members
    ? await book.readSheet(choice.members, { onProgress: progress && ((d, t) => progress('members', d / t)) })
    : null;
  book.releaseStrings();
  return {
    households: { sheet: choice.households, table: households },
    members: choice.members && members ? { sheet: choice.members, table: members } : null,
  };
}

export async function checkWorkbook(bytes: Uint8Array, options: CheckOptions): Promise<CheckedWorkbook> {
  const sheets = await readRosterSheets(await openWorkbook(bytes, options), options);
  options.onProgress?.('check', 0);
  const headers = {
    households: headerTexts(options.criteria, sheets.households.table),
    members: sheets.members ? headerTexts(options.criteria, sheets.members.table) : [],
  };
  const result = evaluateRoster(options.criteria, {
    households: sheets.households.table,
    members: sheets.members?.table ?? null,
    period: options.period,
    referenceDate: options.referenceDate,
  });
  options.onProgress?.('check', 1);
  return {
    sheets: { households: sheets.households.sheet, members: sheets.members?.sheet ?? null },
    headers,
    villages: villagesOf(options.criteria, sheets.households.table, headers.households, result),
    result,
  };
}

/** The header row's texts (0-based column → text), found as core finds it. */
function headerTexts(c: CompiledCriteria, table: Table): string[] {
  const combined = new Map(c.headers.household);
  for (const [h, f] of c.headers.person) combined.set(h, f);
  const found = findHeader(table, combined, c.document.sheets.headerScanRows, c.document.sheets.headerMinMatches);
  if (!found) return [];
  return (table[found.headerRow] ?? []).map((v) => (v === null || v === undefined ? '' : String(v).trim()));
}

/** The village text of each household's row, read from the column headed as the village field. */
function villagesOf(c: CompiledCriteria, table: Table, header: string[], result: RosterResult): Map<number, string> {
  const out = new Map<number, string>();
  const field = c.fieldIndex.get('village');
  if (field === undefined) return out;
  const col = header.findIndex((h) => c.headers.household.get(normalizeHeader(h)) === field);
  if (col < 0) return out;
  for (const h of result.households) {
    const v = table[h.row - 1]?.[col];
    if (v !== null && v !== undefined && String(v).trim()) out.set(h.row, String(v).trim());
  }
  return out;
}

/** The figures of a file's summary line. */
export interface SummaryLine {
  households: number;
  persons: number;
  errors: number;
  warnings: number;
  /** Exit eligible (default profile) or risk eliminable (monitoring). */
  eligible: number;
  risk: { 1: number; 2: number; 3: number };
  unreadable: boolean;
}

export function summaryLine(result: RosterResult): SummaryLine {
  let errors = 0;
  let warnings = 0;
  const count = (issues: readonly { severity: string }[]) => {
    for (const i of issues) i.severity === 'error' ? errors++ : warnings++;
  };
  count(result.sheetIssues);
  let eligible = 0;
  let persons = 0;
  const risk = { 1: 0, 2: 0, 3: 0 };
  for (const h of result.households) {
    count(h.issues);
    if (h.exitEligible || h.riskEliminable) eligible++;
    risk[h.riskLevel]++;
    persons += h.persons ?? 0;
  }
  for (const m of result.members) count(m.issues);
  if (result.members.length) persons = result.members.length;
  return { households: result.households.length, persons, errors, warnings, eligible, risk, unreadable: result.unreadable };
}

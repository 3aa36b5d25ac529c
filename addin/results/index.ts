/**
 * The two result sheets the add-in writes after a validation, as plain host specs: 校验结果 (one
 * line per issue, each with a link to its cell) and 评分结果 (one line per household). Built from
 * core's results and marks only — no rule is re-derived here — so every client that writes them
 * (the pane, a report workbook) shows the same lines.
 *
 * @example
 * const check = checkSheet({ result, marks, sheets: { households: '户表', members: '人表' }, headerOf, lang: 'zh', titles });
 * await host.writeResultSheet(check);
 */
import type { RosterMarks, RosterSheet, MarkReason } from '../../core/marks/types';
import { columnLetter } from '../../core/sheet/header';
import type { HouseholdResult, RosterResult, Severity } from '../../core/types';
import type { CellLink, HostCell, ResultSheetSpec } from '../host/types';

export type ResultLang = 'zh' | 'en';

const words = {
  zh: {
    sheet: '工作表',
    row: '行',
    household: '户编号',
    column: '列',
    rule: '规则',
    severity: '严重程度',
    message: '说明',
    link: '定位',
    goTo: (cell: string) => `转到 ${cell}`,
    error: '错误',
    warning: '警告',
    wholeRow: '（整行）',
    wholeSheet: '（整表）',
    township: '乡镇',
    village: '行政村',
    scoreCol: '得分',
    exit: '达标',
    eliminable: '可消除风险',
    risk: '风险等级',
    yes: '是',
    no: '否',
  },
  en: {
    sheet: 'Sheet',
    row: 'Row',
    household: 'Household ID',
    column: 'Column',
    rule: 'Rule',
    severity: 'Severity',
    message: 'Message',
    link: 'Go to',
    goTo: (cell: string) => `Go to ${cell}`,
    error: 'error',
    warning: 'warning',
    wholeRow: '(whole row)',
    wholeSheet: '(whole sheet)',
    township: 'Township',
    village: 'Village',
    scoreCol: 'Score',
    exit: 'Exit eligible',
    eliminable: 'Risk can be eliminated',
    risk: 'Risk level',
    yes: 'yes',
    no: 'no',
  },
} as const;

/** The sheet names the add-in owns for its results (the same in both languages). */
export const CHECK_SHEET = '校验结果';
export const SCORE_SHEET = '评分结果';

export interface CheckSheetInput {
  result: RosterResult;
  marks: RosterMarks;
  /** Worksheet names the roster was read from (members null for one sheet). */
  sheets: { households: string; members: string | null };
  /** The header text of a 0-based column of a roster sheet ("" when none). */
  headerOf: (sheet: RosterSheet, column: number) => string;
  lang: ResultLang;
  /** Optional title line (criteria version and period the lines come from). */
  title?: string;
}

/** 户编号 by worksheet row, for each roster sheet (person-per-row: every person row). */
function householdIdsByRow(result: RosterResult): Record<RosterSheet, Map<number, string | null>> {
  const households = new Map<number, string | null>();
  const members = new Map<number, string | null>();
  for (const h of result.households) households.set(h.row, h.householdId);
  const personSheet = result.layout === 'person-per-row' ? households : members;
  for (const m of result.members) if (!personSheet.has(m.row)) personSheet.set(m.row, m.householdId);
  return { households, members };
}

interface Line {
  sheet: RosterSheet;
  row: number;
  column: number | null;
  reason: MarkReason;
}

/** Marks as lines: per sheet, by row, row-level reasons first, then cells by column. */
function linesOf(marks: RosterMarks): Line[] {
  const lines: Line[] = [];
  for (const sheet of ['households', 'members'] as const) {
    const { cells, rows } = marks[sheet];
    let r = 0;
    for (let c = 0; c <= cells.length; c++) {
      const cell = cells[c];
      while (r < rows.length && (!cell || rows[r].row <= cell.row)) {
        for (const reason of rows[r].reasons) lines.push({ sheet, row: rows[r].row, column: null, reason });
        r++;
      }
      if (cell) for (const reason of cell.reasons) lines.push({ sheet, row: cell.row, column: cell.column, reason });
    }
  }
  return lines;
}

/**
 * 校验结果: sheet problems first (no row), then one line per issue of every marked cell and row:
 * sheet, row, 户编号, column header, rule, severity, message, and a link to the cell.
 */
export function checkSheet(input: CheckSheetInput): ResultSheetSpec {
  const w = words[input.lang];
  const { result, sheets } = input;
  const ids = householdIdsByRow(result);
  const severity = (s: Severity) => (s === 'error' ? w.error : w.warning);
  const rows: HostCell[][] = [];
  const links: CellLink[] = [];
  for (const issue of result.sheetIssues) {
    const name = issue.sheet === 'members' ? (sheets.members ?? sheets.households) : sheets.households;
    rows.push([name, null, null, issue.columns.join(', ') || w.wholeSheet, issue.rule, severity(issue.severity), issue.message[input.lang], null]);
  }
  for (const line of linesOf(input.marks)) {
    const name = line.sheet === 'members' ? (sheets.members ?? sheets.households) : sheets.households;
    const column = line.column ?? 0;
    const letter = columnLetter(column);
    const header = line.column === null ? w.wholeRow : `${input.headerOf(line.sheet, column) || letter} (${letter})`;
    links.push({ row: rows.length, column: 7, target: { sheet: name, row: line.row, column } });
    rows.push([
      name,
      line.row,
      ids[line.sheet].get(line.row) ?? null,
      header,
      line.reason.rule,
      severity(line.reason.severity),
      line.reason.message[input.lang],
      w.goTo(`${letter}${line.row}`),
    ]);
  }
  return {
    name: CHECK_SHEET,
    titleRows: input.title ? [input.title] : undefined,
    columns: [
      { header: w.sheet, width: 10 },
      { header: w.row, width: 7, format: 'integer' },
      { header: w.household, width: 20, format: 'text' },
      { header: w.column, width: 22 },
      { header: w.rule, width: 22 },
      { header: w.severity, width: 9 },
      { header: w.message, width: 60 },
      { header: w.link, width: 12 },
    ],
    rows,
    links,
  };
}

export interface ScoreSheetInput {
  result: RosterResult;
  /** Indicators in criteria order: key and label. */
  indicators: { key: string; label: { zh: string; en: string } }[];
  /** Which outcome the profile has: exit eligibility (default) or 可消除风险 (monitoring). */
  outcome: 'exitEligible' | 'riskEliminable';
  /** The village of a household (read from its row), or null. */
  villageOf: (household: HouseholdResult) => string | null;
  lang: ResultLang;
  title?: string;
}

const mark = (v: boolean | null | undefined) => (v === true ? '✓' : v === false ? '✗' : '?');

/** 评分结果: one line per household — 户编号, township, village, each indicator, score, outcome, risk level. */
export function scoreSheet(input: ScoreSheetInput): ResultSheetSpec {
  const w = words[input.lang];
  const n = input.indicators.length;
  const rows: HostCell[][] = new Array(input.result.households.length);
  const exit = input.outcome === 'exitEligible';
  input.result.households.forEach((h, i) => {
    const row: HostCell[] = new Array(n + 6);
    row[0] = h.householdId;
    row[1] = h.township;
    row[2] = input.villageOf(h);
    for (let j = 0; j < n; j++) row[3 + j] = mark(h.indicators[input.indicators[j].key]);
    row[3 + n] = h.score;
    row[4 + n] = (exit ? h.exitEligible : h.riskEliminable) ? w.yes : w.no;
    row[5 + n] = h.riskLevel;
    rows[i] = row;
  });
  return {
    name: SCORE_SHEET,
    titleRows: input.title ? [input.title] : undefined,
    columns: [
      { header: w.household, width: 20, format: 'text' },
      { header: w.township, width: 10 },
      { header: w.village, width: 12 },
      ...input.indicators.map((d) => ({ header: d.label[input.lang], width: Math.max(6, d.label[input.lang].length + 2) })),
      { header: w.scoreCol, width: 7, format: 'number' as const },
      { header: exit ? w.exit : w.eliminable, width: 10 },
      { header: w.risk, width: 9, format: 'integer' as const },
    ],
    rows,
  };
}

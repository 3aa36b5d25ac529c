/**
 * The rows of the result sheets every client writes — 校验结果 (one line per issue), 评分结果
 * (one line per household) and 汇总 (the summary) — built once from core's result, so the
 * add-in's sheets, the command line's report workbook and the offline page's download agree.
 * Plain data only: no Office, Node or DOM imports.
 *
 * @example
 * const issues = issueRows({ criteria, result, sheets: { households: '户表', members: '人表' }, headers });
 * writeSheet(issues.columns, issues.rows);
 */
import type { CompiledCriteria } from '../../core/criteria/compile';
import type { Cell, Issue, RosterResult, Severity, SheetIssue } from '../../core/types';

export type Lang = 'zh' | 'en';

export interface ResultColumn {
  header: string;
  width?: number;
  /** Text format (IDs, 户编号). */
  text?: boolean;
}

export interface ResultRows {
  name: string;
  columns: ResultColumn[];
  rows: Cell[][];
  /** Lines above the header. */
  titleRows?: string[];
}

export interface ResultContext {
  criteria: CompiledCriteria;
  result: RosterResult;
  /** Worksheet names of the roster's sheets. */
  sheets: { households: string; members: string | null };
  /** Header text per 0-based column of each sheet (for the 列名 column). */
  headers?: { households: string[]; members: string[] };
  lang?: Lang;
}

const T = {
  issuesSheet: { zh: '校验结果', en: 'Check results' },
  scoresSheet: { zh: '评分结果', en: 'Scores' },
  summarySheet: { zh: '汇总', en: 'Summary' },
  sheet: { zh: '工作表', en: 'Sheet' },
  row: { zh: '行号', en: 'Row' },
  column: { zh: '列', en: 'Column' },
  householdId: { zh: '户编号', en: 'Household ID' },
  township: { zh: '乡镇', en: 'Township' },
  header: { zh: '列名', en: 'Column header' },
  rule: { zh: '规则', en: 'Rule' },
  severity: { zh: '严重程度', en: 'Severity' },
  message: { zh: '说明', en: 'Message' },
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  headId: { zh: '户主证件号码', en: 'Head ID' },
  persons: { zh: '人数', en: 'Persons' },
  status: { zh: '状态', en: 'Status' },
  score: { zh: '得分', en: 'Score' },
  risk: { zh: '风险等级', en: 'Risk level' },
  errors: { zh: '错误数', en: 'Errors' },
  warnings: { zh: '警告数', en: 'Warnings' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  item: { zh: '项目', en: 'Item' },
  total: { zh: '合计', en: 'Total' },
} as const;

const t = (key: keyof typeof T, lang: Lang) => T[key][lang];

/** 0-based column index of Excel letters ("A" → 0, "AA" → 26). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

const severityText = (s: Severity, lang: Lang) => t(s, lang);

/** 校验结果: sheet issues first, then every household's and member's issues in row order. */
export function issueRows(ctx: ResultContext): ResultRows {
  const lang = ctx.lang ?? 'zh';
  const { result, sheets } = ctx;
  const rows: Cell[][] = [];
  const sheetName = (s: 'households' | 'members') => (s === 'members' ? (sheets.members ?? '') : sheets.households);
  // Person-per-row rosters read everything from the household (person) sheet.
  const memberSheet: 'households' | 'members' = result.layout === 'person-per-row' ? 'households' : 'members';
  const header = (s: 'households' | 'members', letter: string | null) =>
    letter ? (ctx.headers?.[s][columnIndex(letter)] ?? '') : '';
  for (const si of result.sheetIssues as SheetIssue[]) {
    rows.push([sheetName(si.sheet), null, si.columns.join(','), null, si.columns.map((l) => header(si.sheet, l)).join(','), si.rule, severityText(si.severity, lang), si.message[lang]]);
  }
  const push = (s: 'households' | 'members', row: number, householdId: string | null, issues: readonly Issue[]) => {
    for (const i of issues) {
      rows.push([sheetName(s), row, i.column ?? '', householdId, header(s, i.column), i.rule, severityText(i.severity, lang), i.message[lang]]);
    }
  };
  for (const h of result.households) push('households', h.row, h.householdId, h.issues);
  for (const m of result.members) push(memberSheet, m.row, m.householdId, m.issues);
  return {
    name: t('issuesSheet', lang),
    columns: [
      { header: t('sheet', lang), width: 10 },
      { header: t('row', lang), width: 8 },
      { header: t('column', lang), width: 6 },
      { header: t('householdId', lang), width: 20, text: true },
      { header: t('header', lang), width: 16 },
      { header: t('rule', lang), width: 22 },
      { header: t('severity', lang), width: 8 },
      { header: t('message', lang), width: 60 },
    ],
    rows,
  };
}

/** 评分结果: one line per household, in sheet order. */
export function scoreRows(ctx: ResultContext): ResultRows {
  const lang = ctx.lang ?? 'zh';
  const { criteria: c, result } = ctx;
  const memberCounts = new Map<string, { errors: number; warnings: number }>();
  for (const m of result.members) {
    if (!m.householdId || !m.issues.length) continue;
    const k = memberCounts.get(m.householdId) ?? { errors: 0, warnings: 0 };
    for (const i of m.issues) i.severity === 'error' ? k.errors++ : k.warnings++;
    memberCounts.set(m.householdId, k);
  }
  const yn = (v: boolean | null) => (v === null ? null : v ? t('yes', lang) : t('no', lang));
  const rows: Cell[][] = result.households.map((h) => {
    let errors = 0;
    let warnings = 0;
    for (const i of h.issues) i.severity === 'error' ? errors++ : warnings++;
    const mc = h.householdId ? memberCounts.get(h.householdId) : undefined;
    // Person-per-row: members are the household's own rows, already one sheet; counted the same way.
    if (mc) {
      errors += mc.errors;
      warnings += mc.warnings;
    }
    const eligible = c.eligibility.key === 'exitEligible' ? h.exitEligible : (h.riskEliminable ?? false);
    return [
      h.row,
      h.householdId,
      h.township,
      h.headId,
      h.persons,
      h.status,
      ...c.indicators.map((ind) => yn(h.indicators[ind.key] ?? null)),
      h.score,
      yn(eligible),
      h.riskLevel,
      errors,
      warnings,
    ];
  });
  return {
    name: t('scoresSheet', lang),
    columns: [
      { header: t('row', lang), width: 8 },
      { header: t('householdId', lang), width: 20, text: true },
      { header: t('township', lang), width: 10 },
      { header: t('headId', lang), width: 20, text: true },
      { header: t('persons', lang), width: 6 },
      { header: t('status', lang), width: 10 },
      ...c.indicators.map((ind) => ({ header: ind.label[lang], width: 10 })),
      { header: t('score', lang), width: 6 },
      { header: c.document.eligibility.label[lang], width: 10 },
      { header: t('risk', lang), width: 8 },
      { header: t('errors', lang), width: 8 },
      { header: t('warnings', lang), width: 8 },
    ],
    rows,
  };
}

/**
 * 汇总: the summary's counters and rates, one line each, with the roster total and every
 * township as columns; `lines` (file, criteria, figures) go above as title rows.
 */
export function summaryRows(ctx: ResultContext, lines: string[] = []): ResultRows {
  const lang = ctx.lang ?? 'zh';
  const { summary } = ctx.result;
  const towns = Object.keys(summary.townships);
  const rates = (ctx.criteria.document.aggregates?.rates ?? []) as { key: string; label?: { zh: string; en: string } }[];
  const label = new Map(rates.map((r) => [r.key, r.label?.[lang] ?? r.key]));
  const rows: Cell[][] = [];
  for (const key of Object.keys(summary.total.counters)) {
    rows.push([key, summary.total.counters[key], ...towns.map((tw) => summary.townships[tw].counters[key] ?? 0)]);
  }
  for (const key of Object.keys(summary.total.rates)) {
    rows.push([label.get(key) ?? key, summary.total.rates[key], ...towns.map((tw) => summary.townships[tw].rates[key] ?? null)]);
  }
  return {
    name: t('summarySheet', lang),
    titleRows: lines,
    columns: [{ header: t('item', lang), width: 36 }, { header: t('total', lang), width: 12 }, ...towns.map((tw) => ({ header: tw, width: 12 }))],
    rows,
  };
}

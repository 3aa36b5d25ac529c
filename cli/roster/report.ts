import { checkSheet, scoreSheet } from '../../addin/results/index';
import type { CompiledCriteria } from '../../core/index';
import type { RosterMarks, RosterSheet } from '../../core/marks/types';
import type { Cell } from '../../core/types';
import { writeWorkbook, type SheetSpec, type Sink } from '../xlsx/write';
import type { Deflater } from '../xlsx/zip-write';
import type { CheckedWorkbook } from './check';
import { summaryLine } from './check';

/**
 * The report workbook of one checked file: 校验结果 and 评分结果 exactly as the add-in writes
 * them (the shared builders in addin/results), and 汇总 (the summary), streamed to `sink`.
 */

export type Lang = 'zh' | 'en';

export interface ReportOptions {
  criteria: CompiledCriteria;
  checked: CheckedWorkbook;
  marks: RosterMarks;
  /** File name and the criteria line shown above the summary. */
  fileName: string;
  criteriaLabel: string;
  period?: string;
  lang?: Lang;
  deflate?: Deflater;
}

const W = {
  zh: { summary: '汇总', item: '项目', total: '合计', none: '（未指定）' },
  en: { summary: 'Summary', item: 'Item', total: 'Total', none: '(none)' },
};

function summaryTitle(o: ReportOptions, lang: Lang): string[] {
  const s = summaryLine(o.checked.result);
  const label = o.criteria.document.eligibility.label[lang];
  const period = o.period ?? W[lang].none;
  return lang === 'zh'
    ? [
        `文件：${o.fileName}`,
        o.criteriaLabel,
        `期间：${period}；基准日期：${o.checked.result.referenceDate}`,
        `${s.households} 户，${s.persons} 人，错误 ${s.errors}，警告 ${s.warnings}，${label} ${s.eligible} 户，风险等级 一级 ${s.risk[1]} / 二级 ${s.risk[2]} / 三级 ${s.risk[3]}`,
      ]
    : [
        `File: ${o.fileName}`,
        o.criteriaLabel,
        `Period: ${period}; reference date: ${o.checked.result.referenceDate}`,
        `${s.households} households, ${s.persons} persons, ${s.errors} errors, ${s.warnings} warnings, ${label} ${s.eligible}, risk levels 1/2/3: ${s.risk[1]}/${s.risk[2]}/${s.risk[3]}`,
      ];
}

/** 汇总: each counter and rate one line; the roster total and every township as columns. */
export function summarySheet(o: ReportOptions, lang: Lang): SheetSpec {
  const { summary } = o.checked.result;
  const towns = Object.keys(summary.townships);
  const rates = new Map((o.criteria.document.aggregates?.rates ?? []).map((r) => [r.key, r.label?.[lang] ?? r.key]));
  const rows: Cell[][] = [];
  for (const key of Object.keys(summary.total.counters)) {
    rows.push([key, summary.total.counters[key], ...towns.map((t) => summary.townships[t].counters[key] ?? 0)]);
  }
  for (const key of Object.keys(summary.total.rates)) {
    rows.push([rates.get(key) ?? key, summary.total.rates[key], ...towns.map((t) => summary.townships[t].rates[key] ?? null)]);
  }
  return {
    name: W[lang].summary,
    titleRows: summaryTitle(o, lang),
    columns: [{ header: W[lang].item, width: 36 }, { header: W[lang].total, width: 12 }, ...towns.map((t) => ({ header: t, width: 12 }))],
    rows,
  };
}

export function reportSheets(o: ReportOptions): SheetSpec[] {
  const lang = o.lang ?? 'zh';
  const { checked, criteria: c } = o;
  const headerOf = (sheet: RosterSheet, column: number) => {
    const row = checked.result.layout === 'person-per-row' ? checked.headers.households : checked.headers[sheet];
    return row[column] ?? '';
  };
  const sheets = { households: checked.sheets.households.name, members: checked.sheets.members?.name ?? null };
  const check = checkSheet({ result: checked.result, marks: o.marks, sheets, headerOf, lang });
  const score = scoreSheet({
    result: checked.result,
    indicators: c.indicators.map((i) => ({ key: i.key, label: i.label })),
    outcome: c.eligibility.key,
    villageOf: (h) => checked.villages.get(h.row) ?? null,
    lang,
  });
  const toSpec = (s: typeof check): SheetSpec => ({
    name: s.name,
    titleRows: s.titleRows,
    columns: s.columns.map((col) => ({ header: col.header, width: col.width, text: col.format === 'text' })),
    rows: s.rows,
  });
  return [toSpec(check), toSpec(score), summarySheet(o, lang)];
}

export function writeReport(o: ReportOptions, sink: Sink): Promise<void> {
  return writeWorkbook(reportSheets(o), sink, { deflate: o.deflate });
}

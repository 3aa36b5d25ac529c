import { issueRows, scoreRows, summaryRows, type Lang } from '../../addin/results/rows';
import type { CompiledCriteria } from '../../core/index';
import { writeWorkbook, type SheetSpec, type Sink } from '../xlsx/write';
import type { CheckedWorkbook } from './check';
import { summaryLine } from './check';

/**
 * The report workbook of one checked file: 校验结果, 评分结果 and 汇总, from the shared row
 * builders (addin/results/rows.ts), streamed to `sink`.
 */

export interface ReportOptions {
  criteria: CompiledCriteria;
  checked: CheckedWorkbook;
  /** File name and the criteria line shown above the summary. */
  fileName: string;
  criteriaLabel: string;
  period?: string;
  lang?: Lang;
}

const LINES = {
  zh: (o: ReportOptions, s: ReturnType<typeof summaryLine>) => [
    `文件：${o.fileName}`,
    o.criteriaLabel,
    `期间：${o.period ?? '（未指定）'}；基准日期：${o.checked.result.referenceDate}`,
    `${s.households} 户，${s.persons} 人，错误 ${s.errors}，警告 ${s.warnings}，${o.criteria.document.eligibility.label.zh} ${s.eligible} 户，风险等级 一级 ${s.risk[1]} / 二级 ${s.risk[2]} / 三级 ${s.risk[3]}`,
  ],
  en: (o: ReportOptions, s: ReturnType<typeof summaryLine>) => [
    `File: ${o.fileName}`,
    o.criteriaLabel,
    `Period: ${o.period ?? '(none)'}; reference date: ${o.checked.result.referenceDate}`,
    `${s.households} households, ${s.persons} persons, ${s.errors} errors, ${s.warnings} warnings, ${o.criteria.document.eligibility.label.en} ${s.eligible}, risk levels 1/2/3: ${s.risk[1]}/${s.risk[2]}/${s.risk[3]}`,
  ],
};

export function reportSheets(o: ReportOptions): SheetSpec[] {
  const lang = o.lang ?? 'zh';
  const ctx = {
    criteria: o.criteria,
    result: o.checked.result,
    sheets: { households: o.checked.sheets.households.name, members: o.checked.sheets.members?.name ?? null },
    headers: o.checked.headers,
    lang,
  };
  return [issueRows(ctx), scoreRows(ctx), summaryRows(ctx, LINES[lang](o, summaryLine(o.checked.result)))];
}

export function writeReport(o: ReportOptions, sink: Sink): void {
  writeWorkbook(reportSheets(o), sink);
}

/**
 * County reports as sheets the add-in owns (汇总, 整改清单, 重复人员, 动态管理, 趋势): plain
 * ResultSheetSpecs the host writes in one go (Excel, or an .xlsx download outside Excel). Figures
 * are the Worker's (core's summaries); this module only lays them out: Chinese headers, rates as
 * percentages, townships that have not submitted marked, charts.
 *
 * @example
 * await host.writeResultSheet(summarySheet({ report, rateLabels, t }));
 */
import type { HostCell, ResultColumn, ResultSheetSpec } from '../host/types';
import type { Translate } from '../pane/i18n';
import { countyMessages, type CountyMessageKey } from './i18n';
import type { DuplicatesReport, DynamicsReport, RectificationReport, SummaryReport, TrendReport } from './types';

/** Bilingual labels of the criteria's rates, by key (from the document's aggregates.rates). */
export type RateLabels = Record<string, { zh: string; en: string } | undefined>;

export interface SheetContext {
  t: Translate;
  lang: 'zh' | 'en';
  /** The current criteria document's rate labels. */
  rateLabels: RateLabels;
}

function rateHeader(key: string, context: SheetContext): string {
  const label = context.rateLabels[key];
  return label ? (context.lang === 'en' ? label.en : label.zh) : key;
}

function counterHeader(key: string, t: Translate): string {
  const message = `counter_${key}`;
  return message in countyMessages ? t(message as CountyMessageKey) : key;
}

const ratio = (num: number | undefined, den: number | undefined): number | null => (den ? (num ?? 0) / den : null);

/** Report sheet names (the pane owns them: pulling again replaces, Clear removes). */
export function reportSheetNames(t: Translate): string[] {
  return [t('sheet_summary'), t('sheet_issues'), t('sheet_duplicates'), t('sheet_dynamics'), t('sheet_trend')];
}

/**
 * 汇总: one row per township plus the county total; the version the figures were scored under,
 * what is outdated or missing, and what the poverty incidence covers, in the title rows. Charts:
 * exit-eligible (or eliminable) rate by township; households per risk level by township.
 */
export function summarySheet(report: SummaryReport, context: SheetContext): ResultSheetSpec {
  const { t } = context;
  const monitoring = report.profile === 'monitoring';
  const outcomeKey = monitoring ? 'households.risk_eliminable' : 'households.exit_eligible';
  const levels = [1, 2, 3].filter((n) => `households.risk.${n}` in report.total.counters);
  const rateKeys = Object.keys(report.total.rates);
  const riskColumns = levels.map((n): ResultColumn => ({ header: t('rcol_risk_n', { n }), width: 10, format: 'integer' }));
  const columns: ResultColumn[] = [
    { header: t('rcol_township'), width: 12 },
    { header: t(monitoring ? 'rcol_eliminable_rate' : 'rcol_exit_rate'), width: 10, format: 'percent' },
    { header: t('rcol_submitted'), width: 10 },
    { header: t('rcol_version'), width: 8, format: 'general' },
    { header: t('rcol_households'), width: 9, format: 'integer' },
    { header: t('rcol_persons'), width: 9, format: 'integer' },
    { header: t(monitoring ? 'rcol_eliminable' : 'rcol_exit_households'), width: 10, format: 'integer' },
    ...riskColumns,
    { header: t('rcol_errors'), width: 10, format: 'integer' },
    ...rateKeys.map((key): ResultColumn => ({ header: rateHeader(key, context), width: 12, format: key === 'mean_score' ? 'number' : 'percent' })),
    // The risk chart's data beside the table (a chart takes adjacent columns: township, then levels).
    { header: '', width: 2 },
    { header: t('rcol_chart_township'), width: 12 },
    ...riskColumns,
  ];
  const chartBlock = columns.length - levels.length - 1;
  const row = (name: string, status: string, version: HostCell, counters: Record<string, number>, rates: Record<string, number | null>): HostCell[] => {
    const risks = levels.map((n) => counters[`households.risk.${n}`] ?? 0);
    return [
      name,
      ratio(counters[outcomeKey], counters.households),
      status,
      version,
      counters.households ?? 0,
      counters.persons ?? 0,
      counters[outcomeKey] ?? 0,
      ...risks,
      counters.rows_with_errors ?? counters.households_with_errors ?? 0,
      ...rateKeys.map((key) => rates[key] ?? null),
      null,
      name,
      ...risks,
    ];
  };
  const rows = report.townships.map((township) =>
    row(
      township.township,
      !township.submitted ? t('rep_not_submitted') : township.counted ? t('rep_submitted') : t('rep_other_profile'),
      township.criteriaVersion,
      township.counters,
      township.rates,
    ),
  );
  rows.push(row(t('rep_total'), '', report.scoringVersions.join('、'), report.total.counters, report.total.rates));
  const coverage = report.populationCoverage;
  const titleRows = [
    t('rep_summary_title', { period: report.period }),
    t('rep_versions', { scoring: report.scoringVersions.join('、') || '—', merged: report.criteriaVersion }),
  ];
  if (report.outdated.length > 0) titleRows.push(t('rep_outdated', { current: report.currentCriteriaVersion, list: report.outdated.join('、') }));
  if (report.missing.length > 0) titleRows.push(t('rep_missing', { list: report.missing.join('、') }));
  if ('poverty_incidence' in report.total.rates) {
    titleRows.push(
      coverage.townships.length === 0
        ? t('rep_coverage_none')
        : t('rep_coverage', { n: coverage.townships.length, of: coverage.of, list: coverage.townships.join('、') }),
    );
  }
  const townshipRows = report.townships.length;
  return {
    name: t('sheet_summary'),
    titleRows,
    columns,
    rows,
    charts: [
      { kind: 'column', title: t(monitoring ? 'chart_eliminable_rate' : 'chart_exit_rate'), categoryColumn: 0, seriesColumns: [1], rowCount: townshipRows },
      { kind: 'column', title: t('chart_risk'), categoryColumn: chartBlock, seriesColumns: levels.map((_, i) => chartBlock + 1 + i), rowCount: townshipRows },
    ],
    activate: true,
  };
}

/** 整改清单: one row per household to fix, grouped by township (the Worker's order: township, row). */
export function issuesSheet(report: RectificationReport, context: SheetContext): ResultSheetSpec {
  const { t } = context;
  const sorted = [...report.households].sort((a, b) => (a.township === b.township ? a.row - b.row : a.township < b.township ? -1 : 1));
  return {
    name: t('sheet_issues'),
    titleRows: [t('rep_issues_title', { period: report.period, township: report.township ?? t('county_township_all'), n: sorted.length })],
    columns: [
      { header: t('rcol_township'), width: 12 },
      { header: t('rcol_household_id'), width: 16, format: 'text' },
      { header: t('rcol_row'), width: 7, format: 'integer' },
      { header: t('rcol_head_id'), width: 20, format: 'text' },
      { header: t('rcol_status'), width: 9 },
      { header: t('rcol_score'), width: 7, format: 'number' },
      { header: t('rcol_risk'), width: 8, format: 'integer' },
      { header: t('rcol_exit'), width: 6 },
      { header: t('rcol_failing'), width: 20 },
      { header: t('rcol_rules'), width: 36 },
      { header: t('rcol_issue_count'), width: 8, format: 'integer' },
    ],
    rows: sorted.map((h) => [
      h.township,
      h.householdId,
      h.row,
      h.headIdMasked,
      h.status,
      h.score,
      h.riskLevel,
      h.exitEligible ? t('county_yes') : t('county_no'),
      h.failingIndicators.join('、'),
      h.rules.join('、'),
      h.issues.length,
    ]),
    activate: true,
  };
}

/** 重复人员: one row per person found in two or more townships, with where. */
export function duplicatesSheet(report: DuplicatesReport, context: SheetContext): ResultSheetSpec {
  const { t } = context;
  return {
    name: t('sheet_duplicates'),
    titleRows: [t('rep_duplicates_title', { period: report.period, n: report.count })],
    columns: [
      { header: t('rcol_id_masked'), width: 20, format: 'text' },
      { header: t('rcol_township_count'), width: 8, format: 'integer' },
      { header: t('rcol_township'), width: 24 },
      { header: t('rcol_occurrences'), width: 60 },
    ],
    rows: report.persons.map((p) => [
      p.idMasked,
      p.townships.length,
      p.townships.join('、'),
      p.occurrences.map((o) => `${o.township}/${o.householdId ?? '—'}/${o.row}`).join('；'),
    ]),
    activate: true,
  };
}

const MOVEMENTS = ['new', 'removed', 'exited', 'returned', 'moved'] as const;

/** 动态管理: households and persons per movement, per township and in total. */
export function dynamicsSheet(report: DynamicsReport, context: SheetContext): ResultSheetSpec {
  const { t } = context;
  const columns: ResultColumn[] = [{ header: t('rcol_township'), width: 12 }];
  for (const m of MOVEMENTS) {
    const name = t(`mv_${m}`);
    columns.push({ header: t('mv_households', { m: name }), width: 10, format: 'integer' });
    columns.push({ header: t('mv_persons', { m: name }), width: 10, format: 'integer' });
  }
  const cells = (counts: DynamicsReport['total']) => MOVEMENTS.flatMap((m) => [counts[m].households, counts[m].persons]);
  const rows: HostCell[][] = Object.entries(report.townships).map(([name, counts]) => [name, ...cells(counts)]);
  rows.push([t('rep_total'), ...cells(report.total)]);
  return {
    name: t('sheet_dynamics'),
    titleRows: [
      t('rep_dynamics_title', { from: report.from, to: report.to }),
      t('rep_unmatched', { from: report.from, to: report.to, a: report.unmatched.from, b: report.unmatched.to }),
    ],
    columns,
    rows,
    activate: true,
  };
}

/** 趋势: one row per period (main counters, then rates as percentages) and a line chart of the counters. */
export function trendSheet(report: TrendReport, context: SheetContext): ResultSheetSpec {
  const { t } = context;
  const first = report.periods[0]?.period ?? '';
  const last = report.periods.at(-1)?.period ?? '';
  // The line chart's counters come right after the period (a chart takes adjacent columns); persons,
  // on another scale, after them.
  const charted = report.counters.filter((key) => key !== 'persons');
  const others = report.counters.filter((key) => key === 'persons');
  const columns: ResultColumn[] = [
    { header: t('rcol_period'), width: 10, format: 'text' },
    ...[...charted, ...others].map((key): ResultColumn => ({ header: counterHeader(key, t), width: 11, format: 'integer' })),
    { header: t('rcol_version'), width: 8 },
    ...report.rates.map((key): ResultColumn => ({ header: rateHeader(key, context), width: 12, format: key === 'mean_score' ? 'number' : 'percent' })),
  ];
  const rows = report.periods.map((p): HostCell[] => [
    p.period,
    ...[...charted, ...others].map((key) => p.counters[key] ?? null),
    p.scoringVersions.join('、'),
    ...report.rates.map((key) => p.rates[key] ?? null),
  ]);
  return {
    name: t('sheet_trend'),
    titleRows: [t('rep_trend_title', { from: first, to: last, scope: report.township ?? t('county_township_all') })],
    columns,
    rows,
    charts: [
      {
        kind: 'line',
        title: t('chart_trend'),
        categoryColumn: 0,
        seriesColumns: charted.map((_, i) => 1 + i),
      },
    ],
    activate: true,
  };
}

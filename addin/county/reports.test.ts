import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries } from '../../core/index';
import { translator } from '../pane/i18n';
import { townshipRoster } from '../../worker/test/roster';
import { dynamicsSheet, summarySheet, trendSheet, type SheetContext } from './reports';
import type { SummaryReport } from './types';

const compiled = compileCriteria(defaultCriteria);
const context: SheetContext = {
  t: translator('zh'),
  lang: 'zh',
  rateLabels: Object.fromEntries(defaultCriteria.aggregates.rates.map((r) => [r.key, r.label])),
};

/** A summary report as the Worker builds it: core's merge of two townships' rosters. */
function report(): SummaryReport {
  const rosters = { 新哨镇: townshipRoster('新哨镇', 1, 5), 江边乡: townshipRoster('江边乡', 20, 3, (n) => (n === 21 ? { per_capita_income: 2000 } : {})) };
  const parts = Object.values(rosters).map((r) => evaluateRoster(compiled, { ...r, period: '2024' }).summary);
  const merged = mergeSummaries(compiled, parts);
  return {
    period: '2024',
    criteriaVersion: 2,
    scoringVersions: [1],
    outdated: ['新哨镇', '江边乡'],
    currentCriteriaVersion: 2,
    profile: 'default',
    townships: compiled.townships.map((name) => ({
      township: name,
      submitted: name in rosters,
      profile: name in rosters ? 'default' : null,
      counted: name in rosters,
      submissionId: null,
      criteriaVersion: name in rosters ? 1 : null,
      submittedAt: null,
      counters: merged.townships[name].counters,
      rates: merged.townships[name].rates,
    })),
    total: merged.total,
    missing: compiled.townships.filter((name) => !(name in rosters)),
    populationCoverage: { ...merged.populationCoverage!, notCounted: [] },
  };
}

describe('summarySheet', () => {
  it('lays out one row per township and the total, Chinese headers, rates as fractions in % columns, charts', () => {
    const r = report();
    const sheet = summarySheet(r, context);
    expect(sheet.name).toBe('汇总');
    const header = sheet.columns.map((c) => c.header);
    expect(header.slice(0, 7)).toEqual(['乡镇', '达标率', '提交状态', '评分标准版本', '户数', '人数', '达标户数']);
    expect(header).toContain('贫困发生率');
    expect(sheet.rows).toHaveLength(13);
    const row = (name: string) => sheet.rows.find((cells) => cells[0] === name)!;
    const own = r.townships[1].counters;
    expect(row('新哨镇').slice(1, 7)).toEqual([own['households.exit_eligible'] / 5, '已提交', 1, 5, own.persons, own['households.exit_eligible']]);
    expect(row('虹溪镇')[2]).toBe('未提交');
    const total = sheet.rows.at(-1)!;
    expect(total[0]).toBe('全县合计');
    expect(total[4]).toBe(8);
    expect(total[1]).toBeCloseTo(r.total.counters['households.exit_eligible'] / 8, 12);
    expect(sheet.columns[1].format).toBe('percent');
    const incidence = header.indexOf('贫困发生率');
    expect(sheet.columns[incidence].format).toBe('percent');
    expect(total[incidence]).toBe(r.total.rates.poverty_incidence);
    expect(sheet.titleRows).toEqual([
      '2024 期县级汇总',
      '数据按第 1 版标准评分，按第 2 版的乡镇与人口汇总',
      '现行标准为第 2 版：新哨镇、江边乡 的评分仍是旧版本，请重新评分',
      expect.stringMatching(/^未提交：弥阳街道、虹溪镇/),
      '贫困发生率仅覆盖已配置户籍人口的 1/12 个乡镇（江边乡），不是全县数字',
    ]);
    // Each chart's columns are adjacent (category, then series), as Excel's charts.add takes them.
    const block = header.indexOf('乡镇（图表数据）');
    expect(sheet.charts).toEqual([
      { kind: 'column', title: '各乡镇达标率', categoryColumn: 0, seriesColumns: [1], rowCount: 12 },
      { kind: 'column', title: '各乡镇分风险等级户数', categoryColumn: block, seriesColumns: [block + 1, block + 2, block + 3], rowCount: 12 },
    ]);
    expect(header.slice(7, 10)).toEqual(['1级风险户', '2级风险户', '3级风险户']);
    expect(header.slice(block + 1)).toEqual(['1级风险户', '2级风险户', '3级风险户']);
    expect(row('新哨镇').slice(block)).toEqual(['新哨镇', ...row('新哨镇').slice(7, 10)]);
  });
});

describe('dynamicsSheet and trendSheet', () => {
  it('puts households and persons per movement, and a line chart over periods', () => {
    const zero = { households: 0, persons: 0 };
    const counts = { new: { households: 2, persons: 7 }, removed: zero, exited: { households: 1, persons: 3 }, returned: zero, moved: zero };
    const dyn = dynamicsSheet({ from: '2023', to: '2024', townships: { 新哨镇: counts }, total: counts, unmatched: { from: 0, to: 1 } }, context);
    expect(dyn.columns.map((c) => c.header).slice(0, 3)).toEqual(['乡镇', '新识别纳入（户）', '新识别纳入（人）']);
    expect(dyn.rows).toEqual([
      ['新哨镇', 2, 7, 0, 0, 1, 3, 0, 0, 0, 0],
      ['全县合计', 2, 7, 0, 0, 1, 3, 0, 0, 0, 0],
    ]);
    const trend = trendSheet(
      {
        township: null,
        counters: ['households', 'persons', 'households.exit_eligible'],
        rates: ['mean_score', 'poverty_incidence'],
        periods: [
          { period: '2023', profile: 'default', criteriaVersion: 1, scoringVersions: [1], townshipsCounted: 2, counters: { households: 5, persons: 20, 'households.exit_eligible': 3 }, rates: { mean_score: 80, poverty_incidence: 0.01 } },
          { period: '2024', profile: 'default', criteriaVersion: 2, scoringVersions: [2], townshipsCounted: 3, counters: { households: 6, persons: 22, 'households.exit_eligible': 5 }, rates: { mean_score: 85, poverty_incidence: null } },
        ],
      },
      context,
    );
    expect(trend.columns.map((c) => c.header)).toEqual(['期次', '户数', '达标户数', '人数', '评分标准版本', '平均得分', '贫困发生率']);
    expect(trend.rows[1]).toEqual(['2024', 6, 5, 22, '2', 85, null]);
    expect(trend.charts).toEqual([{ kind: 'line', title: '主要指标趋势', categoryColumn: 0, seriesColumns: [1, 2] }]);
  });
});

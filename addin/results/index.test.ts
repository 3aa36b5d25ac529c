import { describe, expect, it } from 'vitest';
import { generateRoster } from '../../bench/roster';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../../core/index';
import { marksOf } from '../../core/marks/index';
import { columnLetter } from '../../core/sheet/header';
import { checkSheet, scoreSheet } from './index';

describe('result sheets', () => {
  const c = compileCriteria(defaultCriteria);
  const r = generateRoster(120, 17);
  // One household with a missing head ID (row 5).
  r.households[4][(r.households[0] as string[]).indexOf('户主证件号码')] = '';
  const result = evaluateRoster(c, { households: r.households, members: r.members, period: '2020' });
  const marks = marksOf(result);
  const headerOf = (sheet: 'households' | 'members', column: number) => String((sheet === 'households' ? r.households : r.members)[0][column] ?? '');

  it('校验结果: one line per issue with sheet, row, 户编号, column header, rule, severity, message and a link to the cell', () => {
    const spec = checkSheet({ result, marks, sheets: { households: '户表', members: '人表' }, headerOf, lang: 'zh', title: '标题' });
    expect(spec.name).toBe('校验结果');
    expect(spec.titleRows).toEqual(['标题']);
    const issues = result.households.reduce((n, h) => n + h.issues.length, 0) + result.members.reduce((n, m) => n + m.issues.length, 0);
    expect(spec.rows.length).toBe(issues + result.sheetIssues.length);
    const line = spec.rows.find((row) => row[0] === '户表' && row[1] === 5 && String(row[3]).startsWith('户主证件号码'))!;
    expect(line).toBeTruthy();
    expect(line[2]).toBe(result.households.find((h) => h.row === 5)!.householdId);
    expect(line[5]).toBe('错误');
    const link = spec.links!.find((l) => spec.rows[l.row] === line)!;
    const column = (r.households[0] as string[]).indexOf('户主证件号码');
    expect(link.target).toEqual({ sheet: '户表', row: 5, column });
    expect(line[7]).toBe(`转到 ${columnLetter(column)}5`);
  });

  it('评分结果: one line per household with ✓/✗/? per indicator, score, 达标 and 风险等级', () => {
    const spec = scoreSheet({ result, indicators: c.indicators.map((i) => ({ key: i.key, label: i.label })), outcome: 'exitEligible', villageOf: () => '某村', lang: 'zh' });
    expect(spec.columns.map((col) => col.header)).toEqual(['户编号', '乡镇', '行政村', ...c.indicators.map((i) => i.label.zh), '得分', '达标', '风险等级']);
    expect(spec.rows.length).toBe(result.households.length);
    result.households.forEach((h, i) => {
      const row = spec.rows[i];
      expect(row.slice(0, 3)).toEqual([h.householdId, h.township, '某村']);
      c.indicators.forEach((ind, j) => expect(row[3 + j]).toBe(h.indicators[ind.key] === true ? '✓' : h.indicators[ind.key] === false ? '✗' : '?'));
      expect(row.slice(-3)).toEqual([h.score, h.exitEligible ? '是' : '否', h.riskLevel]);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { generateExport, EXPORT_PERIOD } from '../../../bench/export';
import { generateRoster } from '../../../bench/roster';
import { compileCriteria, defaultCriteria, evaluateRoster, monitoringCriteria } from '../../../core/index';
import type { Table } from '../../../core/types';
import { EngineSession } from './session';

const head = (t: Table) => t.slice(0, 20);

describe('EngineSession (the pane Web Worker logic)', () => {
  it('finds household and member sheets by their headers, whatever their names and order', () => {
    const s = new EngineSession();
    s.setCriteria(defaultCriteria);
    const r = generateRoster(30, 2);
    const found = s.detect([
      { name: 'Sheet9', head: head(r.members) },
      { name: '说明', head: [['这是说明'], ['第二行']] },
      { name: '2024年底', head: head(r.households) },
    ]);
    expect(found.households).toBe('2024年底');
    expect(found.members).toBe('Sheet9');
  });

  it('finds a one-row-per-person export as the only roster sheet', () => {
    const s = new EngineSession();
    s.setCriteria(monitoringCriteria);
    const e = generateExport(30, 2);
    const found = s.detect([{ name: '导出数据', head: head(e.sheet) }, { name: '空表', head: [] }]);
    expect(found).toMatchObject({ households: '导出数据', members: null });
  });

  it("gives core's own results and marks, and a patch follows an edit (cross-row rules included)", () => {
    const s = new EngineSession();
    s.setCriteria(defaultCriteria);
    const r = generateRoster(300, 5);
    const view = s.evaluate({ households: r.households.map((row) => [...row]), members: r.members.map((row) => [...row]), names: { households: '户表', members: '人表' }, period: '2020' });
    const core = evaluateRoster(compileCriteria(defaultCriteria), { households: r.households, members: r.members, period: '2020' });
    expect(view.households).toBe(core.households.length);
    expect(view.summary).toEqual(core.summary);
    const issues = core.households.reduce((n, h) => n + h.issues.length, 0) + core.members.reduce((n, m) => n + m.issues.length, 0);
    expect(view.counts.errors + view.counts.warnings).toBe(issues);
    const { check, score } = s.resultSheets({ lang: 'zh' });
    expect(check.rows.length).toBe(issues + core.sheetIssues.length);
    expect(score.rows.length).toBe(core.households.length);
    expect(score.columns.map((c) => c.header).slice(0, 3)).toEqual(['户编号', '乡镇', '行政村']);

    // Break the household size of a clean household: its cell gets a mark, then fix it back.
    const h = core.households.findIndex((x) => x.issues.length === 0 && core.members.every((m) => m.householdId !== x.householdId || m.issues.length === 0));
    const row = core.households[h].row;
    const sizeCol = (r.households[0] as string[]).indexOf('家庭人口数');
    const before = r.households[row - 1][sizeCol];
    const broken = s.patch({ sheet: 'households', row, column: sizeCol, values: [['abc']] });
    expect(broken.changed).toContain('households');
    expect(broken.marks.households!.cells.some((c) => c.row === row && c.column === sizeCol)).toBe(true);
    const fixed = s.patch({ sheet: 'households', row, column: sizeCol, values: [[before]] });
    expect(fixed.marks.households!.cells.some((c) => c.row === row && c.column === sizeCol)).toBe(false);
    expect(fixed.summary).toEqual(core.summary);
    // Unchanged marks are not sent again.
    expect(s.patch({ sheet: 'households', row, column: sizeCol, values: [[before]] }).changed).toEqual([]);
  });

  it('evaluates a monitoring export and writes one 评分结果 line per household', () => {
    const s = new EngineSession();
    const facts = s.setCriteria(monitoringCriteria);
    expect(facts.periodKind).toBe('month');
    expect(facts.template.map((t) => t.name)).toEqual(['监测对象']);
    const e = generateExport(100, 4);
    const view = s.evaluate({ households: e.sheet, members: null, names: { households: '导出', members: null }, period: EXPORT_PERIOD });
    expect(view.layout).toBe('person-per-row');
    const { score } = s.resultSheets({ lang: 'en' });
    expect(score.rows.length).toBe(e.households);
    expect(score.columns.at(-2)!.header).toBe('Risk can be eliminated');
  });
});

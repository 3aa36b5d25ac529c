import { describe, expect, it } from 'vitest';
import { defaultCriteria, validateCriteria } from '../../core/index';
import { diffCriteria, rebaseEdits } from './diff';

const base = () => structuredClone(defaultCriteria) as any;

describe('diffCriteria', () => {
  it('names each changed value, and a named element added or removed as one change', () => {
    const after = base();
    after.parameters.income_line = 4500;
    after.rules.find((r: { id: string }) => r.id === 'helper_overload').severity = 'error';
    after.townships.splice(1, 0, { name: '西四镇', population: 9000 });
    after.townships = after.townships.filter((t: { name: string }) => t.name !== '五山乡');
    const status = after.fields.find((f: { key: string }) => f.key === 'status');
    status.aliases = { ...status.aliases, 未脱: '未脱贫' };
    const changes = diffCriteria(defaultCriteria, after);
    const byKey = Object.fromEntries(changes.map((c) => [c.key, c]));
    expect(byKey['parameters.income_line']).toMatchObject({ kind: 'changed', before: 4000, after: 4500 });
    expect(byKey['rules[id=helper_overload].severity']).toMatchObject({ kind: 'changed', before: 'warning', after: 'error' });
    expect(byKey['townships[name=西四镇]']).toMatchObject({ kind: 'added', after: { name: '西四镇', population: 9000 } });
    expect(byKey['townships[name=五山乡]']).toMatchObject({ kind: 'removed', before: { name: '五山乡', population: null } });
    expect(byKey['fields[key=status].aliases.未脱']).toMatchObject({ kind: 'changed', before: undefined, after: '未脱贫' });
    // A township inserted in the middle does not make the later ones "changed".
    expect(changes).toHaveLength(5);
    expect(diffCriteria(defaultCriteria, base())).toEqual([]);
  });
});

describe('rebaseEdits (a lost publish race)', () => {
  it("keeps the other publisher's changes and applies every one of the officer's on top", () => {
    const edited = base();
    edited.parameters.income_line = 4500;
    edited.indicators.find((i: { key: string }) => i.key === 'pension').weight = 5;
    edited.indicators.find((i: { key: string }) => i.key === 'family_doctor').weight = 2;
    edited.townships.find((t: { name: string }) => t.name === '新哨镇').population = 20000;
    const theirs = base();
    theirs.parameters.monitoring_line = 7500;
    theirs.parameters.income_line = 4200;
    theirs.townships.push({ name: '西四镇', population: null });
    const { document, conflicts, theirs: theirChanges } = rebaseEdits({ base: defaultCriteria, edited, theirs });
    const doc = document as any;
    expect(doc.parameters).toMatchObject({ income_line: 4500, monitoring_line: 7500 });
    expect(doc.indicators.find((i: { key: string }) => i.key === 'pension').weight).toBe(5);
    expect(doc.townships.find((t: { name: string }) => t.name === '新哨镇').population).toBe(20000);
    expect(doc.townships.at(-1)).toEqual({ name: '西四镇', population: null });
    expect(theirChanges.map((c) => c.key).sort()).toEqual(['parameters.income_line', 'parameters.monitoring_line', 'townships[name=西四镇]'].sort());
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0].mine).toMatchObject({ key: 'parameters.income_line', after: 4500 });
    expect(conflicts[0].theirs[0]).toMatchObject({ after: 4200 });
    expect(validateCriteria(document).ok).toBe(true);
    // Nothing of the officer's is lost: diffing theirs → rebased gives exactly the officer's edits.
    expect(diffCriteria(theirs, document).map((c) => c.key).sort()).toEqual(
      ['parameters.income_line', 'indicators[key=pension].weight', 'indicators[key=family_doctor].weight', 'townships[name=新哨镇].population'].sort(),
    );
  });

  it('re-applies a removal and an addition of named elements', () => {
    const edited = base();
    edited.townships = edited.townships.filter((t: { name: string }) => t.name !== '江边乡');
    edited.townships.push({ name: '东风乡', population: 100 });
    const theirs = base();
    theirs.rules.find((r: { id: string }) => r.id === 'id_area').severity = 'error';
    const { document, conflicts } = rebaseEdits({ base: defaultCriteria, edited, theirs });
    const names = (document as any).townships.map((t: { name: string }) => t.name);
    expect(names).not.toContain('江边乡');
    expect(names.at(-1)).toBe('东风乡');
    expect((document as any).rules.find((r: { id: string }) => r.id === 'id_area').severity).toBe('error');
    expect(conflicts).toEqual([]);
  });
});

describe('describeChange', () => {
  it('reads as a sentence in Chinese', async () => {
    const { describeChange, labelsOf } = await import('./describe');
    const { translator } = await import('../pane/i18n');
    const t = translator('zh');
    const after = base();
    after.parameters.income_line = 4500;
    after.rules.find((r: { id: string }) => r.id === 'helper_overload').severity = 'error';
    after.townships.push({ name: '西四镇', population: null });
    after.indicators.find((i: { key: string }) => i.key === 'water').weight = 12;
    const labels = labelsOf('zh', defaultCriteria, after);
    const lines = diffCriteria(defaultCriteria, after).map((c) => describeChange(c, t, 'zh', labels));
    expect(lines).toEqual([
      '参数 收入线（人均纯收入）（income_line）：4000 → 4500',
      '规则 helper_overload 严重程度：警告 → 错误',
      expect.stringMatching(/^指标 .+ 权重：10 → 12$/),
      '新增 乡镇 西四镇',
    ]);
  });
});

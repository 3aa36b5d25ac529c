import { describe, expect, it } from 'vitest';
import { compileCriteria, CriteriaError } from './compile';
import { defaultCriteria, monitoringCriteria, profiles } from './profiles/index';
import { RESERVED } from './checks';

/**
 * Documents a county could publish by mistake that pass the schema and parse, but would break
 * every evaluation or silently switch a rule, indicator or count off: each is rejected with the
 * path of the mistake and text in Chinese and English.
 */

type Doc = Record<string, any>;
const edited = (edit: (d: Doc) => void, base: unknown = defaultCriteria): Doc => {
  const d = structuredClone(base) as Doc;
  edit(d);
  return d;
};
const ruleAt = (d: Doc, id: string) => d.rules.findIndex((r: { id: string }) => r.id === id);

function problemsOf(doc: Doc): { path: string; zh: string; en: string }[] {
  try {
    compileCriteria(doc);
  } catch (e) {
    if (!(e instanceof CriteriaError)) throw e;
    for (const p of e.problems) {
      expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.message.en).toMatch(/[a-z]/);
    }
    return e.problems.map((p) => ({ path: p.path, zh: p.message.zh, en: p.message.en }));
  }
  return [];
}
const pathsOf = (doc: Doc) => problemsOf(doc).map((p) => p.path);

describe('criteria document checks beyond the schema', () => {
  it('the shipped profiles pass', () => {
    expect(problemsOf(defaultCriteria as Doc)).toEqual([]);
    expect(problemsOf(monitoringCriteria as Doc)).toEqual([]);
  });

  it('a parameter used as a number must be a number (text "4000" would make the income indicator null for every household)', () => {
    const problems = problemsOf(edited((d) => (d.parameters.income_line = '4000')));
    expect(problems.map((p) => p.path)).toContain('indicators[0].when.>=[1]');
    expect(problems.find((p) => p.path === 'indicators[0].when.>=[1]')?.en).toMatch(/income_line/);
    for (const bad of [null, 'five']) {
      expect(pathsOf(edited((d) => (d.parameters.helper_max = bad)))).toContain(`rules[15].max`);
    }
  });

  it('a reference date that is not a YYYY-MM-DD date is rejected, not thrown at every evaluation', () => {
    expect(pathsOf(edited((d) => (d.parameters.reference_date = '2020/12/31')))).toEqual(['parameters.reference_date']);
    expect(pathsOf(edited((d) => (d.parameters.reference_date = '2020-02-30')))).toEqual(['parameters.reference_date']);
    expect(pathsOf(edited((d) => (d.parameters.reference_date = '2020-12-31')))).toEqual([]);
  });

  it('rules point at fields of the level and type their kind needs', () => {
    expect(pathsOf(edited((d) => (d.rules[ruleAt(d, 'township_known')].field = 'gender')))).toContain(`rules[11].field`);
    expect(pathsOf(edited((d) => (d.rules[ruleAt(d, 'helper_overload')].field = 'name')))).toContain('rules[15].field');
    expect(pathsOf(edited((d) => (d.rules[ruleAt(d, 'gender_mismatch')].idField = 'name')))).toContain('rules[20].idField');
    expect(pathsOf(edited((d) => (d.rules[ruleAt(d, 'gender_mismatch')].male = 'M')))).toContain('rules[20].male');
    const check = ruleAt(defaultCriteria as Doc, 'labor_le_size');
    expect(pathsOf(edited((d) => (d.rules[check].checks[0].field = 'gender')))).toContain(`rules[${check}].checks[0].field`);
  });

  it('a rule id keeps the kind the contract gives it (a `required` check would switch required-field errors off)', () => {
    const swapped = edited((d) => {
      d.rules[0] = { id: 'required', kind: 'check', severity: 'error', level: 'household', checks: [{ field: null, when: false }] };
    });
    expect(pathsOf(swapped)).toContain('rules[0].kind');
    const helper = edited((d) => {
      const h = ruleAt(d, 'helper_overload');
      const loan = ruleAt(d, 'loan_nonproductive');
      [d.rules[h].id, d.rules[loan].id] = [d.rules[loan].id, d.rules[h].id];
    });
    expect(pathsOf(helper)).toEqual(expect.arrayContaining(['rules[15].kind']));
    // A county's own rule id is free.
    const own = edited((d) =>
      d.rules.push({ id: 'village_overload', kind: 'group_count', severity: 'warning', field: 'village', max: 200 }),
    );
    expect(pathsOf(own)).toEqual([]);
  });

  it('an enum compared with a value it does not have, or a number with text, is rejected', () => {
    expect(pathsOf(edited((d) => (d.statusClass.exited = { '==': [{ var: 'status' }, '已托贫'] })))).toEqual(['statusClass.exited.==[1]']);
    const housing = edited((d) => (d.indicators[1].when = { in: [{ var: 'housing_grade' }, ['A', 'BB']] }));
    expect(pathsOf(housing)).toEqual(['indicators[1].when.in[1][1]']);
    expect(pathsOf(edited((d) => (d.indicators[0].when = { '>=': [{ var: 'per_capita_income' }, '4000'] })))).toEqual([
      'indicators[0].when.>=[1]',
    ]);
    expect(pathsOf(edited((d) => (d.indicators[0].when = { '==': [{ var: 'status' }, 3] })))).toEqual(['indicators[0].when.==[1]']);
    // Text compared with text, an enum with null, a number field with a number parameter: fine.
    expect(pathsOf(edited((d) => (d.indicators[0].when = { '<': [{ var: 'village' }, 'M'] })))).toEqual([]);
    expect(pathsOf(edited((d) => (d.indicators[0].when = { '===': [{ var: 'status' }, null] })))).toEqual([]);
  });

  it('what a county legitimately writes passes: a null parameter as a field bound, a person check marking a household column', () => {
    expect(pathsOf(edited((d) => Object.assign(d.parameters, { loan_max: null }) && (d.fields[29].max = 'loan_max')))).toEqual([]);
    const check = ruleAt(monitoringCriteria as Doc, 'labor_age');
    expect(pathsOf(edited((d) => (d.rules[check].checks[0].field = 'household_type'), monitoringCriteria))).toEqual([]);
  });

  it('an empty text, an alias, a YYYYMM number against a month field, a number against text: each says what to write', () => {
    const [empty] = problemsOf(edited((d) => (d.indicators[0].when = { '!=': [{ var: 'microloan_purpose' }, ''] })));
    expect(empty.en).toMatch(/test emptiness with \{"missing": "microloan_purpose"\}/);
    const [alias] = problemsOf(edited((d) => (d.statusClass.poor = { '==': [{ var: 'status' }, '预脱贫'] })));
    expect(alias.en).toMatch(/alias of "计划脱贫"/);
    const check = ruleAt(monitoringCriteria as Doc, 'elimination_too_soon');
    const [month] = problemsOf(
      edited((d) => (d.rules[check].checks[0].when = { '>=': [{ var: 'eliminated_month' }, 202204] }), monitoringCriteria),
    );
    expect(month.en).toMatch(/write \{"month": 202204\}/);
    expect(pathsOf(edited((d) => (d.indicators[0].when = { '==': [{ var: 'group' }, 3] })))).toEqual(['indicators[0].when.==[1]']);
  });

  it('a multi-value field compared with text points to includes', () => {
    const check = ruleAt(monitoringCriteria as Doc, 'labor_age');
    const doc = edited((d) => (d.rules[check].checks[0].when = { '==': [{ var: 'health' }, '健康'] }), monitoringCriteria);
    const [problem] = problemsOf(doc);
    expect(problem.path).toBe(`rules[${check}].checks[0].when.==[1]`);
    expect(problem.en).toMatch(/includes/);
  });

  it('bounds, enum values, township names and aggregate keys make sense', () => {
    expect(pathsOf(edited((d) => Object.assign(d.fields[6], { min: 5, max: 2 })))).toContain('fields[6].max');
    expect(pathsOf(edited((d) => d.fields[18].values.push('A')))).toContain(
      `fields[18].values[${(defaultCriteria as Doc).fields[18].values.length}]`,
    );
    expect(pathsOf(edited((d) => (d.townships[0].name = `${d.townships[0].name} `)))).toContain('townships[0].name');
    expect(pathsOf(edited((d) => d.aggregates.counts.push({ ...d.aggregates.counts[0] })))).toContain(
      `aggregates.counts[${(defaultCriteria as Doc).aggregates.counts.length}].key`,
    );
    expect(pathsOf(edited((d) => d.aggregates.rates.push({ ...d.aggregates.rates[0] })))).toContain(
      `aggregates.rates[${(defaultCriteria as Doc).aggregates.rates.length}].key`,
    );
  });

  it('a field of the other level in a condition is named as such', () => {
    const [problem] = problemsOf(edited((d) => (d.indicators[0].when = { '==': [{ var: 'gender' }, '男'] })));
    expect(problem.path).toBe('indicators[0].when.==[0]');
    expect(problem.en).toMatch(/gender is a person-level field/);
    const check = ruleAt(defaultCriteria as Doc, 'school_age_not_enrolled');
    const [person] = problemsOf(edited((d) => (d.rules[check].checks[0].when = { '==': [{ var: 'status' }, '已脱贫'] })));
    expect(person.en).toMatch(/status is a household-level field; in a person condition write "hh.status"/);
  });

  it('a condition nested thousands of levels deep is rejected, not a stack overflow', () => {
    let when: unknown = { var: 'water_safe' };
    for (let k = 0; k < 5000; k++) when = { '!': when };
    expect(pathsOf(edited((d) => (d.indicators[0].when = when)))).toEqual(['indicators[0].when']);
  });

  it('a condition that is null would never hold', () => {
    expect(pathsOf(edited((d) => (d.risk.levels[0].when = null)))).toEqual(['risk.levels[0].when']);
  });

  it('a condition left out says it is missing', () => {
    const problems = problemsOf(edited((d) => delete d.risk.levels[0].when));
    expect(problems).toEqual(
      [{ path: 'risk.levels[0].when', zh: '格式错误：缺少必填项', en: 'required, but missing' }].map((p) => ({
        ...p,
        zh: expect.stringContaining('缺少必填项'),
      })),
    );
  });
});

describe('reserved rule ids', () => {
  it('are exactly the shipped profiles’ rule ids with their kinds', () => {
    const shipped = new Map<string, string>();
    for (const doc of Object.values(profiles)) for (const r of (doc as Doc).rules) shipped.set(r.id, r.kind);
    expect(new Map([...RESERVED].sort())).toEqual(new Map([...shipped].sort()));
  });
});

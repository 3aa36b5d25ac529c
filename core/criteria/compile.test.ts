/**
 * Criteria-document validation: both shipped documents compile; every semantic error is caught
 * with a useful JSON path; validateCriteria answers {ok:false, problems} instead of throwing.
 */
import { describe, expect, it } from 'vitest';
import { compileCriteria, CriteriaError, validateCriteria } from './compile';
import { defaultCriteria, monitoringCriteria } from './profiles/index';
import type { CriteriaProblem } from '../types';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const clone = (d: unknown): Doc => structuredClone(d) as Doc;
const ruleAt = (d: Doc, id: string) => d.rules.findIndex((r: Doc) => r.id === id);
const fieldAt = (d: Doc, key: string) => d.fields.findIndex((f: Doc) => f.key === key);

function problems(doc: unknown): CriteriaProblem[] {
  const v = validateCriteria(doc);
  if (v.ok) throw new Error('expected the document to be rejected');
  expect(v.problems.length).toBeGreaterThan(0);
  for (const p of v.problems) {
    expect(typeof p.path).toBe('string');
    expect(p.message.zh.length).toBeGreaterThan(0);
    expect(p.message.en.length).toBeGreaterThan(0);
  }
  return v.problems;
}
/** Exactly one problem whose path starts with `prefix` and whose English message matches. */
function expectProblem(doc: unknown, prefix: string, message?: RegExp): CriteriaProblem {
  const ps = problems(doc);
  const hit = ps.filter((p) => p.path.startsWith(prefix));
  expect(hit.length, JSON.stringify(ps)).toBeGreaterThanOrEqual(1);
  if (message)
    expect(
      hit.some((p) => message.test(p.message.en)),
      JSON.stringify(hit),
    ).toBe(true);
  return hit[0];
}

describe('shipped documents', () => {
  it('default compiles', () => {
    const c = compileCriteria(defaultCriteria);
    expect(c.profile).toBe('default');
    expect(c.townships).toHaveLength(12);
    expect(c.indicators.reduce((s, i) => s + i.weight, 0)).toBe(100);
    expect(validateCriteria(defaultCriteria).ok).toBe(true);
  });
  it('monitoring compiles', () => {
    const c = compileCriteria(monitoringCriteria);
    expect(c.profile).toBe('monitoring');
    expect(c.indicators.reduce((s, i) => s + i.weight, 0)).toBe(100);
    expect(validateCriteria(monitoringCriteria).ok).toBe(true);
  });
  it('default encodes the spec’s parameters and rule ids (roster-spec §5, §6)', () => {
    const d = compileCriteria(defaultCriteria).document;
    expect(d.parameters).toMatchObject({
      income_line: 4000,
      monitoring_line: 7000,
      helper_max: 5,
      income_tolerance: 0.1,
      assistance_min: 2,
      transfer_share_max: 0.5,
    });
    const ids = d.rules.map((r) => r.id);
    for (const id of [
      'required',
      'type',
      'enum',
      'range',
      'id_number',
      'id_area',
      'unique',
      'labor_le_size',
      'insured_le_size',
      'pension_le',
      'exit_year_required',
      'township_known',
      'township_mismatch',
      'loan_purpose_required',
      'loan_nonproductive',
      'helper_overload',
      'income_inconsistent',
      'monitoring_misidentified',
      'member_orphan',
      // The one-row-per-person layout's rule (monitoring-profile §1: both layouts for both profiles).
      'household_value_conflict',
      'gender_mismatch',
      'size_mismatch',
      'head_count',
      'head_id_mismatch',
      'dropout_mismatch',
      'insured_mismatch',
      'school_age_not_enrolled',
    ])
      expect(ids).toContain(id);
    expect(d.indicators.map((i) => [i.key, i.weight, i.hard])).toEqual([
      ['income', 30, true],
      ['housing', 20, true],
      ['education', 15, true],
      ['medical', 15, true],
      ['water', 10, true],
      ['pension', 4, false],
      ['assistance', 3, false],
      ['family_doctor', 3, false],
    ]);
    expect(d.townships.find((t) => t.name === '江边乡')?.population).toBe(14384);
  });
  it('monitoring encodes the profile’s rule ids and weights (profile §3, §4)', () => {
    const d = compileCriteria(monitoringCriteria).document;
    const ids = d.rules.map((r) => r.id);
    for (const id of [
      'required',
      'type',
      'enum',
      'range',
      'id_number',
      'id_area',
      'unique',
      'township_known',
      'household_value_conflict',
      // The household + member layout's rule (roster-spec §6; monitoring-profile §1: both layouts).
      'member_orphan',
      'head_count',
      'size_mismatch',
      'gender_mismatch',
      'month',
      'monitored_fields',
      'elimination_order',
      'elimination_too_soon',
      'eliminated_with_problem',
      'eliminated_below_line',
      'eliminated_no_labor',
      'unmonitored_with_problem',
      'monitoring_misidentified',
      'risk_type_members',
      'relation_gender',
      'labor_age',
      'schooling_age',
      'school_age_not_enrolled',
      'medical_double',
      'income_inconsistent',
      'phone_format',
    ])
      expect(ids).toContain(id);
    expect(d.indicators.map((i) => [i.key, i.weight, i.hard])).toEqual([
      ['income', 35, true],
      ['housing', 20, true],
      ['education', 15, true],
      ['medical', 20, true],
      ['water', 10, true],
    ]);
    expect(d.parameters).toMatchObject({ monitoring_line: 7000, min_monitoring_months: 6, income_tolerance: 0.1, transfer_share_max: 0.5 });
  });
  it('compiling does not mutate the input document', () => {
    const d = clone(defaultCriteria);
    const before = JSON.stringify(d);
    compileCriteria(d);
    expect(JSON.stringify(d)).toBe(before);
  });
});

describe('semantic errors, with paths', () => {
  it('unknown field in a rule condition', () => {
    const d = clone(defaultCriteria);
    const i = ruleAt(d, 'labor_le_size');
    d.rules[i].checks[0].when = { '>': [{ var: 'labour_count' }, { var: 'household_size' }] };
    const p = expectProblem(d, `rules[${i}].checks[0].when`);
    expect(p.message.en).toMatch(/labour_count/);
  });
  it('unknown field in an indicator condition', () => {
    const d = clone(defaultCriteria);
    d.indicators[1].when = { in: [{ var: 'housing_grad' }, ['A', 'B']] };
    expectProblem(d, 'indicators[1].when', /housing_grad/);
  });
  it('a person field in a household condition', () => {
    const d = clone(defaultCriteria);
    const i = ruleAt(d, 'labor_le_size');
    d.rules[i].checks[0].when = { '==': [{ var: 'gender' }, '男'] };
    expectProblem(d, `rules[${i}].checks[0].when`, /gender/);
  });
  it('unknown parameter in a condition', () => {
    const d = clone(defaultCriteria);
    d.indicators[0].when = { '>=': [{ var: 'per_capita_income' }, { var: 'param.income_lin' }] };
    expectProblem(d, 'indicators[0].when', /income_lin/);
  });
  it('unknown parameter as a field bound and a group_count max', () => {
    const d = clone(defaultCriteria);
    const f = fieldAt(d, 'exit_year');
    d.fields[f].max = 'reference_yr';
    const g = ruleAt(d, 'helper_overload');
    d.rules[g].max = 'helpers_max';
    const ps = problems(d);
    expect(ps.map((p) => p.path)).toEqual(expect.arrayContaining([`fields[${f}].max`, `rules[${g}].max`]));
  });
  it('unknown field referenced by a rule (unique fields, field of township / group_count)', () => {
    const d = clone(defaultCriteria);
    const u = ruleAt(d, 'unique');
    d.rules[u].fields = ['household_id', 'headid'];
    const t = ruleAt(d, 'township_known');
    d.rules[t].field = 'town';
    const ps = problems(d);
    expect(ps.map((p) => p.path)).toEqual(expect.arrayContaining([`rules[${u}].fields[1]`, `rules[${t}].field`]));
  });
  it('unknown field in a role', () => {
    const d = clone(defaultCriteria);
    d.roles.householdId = 'hh_id';
    expectProblem(d, 'roles.householdId', /hh_id/);
  });
  it('an unknown (misspelled) key anywhere, which would otherwise be ignored silently', () => {
    const d = clone(defaultCriteria);
    (d.indicators[0] as Record<string, unknown>).hrad = true;
    const p = expectProblem(d, 'indicators[0]', /hrad/);
    expect(p.message.zh).toContain('不认识的键 “hrad”');
    const top = clone(defaultCriteria) as Record<string, unknown>;
    top.parametres = {};
    expect(expectProblem(top, '', /parametres/).message.zh).toContain('parametres');
  });
  it('weights not summing to 100', () => {
    const d = clone(defaultCriteria);
    d.indicators[0].weight = 31;
    expectProblem(d, 'indicators', /101/);
  });
  it('duplicate rule ids', () => {
    const d = clone(defaultCriteria);
    const i = ruleAt(d, 'loan_nonproductive');
    d.rules.push({ ...clone(d.rules[i]) });
    expectProblem(d, `rules[${d.rules.length - 1}].id`, /loan_nonproductive/);
  });
  it('duplicate field keys', () => {
    const d = clone(defaultCriteria);
    const i = fieldAt(d, 'helper');
    d.fields.push({ ...clone(d.fields[i]), headers: ['帮扶人'] });
    expectProblem(d, `fields[${d.fields.length - 1}].key`, /helper/);
  });
  it('duplicate indicator keys', () => {
    const d = clone(defaultCriteria);
    d.indicators[7].key = 'assistance';
    expectProblem(d, 'indicators[7].key', /assistance/);
  });
  it('an enum alias colliding with a value', () => {
    const d = clone(defaultCriteria);
    const i = fieldAt(d, 'status');
    d.fields[i].aliases = { ...d.fields[i].aliases, 已脱贫: '未脱贫' };
    expectProblem(d, `fields[${i}].aliases.已脱贫`, /collides/);
  });
  it('an alias pointing at no value', () => {
    const d = clone(defaultCriteria);
    const i = fieldAt(d, 'attribute');
    d.fields[i].aliases = { ...d.fields[i].aliases, 五保户: '五保供养户' };
    expectProblem(d, `fields[${i}].aliases.五保户`, /五保供养户/);
  });
  it('an enum field without values', () => {
    const d = clone(defaultCriteria);
    const i = fieldAt(d, 'housing_grade');
    delete d.fields[i].values;
    expectProblem(d, `fields[${i}].values`);
  });
  it('a default that is not a value', () => {
    const d = clone(defaultCriteria);
    const i = fieldAt(d, 'monitoring_type');
    d.fields[i].default = '没有';
    expectProblem(d, `fields[${i}].default`);
  });
  it('a header claimed by two fields', () => {
    const d = clone(defaultCriteria);
    const i = fieldAt(d, 'helper');
    d.fields[i].headers = ['帮扶责任人', '户编号'];
    expectProblem(d, `fields[${i}].headers[1]`, /户编号/);
  });
  it('a bad field-rule id', () => {
    const d = clone(defaultCriteria);
    d.rules.push({ id: 'format', kind: 'field', severity: 'error' });
    expectProblem(d, `rules[${d.rules.length - 1}].id`, /field rule/);
  });
  it('an unknown operator', () => {
    const d = clone(defaultCriteria);
    const i = ruleAt(d, 'labor_le_size');
    d.rules[i].checks[0].when = { frobnicate: [{ var: 'labor_count' }, 1] };
    expectProblem(d, `rules[${i}].checks[0].when`, /frobnicate/);
  });
  it('an unknown operator deep inside the risk levels', () => {
    const d = clone(defaultCriteria);
    d.risk.levels[1].when.or.push({ xor: [true, false] });
    expectProblem(d, 'risk.levels[1].when', /xor/);
  });
  it('an unknown counter in a rate', () => {
    const d = clone(defaultCriteria);
    d.aggregates.rates[1].numerator = 'transfer_sum';
    d.aggregates.rates[2].denominator = 'loans';
    const ps = problems(d);
    expect(ps.map((p) => p.path)).toEqual(expect.arrayContaining(['aggregates.rates[1].numerator', 'aggregates.rates[2].denominator']));
  });
  it('unknown rule in an `issue` condition', () => {
    const d = clone(defaultCriteria);
    d.aggregates.counts.find((c: Doc) => c.key === 'loan_nonproductive_rows').when = { issue: 'loan_unproductive' };
    expectProblem(d, 'aggregates.counts[', /loan_unproductive/);
  });
  it('duplicate townships', () => {
    const d = clone(defaultCriteria);
    d.townships.push({ name: '江边乡', population: null });
    expectProblem(d, `townships[${d.townships.length - 1}].name`, /江边乡/);
  });
  it('several problems are all reported', () => {
    const d = clone(defaultCriteria);
    d.indicators[0].weight = 0;
    d.rules.push({ id: 'format', kind: 'field', severity: 'error' });
    d.aggregates.rates[0].numerator = 'nope';
    const ps = problems(d);
    expect(ps.length).toBeGreaterThanOrEqual(3);
  });
});

describe('structural (zod) errors, with paths', () => {
  it('a wrong type', () => {
    const d = clone(defaultCriteria);
    d.indicators[2].weight = 'fifteen';
    expectProblem(d, 'indicators[2].weight');
  });
  it('a missing section', () => {
    const d = clone(defaultCriteria);
    delete d.roles;
    expectProblem(d, 'roles');
  });
  it('a key that is not snake_case', () => {
    const d = clone(defaultCriteria);
    d.fields[3].key = 'Group';
    expectProblem(d, 'fields[3].key', /snake_case/);
  });
  it('an unknown rule kind', () => {
    const d = clone(defaultCriteria);
    d.rules[0].kind = 'magic';
    expectProblem(d, 'rules[0]');
  });
  it('a bad severity and a bad field type', () => {
    const d = clone(defaultCriteria);
    d.rules[1].severity = 'fatal';
    d.fields[0].type = 'string';
    const ps = problems(d);
    expect(ps.map((p) => p.path)).toEqual(expect.arrayContaining(['rules[1].severity', 'fields[0].type']));
  });
  it('the schema tag', () => {
    const d = clone(defaultCriteria);
    d.schema = 'roster-check/criteria@2';
    expectProblem(d, 'schema');
  });
  it('not an object at all', () => {
    for (const bad of [null, 42, 'criteria', []]) expect(validateCriteria(bad).ok).toBe(false);
  });
});

describe('API', () => {
  it('validateCriteria returns {ok:false, problems} instead of throwing', () => {
    const d = clone(defaultCriteria);
    d.indicators[0].weight = 0;
    expect(() => validateCriteria(d)).not.toThrow();
    const v = validateCriteria(d);
    expect(v.ok).toBe(false);
  });
  it('validateCriteria returns {ok:true, criteria} with defaults filled', () => {
    const d = clone(defaultCriteria);
    delete d.sheets;
    const v = validateCriteria(d);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.criteria.sheets).toEqual({ headerScanRows: 20, headerMinMatches: 3 });
  });
  it('compileCriteria throws a CriteriaError listing the problems', () => {
    const d = clone(defaultCriteria);
    d.indicators[0].weight = 0;
    let err: unknown;
    try {
      compileCriteria(d);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CriteriaError);
    expect((err as CriteriaError).problems.map((p) => p.path)).toContain('indicators');
    expect((err as CriteriaError).message).toMatch(/indicators/);
  });
});

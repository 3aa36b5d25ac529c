/**
 * Review tests: spec clauses checked against the engine and the shipped criteria documents.
 * Tests under "DEVIATION" fail on purpose (they document a difference from the spec); the
 * others pin tricky points that were verified to be right.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, RosterResult } from './types';
import {
  defaultHousehold,
  defaultMembers,
  householdSheet,
  issuesOf,
  makeId,
  memAt,
  memberSheet,
  monHousehold,
  monPersons,
  monRows,
  personSheet,
  runDefault,
  runMon,
  runMonOne,
  runOne,
  splitSheets,
  type Rec,
} from './engine/testkit';

const rules = (r: { issues: { rule: string }[] }) => r.issues.map((i) => i.rule).sort();
const onlyHousehold = (res: RosterResult) => {
  expect(res.households).toHaveLength(1);
  return res.households[0];
};

// ---------------------------------------------------------------------------------------------
describe('DEVIATION: monitoring profile results carry no head ID (roster-spec §8 via profile intro)', () => {
  // Profile intro: "Everything in roster-spec.md ... §8 (Worker) ... applies".
  // roster-spec §8: "Dynamic management (period A → B, matched county-wide by head_id)".
  // The monitoring document has no `roles.headId`, so HouseholdResult.headId is always null and the
  // Worker (submissions/rows.ts → head_hmac) stores no head HMAC: every monitoring household is
  // "unmatched" in /reports/dynamics.
  it('person-per-row: headId is the 户主 row’s ID', () => {
    const res = runMonOne();
    const head = monPersons(1)[0].id_number;
    expect(onlyHousehold(res).headId).toBe(head);
  });
});

// ---------------------------------------------------------------------------------------------
describe('county poverty_incidence over the townships whose population is configured (roster-spec §7)', () => {
  // §7: "The county's poverty_incidence sums numerator and denominator over the townships whose
  // population is configured only (…) and the summary says how many of the configured townships it
  // covers (e.g. 3 of 12)".
  it('total = poor persons of covered townships / Σ their population, with the coverage', () => {
    const a = defaultHousehold(1, { status: '未脱贫', exit_year: null, household_size: 3 });
    const b = defaultHousehold(2, { status: '未脱贫', exit_year: null, household_size: 3, township: '新哨镇' });
    const res = runDefault(householdSheet([a, b]));
    expect(res.summary.townships['江边乡'].rates.poverty_incidence).toBeCloseTo(3 / 14384, 12);
    expect(res.summary.townships['新哨镇'].rates.poverty_incidence).toBeNull();
    expect(res.summary.total.rates.poverty_incidence).toBeCloseTo(3 / 14384, 12);
    expect(res.summary.total.counters.poverty_persons).toBe(6);
    expect(res.summary.populationCoverage).toEqual({ townships: ['江边乡'], of: 12 });
  });
});

// ---------------------------------------------------------------------------------------------
describe('DEVIATION (minor): a one-digit month period falls back to the end of the year', () => {
  // Profile §4 defaults: "`reference_date` the last day of the period". A period "2022-6" is the
  // month June 2022; the engine's /^(\d{4})(?:-?(\d{2}))?/ only knows two-digit months.
  it('period "2022-6" → 2022-06-30', () => {
    const res = runMon(personSheet(monRows(monHousehold(1), monPersons(1))), null, { referenceDate: undefined, period: '2022-6' });
    expect(res.referenceDate).toBe('2022-06-30');
  });
});

// ---------------------------------------------------------------------------------------------
describe('DEVIATION (low, interpretation): member-sheet 户编号 has no length limit in §4', () => {
  // §4: "household_id | 户编号 (户码) | text | yes (must exist in household sheet)" — no ≤32 (that
  // is §3's household-sheet column). §9.11: member_orphan "fires when the member's household_id
  // parsed but no household row has that household_id as a valid value". The engine parses the
  // member column with the household field (≤ 32), so a 33-character 户编号 gets `range` instead.
  // (The existing suite documents this as a deliberate interpretation.)
  it('a 33-character member 户编号 parses and is an orphan', () => {
    const hh = defaultHousehold(1);
    const mem = defaultMembers(1, hh);
    mem.push({ ...mem[2], household_id: 'H'.repeat(33), id_number: makeId({ birth: '20000101', male: true, seq: 7 }) });
    const res = runDefault(householdSheet([hh]), memberSheet(mem));
    expect(rules(memAt(res, 5))).toEqual(['member_orphan']);
  });
});

// ---------------------------------------------------------------------------------------------
describe('DEVIATION (medium-low): monitoring household sheet without member data → medical true', () => {
  // Profile §4 medical: "`false` if a member has medical_resident 否 …; otherwise `null` if a
  // member's insurance is unknown …; otherwise `true`". Profile §1: the split layout is accepted for
  // both profiles; the member sheet is optional. With no member sheet the members are unknown (the
  // engine's own `some` returns null: "Without a linked member list the members are unknown, not
  // absent"), but the document's `if` treats that null as "not true" and falls through to `true`;
  // education likewise. The household is then riskEliminable with score 100.
  it('medical is null and the household is not riskEliminable', () => {
    const s = splitSheets([{ hh: monHousehold(1), persons: monPersons(1) }]);
    const res = runMon(s.households, null);
    const h = onlyHousehold(res);
    expect(h.indicators.medical).toBeNull();
    expect(h.riskEliminable).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
describe('verified: header row, empty rows, row numbers (§1, §9.1)', () => {
  const hh = defaultHousehold(1);
  it('header on worksheet row 20 is found; on row 21 it is not', () => {
    const t20 = householdSheet([hh], { title: Array.from({ length: 19 }, (_, i) => `标题${i}`) });
    const r20 = runDefault(t20);
    expect(r20.unreadable).toBe(false);
    expect(r20.households.map((h) => h.row)).toEqual([21]);
    const t21 = householdSheet([hh], { title: Array.from({ length: 20 }, (_, i) => `标题${i}`) });
    const r21 = runDefault(t21);
    expect(r21.sheetIssues.map((s) => s.rule)).toEqual(['no_header']);
  });
  it('a row with text only in unknown columns (and whitespace elsewhere) is empty; later rows keep worksheet numbers', () => {
    const t = householdSheet([hh, defaultHousehold(2)], { extra: { 备注: 'x' } });
    const blank: Cell[] = t[1].map(() => '  ');
    blank[blank.length - 1] = '备注文字';
    t.splice(2, 0, blank);
    const res = runDefault(t);
    expect(res.households.map((h) => h.row)).toEqual([2, 4]);
    expect(res.summary.total.counters.households).toBe(2);
  });
  it('headers: spaces, line breaks and full-width brackets are ignored', () => {
    const t = householdSheet([hh], { headers: { per_capita_income: '人均纯收入\n（元）', head_name: '户主 姓名', township: '乡镇（街道）' } });
    const res = runDefault(t);
    expect(res.sheetIssues).toEqual([]);
    expect(onlyHousehold(res).issues).toEqual([]);
  });
});

describe('verified: §9 precise points (default profile)', () => {
  it('§9.6 insured_le_size: basic unparsed, serious > size → one issue on serious', () => {
    const res = runOne({ basic_medical_insured: 'abc', serious_illness_insured: 5 });
    expect(issuesOf(onlyHousehold(res), 'insured_le_size').map((i) => i.field)).toEqual(['serious_illness_insured']);
  });
  it('§9.12 an invalid monitoring_type: no misidentified, no level 2 from it', () => {
    const res = runOne({ monitoring_type: '监测户', per_capita_income: 20000, wage_income: null });
    const h = onlyHousehold(res);
    expect(rules(h)).toEqual(['enum']);
    expect(h.riskLevel).toBe(3);
  });
  it('§9.7 indicators null only on missing/unparsed inputs; medical null when household_size unparsed', () => {
    const res = runOne({ household_size: '三' });
    const h = onlyHousehold(res);
    expect(h.indicators.medical).toBeNull();
    expect(h.indicators.income).toBe(true);
    expect(h.riskLevel).toBe(1); // a hard indicator not true (null)
    expect(h.exitEligible).toBe(false);
  });
  it('§2 numbers: "12,000元" ok, "3200 元" type, 1e15 ok, "1,000,000,000,000,001" range', () => {
    expect(rules(onlyHousehold(runOne({ per_capita_income: '12,000元', wage_income: null })))).toEqual([]);
    expect(rules(onlyHousehold(runOne({ per_capita_income: '3200 元' })))).toEqual(['type']);
    expect(rules(onlyHousehold(runOne({ production_income: 1e15, wage_income: null })))).toEqual([]);
    expect(rules(onlyHousehold(runOne({ production_income: '1,000,000,000,000,001', wage_income: null })))).toEqual(['range']);
  });
  it('§9.2 enum: "constructor" is an enum error', () => {
    expect(rules(onlyHousehold(runOne({ housing_grade: 'constructor' })))).toEqual(['enum']);
  });
  it('§9.13 summary: duplicate and error rows count; persons only where size parsed', () => {
    const a = defaultHousehold(1);
    const b = defaultHousehold(1, { household_size: 'x', head_id: makeId({ birth: '19800101', male: true, seq: 9 }) });
    const res = runDefault(householdSheet([a, b]));
    expect(res.summary.total.counters.households).toBe(2);
    expect(res.summary.total.counters.persons).toBe(3);
    expect(res.summary.total.counters['issues.unique']).toBe(1);
  });
});

describe('verified: person-per-row specifics (monitoring profile §1, §6)', () => {
  type Edit = (p: Rec[]) => Rec[];
  const setP = (i: number, over: Rec): Edit => (p) => p.map((x, j) => (j === i ? { ...x, ...over } : x));
  it('人数 unparsed → type on the household, size = number of rows, no size_mismatch', () => {
    const res = runMonOne({}, setP(0, { household_size: '三人' }));
    const h = onlyHousehold(res);
    expect(rules(h)).toEqual(['type']);
    expect(h.persons).toBe(3);
    // the other rows still say 3: conflict by text on rows 3 and 4 (the household value failed to parse)
    expect(rules(memAt(res, 3))).toEqual(['household_value_conflict']);
  });
  it('人数 parsed and different from the number of rows → size_mismatch, persons = 人数', () => {
    const res = runMonOne({ household_size: 4, wage_income: null });
    const h = onlyHousehold(res);
    expect(rules(h)).toEqual(['size_mismatch']);
    expect(h.persons).toBe(4);
  });
  it('conflict compares parsed values: alias 1 vs 男 is not a household field, but 是 vs TRUE vs 1 are equal', () => {
    const res = runMonOne({}, (p) => p.map((x, j) => ({ ...x, water_solved: ['是', true, 1][j] })));
    expect(res.members.flatMap((m) => m.issues)).toEqual([]);
  });
  it('§6.1 an unparsed monitoring_category: neither monitored_fields nor unmonitored_with_problem', () => {
    const res = runMonOne({ monitoring_category: '监测户', identified_month: null, risk_1: null, per_capita_income: 5000, wage_income: null });
    expect(rules(onlyHousehold(res))).toEqual(['enum']);
  });
  it('§6.5 unique: the same person by ID card and disability certificate', () => {
    const res = runMonOne({}, (p) => [...p, { ...p[2], id_number: `${p[2].id_number}43`, relation: '之女', gender: '男', name: 'x' }]);
    expect(issuesOf(memAt(res, 5), 'unique')).toHaveLength(1);
  });
});

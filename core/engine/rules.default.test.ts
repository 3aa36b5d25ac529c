/**
 * Default profile (roster-spec.md): every rule id of §5 passing and failing on the right row,
 * every indicator of §6 (true / false / null), score, exit eligibility, risk levels, the §9
 * precise points and sheet-level problems. Tables are built as Excel gives them (testkit).
 */
import { describe, expect, it } from 'vitest';
import type { Cell, HouseholdResult, Issue, RosterResult } from '../types';
import {
  expectIssue,
  expectNo,
  allIssues,
  defaultHousehold,
  defaultMembers,
  hhAt,
  householdSheet,
  HH_HEADERS,
  idWithX,
  issuesOf,
  makeId,
  memAt,
  memberSheet,
  type Rec,
  runDefault,
  runOne,
  wrongCheck,
} from './testkit';

/** Two households; the second (worksheet row 3) gets the overrides. Row 2 stays clean. */
function two(over: Rec, extra: Parameters<typeof runDefault>[2] = {}): RosterResult {
  return runDefault(householdSheet([defaultHousehold(1), defaultHousehold(2, over)]), null, extra);
}

/** Two households with members; household 2 and its members may be edited. */
function twoWithMembers(over: Rec, edit: (m: Rec[]) => Rec[] = (m) => m): RosterResult {
  const h1 = defaultHousehold(1);
  const h2 = defaultHousehold(2, over);
  return runDefault(householdSheet([h1, h2]), memberSheet([...defaultMembers(1, h1), ...edit(defaultMembers(2, h2))]));
}

function clean(res: RosterResult): void {
  expect(res.sheetIssues).toEqual([]);
  expect(allIssues(res)).toEqual([]);
}

describe('baseline', () => {
  it('the baseline household with members is clean: score 100, exit eligible, risk 3', () => {
    const res = runOne({}, (m) => m);
    clean(res);
    expect(res.layout).toBe('household-member');
    const h = hhAt(res, 2);
    expect(h.score).toBe(100);
    expect(h.exitEligible).toBe(true);
    expect(h.riskLevel).toBe(3);
    expect(Object.values(h.indicators).every((v) => v === true)).toBe(true);
    expect(res.members.map((m) => m.row)).toEqual([2, 3, 4]);
  });
  it('two baseline households without a member sheet are clean', () => {
    const res = two({});
    clean(res);
    expect(res.households.map((h) => h.row)).toEqual([2, 3]);
  });
});

// ------------------------------------------------------------------ §5 field rules

describe('field rules', () => {
  it('required: an empty required cell (error, on its field, on its row)', () => {
    const res = two({ head_name: null });
    expectIssue(hhAt(res, 3), 'required', 'head_name', 'error');
    expect(hhAt(res, 2).issues).toEqual([]);
  });
  it('required: whitespace only is missing', () => {
    expectIssue(hhAt(two({ village: ' \u3000 ' }), 3), 'required', 'village', 'error');
  });
  it('required: optional fields may be empty', () => {
    clean(two({ group: null, helper: null, wage_income: null, relocated: null, public_job_count: null, microloan_amount: null }));
  });
  it('required: member sheet field', () => {
    const res = runOne({}, (m) => [m[0], m[1], { ...m[2], labor: null }]);
    expectIssue(memAt(res, 4), 'required', 'labor', 'error');
  });
  it('type: text in an integer field', () => {
    expectIssue(hhAt(two({ labor_count: '两个' }), 3), 'type', 'labor_count', 'error');
  });
  it('type: a numeric string is fine', () => {
    clean(two({ labor_count: '2', per_capita_income: '12000' }));
  });
  it('type: a non-whole integer', () => {
    expectIssue(hhAt(two({ labor_count: 2.5 }), 3), 'type', 'labor_count', 'error');
  });
  it('type: a bad bool', () => {
    expectIssue(hhAt(two({ water_safe: '有' }), 3), 'type', 'water_safe', 'error');
  });
  it('enum: a value that is neither a value nor an alias', () => {
    expectIssue(hhAt(two({ housing_grade: 'E' }), 3), 'enum', 'housing_grade', 'error');
  });
  it('enum: aliases map to their value', () => {
    const res = two({ attribute: '五保贫困户', status: '预脱贫', exit_year: null });
    clean(res);
    expect(hhAt(res, 3).status).toBe('计划脱贫');
  });
  it('enum: member relation aliases and schooling aliases', () => {
    const res = runOne({}, (m) => [m[0], m[1], { ...m[2], schooling: '八年级' }]);
    clean(res);
  });
  it('range: integer out of range', () => {
    expectIssue(hhAt(two({ household_size: 21 }), 3), 'range', 'household_size', 'error');
    expectIssue(hhAt(two({ household_size: 0 }), 3), 'range', 'household_size', 'error');
  });
  it('range: text longer than its limit (household_id ≤ 32)', () => {
    expectIssue(hhAt(two({ household_id: 'H'.repeat(33) }), 3), 'range', 'household_id', 'error');
    clean(two({ household_id: 'H'.repeat(32) }));
  });
  it('range: exit_year after the reference year', () => {
    expectIssue(hhAt(two({ exit_year: 2021 }), 3), 'range', 'exit_year', 'error');
    expectIssue(hhAt(two({ exit_year: 2012 }), 3), 'range', 'exit_year', 'error');
    clean(two({ exit_year: 2020 }));
  });
  it('range: negative number where ≥ 0', () => {
    expectIssue(hhAt(two({ wage_income: -1 }), 3), 'range', 'wage_income', 'error');
  });
  it('range: production income may be negative', () => {
    const res = two({ production_income: -100, wage_income: 32100 });
    clean(res);
  });
  it('id_number: wrong check digit', () => {
    expectIssue(hhAt(two({ head_id: wrongCheck(defaultHousehold(2).head_id as string) }), 3), 'id_number', 'head_id', 'error');
  });
  it('id_number: 15-digit IDs are obsolete', () => {
    expectIssue(hhAt(two({ head_id: '532526700101101' }), 3), 'id_number', 'head_id', 'error');
  });
  it('id_number: an impossible birth date, a future birth date, before 1900', () => {
    const bad = (birth: string) => {
      const body = `532526${birth}011`;
      // a correct check character for the body, so only the date is wrong
      const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const s = body.split('').reduce((a, d, i) => a + Number(d) * W[i], 0);
      return body + '10X98765432'[s % 11];
    };
    for (const b of ['19700230', '20210101', '18991231', '19701301']) {
      expectIssue(hhAt(two({ head_id: bad(b) }), 3), 'id_number', 'head_id', 'error');
    }
    // the reference date itself is allowed
    expect(issuesOf(hhAt(two({ head_id: bad('20201231') }), 3), 'id_number')).toEqual([]);
  });
  it('id_number: a numeric cell (1.2E+17) with a hint to format the column as text', () => {
    const res = two({ head_id: 532526197001010000 });
    const h = hhAt(res, 3);
    expectIssue(h, 'id_number', 'head_id', 'error');
    const msg = issuesOf(h, 'id_number')[0].message;
    expect(msg.zh).toMatch(/文本/);
    expect(msg.en.toLowerCase()).toMatch(/text/);
  });
  it('id_number: the column letter of the field is reported', () => {
    const res = two({ head_id: 'abc' });
    const i = issuesOf(hhAt(res, 3), 'id_number')[0];
    expect(i.column).toBe('F'); // 户主证件号码 is the 6th column
  });
  it('id_area: a valid ID with a non-province area is a warning only', () => {
    const id = makeId({ area: '992526', birth: '19700101', male: true, seq: 2 });
    const h = hhAt(two({ head_id: id }), 3);
    expectIssue(h, 'id_area', 'head_id', 'warning');
    expectNo(h, 'id_number');
    expect(h.headId).toBe(id);
    expect(h.exitEligible).toBe(true);
  });
  it('id_area: every province range passes, neighbours warn', () => {
    for (const p of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65']) {
      expectNo(hhAt(two({ head_id: makeId({ area: `${p}0101`.padEnd(6, '0'), birth: '19700101', male: true, seq: 2 }) }), 3), 'id_area');
    }
    for (const p of ['10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '71', '81', '91']) {
      expectIssue(
        hhAt(two({ head_id: makeId({ area: `${p}0101`, birth: '19700101', male: true, seq: 2 }) }), 3),
        'id_area',
        'head_id',
        'warning',
      );
    }
  });
  it('id_area: not on an ID that otherwise fails (§9.8)', () => {
    const id = wrongCheck(makeId({ area: '992526', birth: '19700101', male: true, seq: 2 }));
    const h = hhAt(two({ head_id: id }), 3);
    expectIssue(h, 'id_number', 'head_id', 'error');
    expectNo(h, 'id_area');
  });
  it('unique: a repeated household_id is flagged on every occurrence after the first', () => {
    const rows = [defaultHousehold(1), defaultHousehold(2, { household_id: 'H0001' }), defaultHousehold(3, { household_id: 'H0001' })];
    const res = runDefault(householdSheet(rows));
    expectNo(hhAt(res, 2), 'unique');
    expectIssue(hhAt(res, 3), 'unique', 'household_id', 'error');
    expectIssue(hhAt(res, 4), 'unique', 'household_id', 'error');
  });
  it('unique: head_id compared as parsed value (lower-case x = X) (§9.8)', () => {
    const id = idWithX('532526', '19700101', true);
    const res = runDefault(householdSheet([defaultHousehold(1, { head_id: id }), defaultHousehold(2, { head_id: id.toLowerCase() })]));
    expectNo(hhAt(res, 2), 'unique');
    expectIssue(hhAt(res, 3), 'unique', 'head_id', 'error');
    expect(hhAt(res, 3).headId).toBe(id);
  });
  it('unique: values that failed to parse are ignored', () => {
    const bad = 'not-an-id';
    const res = runDefault(householdSheet([defaultHousehold(1, { head_id: bad }), defaultHousehold(2, { head_id: bad })]));
    expectNo(hhAt(res, 3), 'unique');
    expectIssue(hhAt(res, 3), 'id_number', 'head_id', 'error');
  });
  it('unique: trimmed text compares equal', () => {
    const res = runDefault(householdSheet([defaultHousehold(1), defaultHousehold(2, { household_id: ' H0001 ' })]));
    expectIssue(hhAt(res, 3), 'unique', 'household_id', 'error');
  });
  it('unique: member id_number in the member sheet', () => {
    const h1 = defaultHousehold(1);
    const h2 = defaultHousehold(2);
    const m2 = defaultMembers(2, h2);
    m2[1] = { ...m2[1], id_number: defaultMembers(1, h1)[1].id_number };
    const res = runDefault(householdSheet([h1, h2]), memberSheet([...defaultMembers(1, h1), ...m2]));
    expectNo(memAt(res, 3), 'unique');
    expectIssue(memAt(res, 6), 'unique', 'id_number', 'error');
  });
});

// ------------------------------------------------------------------ §5 row rules

describe('row rules', () => {
  it('labor_le_size', () => {
    expectIssue(hhAt(two({ labor_count: 4 }), 3), 'labor_le_size', 'labor_count', 'error');
    expectNo(hhAt(two({ labor_count: 3 }), 3), 'labor_le_size');
  });
  it('labor_le_size: neither passes nor fires when size failed to parse', () => {
    const h = hhAt(two({ labor_count: 4, household_size: 'x' }), 3);
    expectNo(h, 'labor_le_size');
    expect(ruleIdsOf(h)).toEqual(['type']);
  });
  it('insured_le_size: basic_medical_insured > size', () => {
    expectIssue(hhAt(two({ basic_medical_insured: 4 }), 3), 'insured_le_size', 'basic_medical_insured', 'error');
  });
  it('insured_le_size: serious_illness_insured > size', () => {
    expectIssue(hhAt(two({ serious_illness_insured: 4 }), 3), 'insured_le_size', 'serious_illness_insured', 'error');
  });
  it('insured_le_size: both over → one issue on basic_medical_insured (§9.6)', () => {
    expectIssue(
      hhAt(two({ basic_medical_insured: 4, serious_illness_insured: 5 }), 3),
      'insured_le_size',
      'basic_medical_insured',
      'error',
    );
  });
  it('insured_le_size: equal is fine', () => {
    expectNo(hhAt(two({ basic_medical_insured: 3, serious_illness_insured: 3 }), 3), 'insured_le_size');
  });
  it('pension_le: eligible > size', () => {
    expectIssue(hhAt(two({ pension_eligible: 4, pension_insured: 2 }), 3), 'pension_le', 'pension_eligible', 'error');
  });
  it('pension_le: insured > eligible', () => {
    expectIssue(hhAt(two({ pension_eligible: 2, pension_insured: 3 }), 3), 'pension_le', 'pension_insured', 'error');
  });
  it('pension_le: both → one issue on pension_eligible (§9.6)', () => {
    expectIssue(hhAt(two({ pension_eligible: 4, pension_insured: 5 }), 3), 'pension_le', 'pension_eligible', 'error');
  });
  it('pension_le: passes at equality', () => {
    expectNo(hhAt(two({ pension_eligible: 3, pension_insured: 3 }), 3), 'pension_le');
  });
  it('exit_year_required: 已脱贫 with no exit_year (never `required`, §9.5)', () => {
    const h = hhAt(two({ exit_year: null }), 3);
    expectIssue(h, 'exit_year_required', 'exit_year', 'error');
    expectNo(h, 'required');
  });
  it('exit_year_required: not for other statuses; exit_year with another status is fine', () => {
    clean(two({ status: '未脱贫', exit_year: null }));
    clean(two({ status: '未脱贫', exit_year: 2019 }));
    clean(two({ status: '计划脱贫', exit_year: 2020 }));
  });
  it('exit_year_required: an unparsed exit_year is not missing', () => {
    const h = hhAt(two({ exit_year: '二〇一九' }), 3);
    expect(ruleIdsOf(h)).toEqual(['type']);
  });
  it('township_known', () => {
    expectIssue(hhAt(two({ township: '外县乡' }), 3), 'township_known', 'township', 'error');
    expect(hhAt(two({ township: '外县乡' }), 3).township).toBe('外县乡');
  });
  it('township_known: exact after trimming', () => {
    clean(two({ township: ' 弥阳街道 ' }));
    expectIssue(hhAt(two({ township: '弥阳 街道' }), 3), 'township_known', 'township', 'error');
  });
  it('township_mismatch: a known township other than the clerk’s own', () => {
    const res = two({ township: '新哨镇' }, { expectedTownship: '江边乡' });
    expectIssue(hhAt(res, 3), 'township_mismatch', 'township', 'error');
    expectNo(hhAt(res, 3), 'township_known');
    expect(hhAt(res, 2).issues).toEqual([]);
  });
  it('township_mismatch: not without expectedTownship, not for the own township, not for unknown townships', () => {
    clean(two({ township: '新哨镇' }));
    clean(two({}, { expectedTownship: '江边乡' }));
    const h = hhAt(two({ township: '外县乡' }, { expectedTownship: '江边乡' }), 3);
    expectIssue(h, 'township_known', 'township', 'error');
    expectNo(h, 'township_mismatch');
  });
  it('loan_purpose_required: loan > 0 without purpose (never `required`)', () => {
    const h = hhAt(two({ microloan_amount: 50000, microloan_purpose: null }), 3);
    expectIssue(h, 'loan_purpose_required', 'microloan_purpose', 'error');
    expectNo(h, 'required');
  });
  it('loan_purpose_required: not with a purpose, not without a loan', () => {
    clean(two({ microloan_amount: 50000, microloan_purpose: '生产经营' }));
    clean(two({ microloan_amount: 0, microloan_purpose: null }));
    clean(two({ microloan_amount: null, microloan_purpose: null }));
  });
  it('loan_nonproductive: 建房, 看病, 生活 warn; 生产经营, 其他 do not', () => {
    for (const p of ['建房', '看病', '生活'])
      expectIssue(hhAt(two({ microloan_amount: 50000, microloan_purpose: p }), 3), 'loan_nonproductive', 'microloan_purpose', 'warning');
    for (const p of ['生产经营', '其他']) expectNo(hhAt(two({ microloan_amount: 50000, microloan_purpose: p }), 3), 'loan_nonproductive');
    expectNo(hhAt(two({ microloan_amount: 0, microloan_purpose: '建房' }), 3), 'loan_nonproductive');
  });
  it('loan_nonproductive is a warning: the household stays exit eligible', () => {
    expect(hhAt(two({ microloan_amount: 50000, microloan_purpose: '建房' }), 3).exitEligible).toBe(true);
  });
  it('helper_overload: more than 5 households for one helper → every such row', () => {
    const rows = [1, 2, 3, 4, 5, 6].map((n) => defaultHousehold(n, { helper: '王帮扶' }));
    rows.push(defaultHousehold(7));
    const res = runDefault(householdSheet(rows));
    for (let r = 2; r <= 7; r++) expectIssue(hhAt(res, r), 'helper_overload', 'helper', 'warning');
    expectNo(hhAt(res, 8), 'helper_overload');
  });
  it('helper_overload: exactly 5 is fine', () => {
    const rows = [1, 2, 3, 4, 5].map((n) => defaultHousehold(n, { helper: '王帮扶' }));
    clean(runDefault(householdSheet(rows)));
  });
  it('helper_overload counts duplicate-id rows (§9.9)', () => {
    const rows = [1, 2, 3, 4, 5].map((n) => defaultHousehold(n, { helper: '王帮扶' }));
    rows.push(defaultHousehold(6, { helper: '王帮扶', household_id: 'H0001' }));
    const res = runDefault(householdSheet(rows));
    for (let r = 2; r <= 7; r++) expectIssue(hhAt(res, r), 'helper_overload', 'helper', 'warning');
    expectIssue(hhAt(res, 7), 'unique', 'household_id', 'error');
  });
  it('income_inconsistent: parts/size differ from per-capita income by more than 10 %', () => {
    expectIssue(hhAt(two({ per_capita_income: 15000 }), 3), 'income_inconsistent', 'per_capita_income', 'warning');
    expectNo(hhAt(two({ per_capita_income: 13000 }), 3), 'income_inconsistent');
    expectNo(hhAt(two({ per_capita_income: 11000 }), 3), 'income_inconsistent');
  });
  it('income_inconsistent: needs all four parts', () => {
    expectNo(hhAt(two({ per_capita_income: 15000, property_income: null }), 3), 'income_inconsistent');
  });
  it('monitoring_misidentified: monitored and income > 2 × monitoring_line', () => {
    const over = { monitoring_type: '边缘易致贫户', per_capita_income: 15000, wage_income: 33000 };
    expectIssue(hhAt(two(over), 3), 'monitoring_misidentified', 'monitoring_type', 'warning');
    expectNo(hhAt(two({ ...over, per_capita_income: 14000, wage_income: 30000 }), 3), 'monitoring_misidentified');
    expectNo(hhAt(two({ ...over, monitoring_type: '无' }), 3), 'monitoring_misidentified');
    expectNo(hhAt(two({ ...over, monitoring_type: null }), 3), 'monitoring_misidentified');
  });
  it('monitoring_misidentified: an invalid monitoring_type triggers neither it nor risk level 2 (§9.12)', () => {
    const h = hhAt(two({ monitoring_type: '边缘户', per_capita_income: 15000, wage_income: 33000 }), 3);
    expect(ruleIdsOf(h)).toEqual(['enum']);
    expect(h.riskLevel).toBe(3);
  });
});

function ruleIdsOf(r: { issues: Issue[] }): string[] {
  return r.issues.map((i) => i.rule).sort();
}

// ------------------------------------------------------------------ §5 cross-sheet rules

describe('member rules', () => {
  it('member_orphan: a member whose household_id is in no household row', () => {
    const res = twoWithMembers({}, (m) => [
      ...m,
      { ...m[2], household_id: 'H9999', id_number: makeId({ birth: '20080808', male: true, seq: 77 }) },
    ]);
    expectIssue(memAt(res, 8), 'member_orphan', 'household_id', 'error');
    for (let r = 2; r <= 7; r++) expect(memAt(res, r).issues).toEqual([]);
  });
  it('member_orphan: not when the member’s household_id is missing (only `required`) (§9.11)', () => {
    const res = twoWithMembers({}, (m) => [
      ...m,
      { ...m[2], household_id: null, id_number: makeId({ birth: '20080808', male: true, seq: 77 }) },
    ]);
    expect(ruleIdsOf(memAt(res, 8))).toEqual(['required']);
  });
  it('member_orphan: only on parsed household_ids; a household_id in error is unknown (§9.11)', () => {
    // §4 gives the member sheet's 户编号 as plain text (no ≤ 32): a 33-character value parses there,
    // but the household row holding it is in error, so no household has it as a valid value.
    const longId = 'H'.repeat(33);
    const h1 = defaultHousehold(1, { household_id: longId });
    const res = runDefault(householdSheet([h1]), memberSheet(defaultMembers(1, h1)));
    expectIssue(hhAt(res, 2), 'range', 'household_id', 'error');
    for (const r of [2, 3, 4]) expect(ruleIdsOf(memAt(res, r))).toEqual(['member_orphan']);
    // a member 户编号 in error (here: empty) is unknown: `required`, never member_orphan
    const res3 = runDefault(householdSheet([h1]), memberSheet([{ ...defaultMembers(1, h1)[0], household_id: '' }]));
    expect(ruleIdsOf(memAt(res3, 2))).toEqual(['required']);
    // a member pointing at a household row whose 户编号 is a valid value is linked
    const h2 = defaultHousehold(2, { household_id: 'H0002' });
    const res2 = runDefault(
      householdSheet([h1, h2]),
      memberSheet([...defaultMembers(2, h2), { ...defaultMembers(1, h1)[0], household_id: 'H0002X' }]),
    );
    expectIssue(memAt(res2, 5), 'member_orphan', 'household_id', 'error');
  });
  it('gender_mismatch: gender contradicts the 17th digit', () => {
    const res = runOne({}, (m) => [m[0], { ...m[1], gender: '男' }, m[2]]);
    expectIssue(memAt(res, 3), 'gender_mismatch', 'gender', 'error');
    expect(memAt(res, 2).issues).toEqual([]);
  });
  it('gender_mismatch: not when the ID did not parse', () => {
    const res = runOne({}, (m) => [m[0], { ...m[1], gender: '男', id_number: wrongCheck(m[1].id_number as string) }, m[2]]);
    expect(ruleIdsOf(memAt(res, 3))).toEqual(['id_number']);
  });
  it('size_mismatch: household_size ≠ number of members, reported on the household row', () => {
    const res = twoWithMembers({ household_size: 4, basic_medical_insured: 3 });
    expectIssue(hhAt(res, 3), 'size_mismatch', 'household_size', 'error');
    expectNo(hhAt(res, 2), 'size_mismatch');
  });
  it('size_mismatch: not without a member sheet', () => {
    expectNo(hhAt(two({ household_size: 4 }), 3), 'size_mismatch');
  });
  it('size_mismatch: a member sheet with only a header is not present', () => {
    const res = runDefault(householdSheet([defaultHousehold(1, { household_size: 4 })]), memberSheet([]));
    expectNo(hhAt(res, 2), 'size_mismatch');
    expectNo(hhAt(res, 2), 'head_count');
  });
  it('size_mismatch: member rows with errors still count (§9.10)', () => {
    const res = twoWithMembers({}, (m) => [m[0], { ...m[1], id_number: 'bad', name: null }, m[2]]);
    expectNo(hhAt(res, 3), 'size_mismatch');
    expect(ruleIdsOf(memAt(res, 6))).toEqual(['id_number', 'required']);
  });
  it('size_mismatch: a household without members', () => {
    const h1 = defaultHousehold(1);
    const h2 = defaultHousehold(2);
    const res = runDefault(householdSheet([h1, h2]), memberSheet(defaultMembers(1, h1)));
    expectIssue(hhAt(res, 3), 'size_mismatch', 'household_size', 'error');
    expect(issuesOf(hhAt(res, 3), 'head_count')).toHaveLength(1);
    expect(issuesOf(hhAt(res, 3), 'insured_mismatch')).toHaveLength(1);
  });
  it('head_count: two 户主', () => {
    const res = twoWithMembers({}, (m) => [m[0], { ...m[1], relation: '户主' }, m[2]]);
    const i = issuesOf(hhAt(res, 3), 'head_count');
    expect(i).toHaveLength(1);
    expect(i[0].severity).toBe('error');
    expectNo(hhAt(res, 3), 'head_id_mismatch');
  });
  it('head_count: no 户主', () => {
    const res = twoWithMembers({}, (m) => [{ ...m[0], relation: '其他' }, m[1], m[2]]);
    expect(issuesOf(hhAt(res, 3), 'head_count').map((i) => i.severity)).toEqual(['error']);
    expectNo(hhAt(res, 2), 'head_count');
  });
  it('head_count counts relations parsed as 户主 (an invalid relation is not one) (§9.10)', () => {
    const res = twoWithMembers({}, (m) => [{ ...m[0], relation: '户 主 人' }, m[1], m[2]]);
    expect(issuesOf(hhAt(res, 3), 'head_count')).toHaveLength(1);
    expectIssue(memAt(res, 5), 'enum', 'relation', 'error');
  });
  it('head_id_mismatch: the 户主 member’s ID differs from head_id', () => {
    const res = twoWithMembers({}, (m) => [{ ...m[0], id_number: makeId({ birth: '19700101', male: true, seq: 55 }) }, m[1], m[2]]);
    expectIssue(hhAt(res, 3), 'head_id_mismatch', 'head_id', 'error');
  });
  it('head_id_mismatch: lower-case x equals X', () => {
    const id = idWithX('532526', '19690505', true);
    const h = defaultHousehold(1, { head_id: id });
    const m = defaultMembers(1, h);
    m[0] = { ...m[0], id_number: id.toLowerCase() };
    clean(runDefault(householdSheet([h]), memberSheet(m)));
  });
  it('head_id_mismatch: only when both IDs parsed (§9.10)', () => {
    const res = twoWithMembers({}, (m) => [{ ...m[0], id_number: 'bad' }, m[1], m[2]]);
    expectNo(hhAt(res, 3), 'head_id_mismatch');
    const res2 = twoWithMembers({ head_id: 'bad' });
    expectNo(hhAt(res2, 3), 'head_id_mismatch');
    expectIssue(hhAt(res2, 3), 'id_number', 'head_id', 'error');
  });
  it('dropout_mismatch: dropout_count ≠ members 辍学', () => {
    const res = twoWithMembers({ dropout_count: 1 });
    expectIssue(hhAt(res, 3), 'dropout_mismatch', 'dropout_count', 'error');
    const res2 = twoWithMembers({}, (m) => [m[0], m[1], { ...m[2], schooling: '辍学' }]);
    expectIssue(hhAt(res2, 3), 'dropout_mismatch', 'dropout_count', 'error');
    const res3 = twoWithMembers({ dropout_count: 1 }, (m) => [m[0], m[1], { ...m[2], schooling: '辍学' }]);
    expectNo(hhAt(res3, 3), 'dropout_mismatch');
    expect(hhAt(res3, 3).indicators.education).toBe(false);
  });
  it('insured_mismatch: basic_medical_insured ≠ members insured', () => {
    const res = twoWithMembers({}, (m) => [m[0], { ...m[1], medical_insured: '否' }, m[2]]);
    expectIssue(hhAt(res, 3), 'insured_mismatch', 'basic_medical_insured', 'error');
    const res2 = twoWithMembers({ basic_medical_insured: 2 }, (m) => [m[0], { ...m[1], medical_insured: '否' }, m[2]]);
    expectNo(hhAt(res2, 3), 'insured_mismatch');
  });
  it('cross-sheet checks apply to the first of duplicate household rows', () => {
    const h1 = defaultHousehold(1);
    const dup = defaultHousehold(2, {
      household_id: 'H0001',
      household_size: 5,
      basic_medical_insured: 5,
      serious_illness_insured: 5,
      wage_income: 48000,
    });
    const res = runDefault(householdSheet([h1, dup]), memberSheet(defaultMembers(1, h1)));
    expect(hhAt(res, 2).issues).toEqual([]);
    expect(ruleIdsOf(hhAt(res, 3))).toEqual(['unique']);
  });
  it('school_age_not_enrolled: a child of 7–15 who is 非在校生 (warning, member row)', () => {
    const res = runOne({}, (m) => [m[0], m[1], { ...m[2], schooling: '非在校生' }]);
    expectIssue(memAt(res, 4), 'school_age_not_enrolled', 'schooling', 'warning');
    expect(hhAt(res, 2).exitEligible).toBe(true);
  });
  it('school_age_not_enrolled: age in completed years at the reference date (§9.14)', () => {
    const child = (birth: string) =>
      runOne({}, (m) => [m[0], m[1], { ...m[2], schooling: '非在校生', id_number: makeId({ birth, male: true, seq: 9 }) }]);
    // reference date 2020-12-31
    expect(issuesOf(memAt(child('20131231'), 4), 'school_age_not_enrolled')).toHaveLength(1); // 7 today
    expect(issuesOf(memAt(child('20140101'), 4), 'school_age_not_enrolled')).toHaveLength(0); // 6
    expect(issuesOf(memAt(child('20050101'), 4), 'school_age_not_enrolled')).toHaveLength(1); // 15
    expect(issuesOf(memAt(child('20041231'), 4), 'school_age_not_enrolled')).toHaveLength(0); // 16 today
    // another reference date moves the ages
    const r = runDefault(
      householdSheet([defaultHousehold(1, { exit_year: 2019 })]),
      memberSheet(
        defaultMembers(1).map((m, i) =>
          i === 2 ? { ...m, schooling: '非在校生', id_number: makeId({ birth: '20140701', male: true, seq: 9 }) } : m,
        ),
      ),
      { referenceDate: '2021-07-01' },
    );
    expect(issuesOf(memAt(r, 4), 'school_age_not_enrolled')).toHaveLength(1);
    const r2 = runDefault(
      householdSheet([defaultHousehold(1, { exit_year: 2019 })]),
      memberSheet(
        defaultMembers(1).map((m, i) =>
          i === 2 ? { ...m, schooling: '非在校生', id_number: makeId({ birth: '20140701', male: true, seq: 9 }) } : m,
        ),
      ),
      { referenceDate: '2021-06-30' },
    );
    expect(issuesOf(memAt(r2, 4), 'school_age_not_enrolled')).toHaveLength(0);
  });
  it('school_age_not_enrolled: enrolled children and an unparsed ID do not fire', () => {
    clean(runOne({}, (m) => [m[0], m[1], { ...m[2], schooling: '小学' }]));
    const res = runOne({}, (m) => [m[0], m[1], { ...m[2], schooling: '非在校生', id_number: 'bad' }]);
    expect(ruleIdsOf(memAt(res, 4))).toEqual(['id_number']);
  });
});

// ------------------------------------------------------------------ §6 indicators, score, eligibility, risk

describe('indicators', () => {
  const ind = (over: Rec): HouseholdResult => hhAt(two(over), 3);
  const cases: [string, Rec, Rec, Rec][] = [
    // indicator, true, false, null
    ['income', { per_capita_income: 4000 }, { per_capita_income: 3999.99 }, { per_capita_income: '四千' }],
    ['housing', { housing_grade: 'B' }, { housing_grade: 'C' }, { housing_grade: null }],
    ['education', { dropout_count: 0 }, { dropout_count: 1 }, { dropout_count: 'x' }],
    ['medical', { basic_medical_insured: 3, serious_illness_insured: 3 }, { serious_illness_insured: 2 }, { household_size: null }],
    ['water', { water_safe: 'Y' }, { water_safe: '否' }, { water_safe: '不知道' }],
    ['pension', { pension_insured: 2 }, { pension_insured: 1 }, { pension_eligible: null }],
    ['assistance', { assistance_measures: 2 }, { assistance_measures: 1 }, { assistance_measures: -1 }],
    ['family_doctor', { family_doctor: 'yes' }, { family_doctor: 'no' }, { family_doctor: null }],
  ];
  for (const [key, t, f, n] of cases) {
    it(`${key}: true / false / null`, () => {
      expect(ind(t).indicators[key]).toBe(true);
      expect(ind(f).indicators[key]).toBe(false);
      expect(ind(n).indicators[key]).toBe(null);
    });
  }
  it('medical: basic_medical_insured below size is false', () => {
    expect(ind({ basic_medical_insured: 2 }).indicators.medical).toBe(false);
  });
  it('indicators are null only on missing/unparsed inputs, not because of row rules (§9.7)', () => {
    const h = ind({ basic_medical_insured: 4 }); // insured_le_size fires
    expect(h.indicators.medical).toBe(false);
    const h2 = ind({ labor_count: 4 }); // labor_le_size
    expect(Object.values(h2.indicators).every((v) => v === true)).toBe(true);
    expect(h2.score).toBe(100);
    const h3 = ind({ pension_eligible: 2, pension_insured: 3 }); // pension_le
    expect(h3.indicators.pension).toBe(true);
  });
  it('an indicator null from a missing input with member cross-sheet errors around', () => {
    const res = twoWithMembers({ household_size: 4, basic_medical_insured: 3, serious_illness_insured: 3 });
    expect(hhAt(res, 3).indicators.medical).toBe(false);
    expect(hhAt(res, 3).indicators.income).toBe(true);
  });
  it('score sums the weights of true indicators', () => {
    expect(ind({}).score).toBe(100);
    expect(ind({ pension_insured: 1 }).score).toBe(96);
    expect(ind({ assistance_measures: 0, family_doctor: '否' }).score).toBe(94);
    expect(ind({ per_capita_income: 3000 }).score).toBe(70);
    expect(ind({ housing_grade: 'D', water_safe: '否' }).score).toBe(70);
    expect(ind({ dropout_count: 2, basic_medical_insured: 1 }).score).toBe(70);
    expect(ind({ per_capita_income: null }).score).toBe(70); // null counts nothing
    expect(
      ind({
        per_capita_income: 0,
        housing_grade: '无房',
        dropout_count: 1,
        basic_medical_insured: 0,
        water_safe: 0,
        pension_insured: 0,
        assistance_measures: 0,
        family_doctor: false,
      }).score,
    ).toBe(0);
  });
  it('exitEligible: all hard true and no error on the row', () => {
    expect(ind({}).exitEligible).toBe(true);
    expect(ind({ pension_insured: 0, assistance_measures: 0, family_doctor: '否' }).exitEligible).toBe(true); // soft only
    expect(ind({ housing_grade: 'C' }).exitEligible).toBe(false);
    expect(ind({ water_safe: null }).exitEligible).toBe(false); // null hard
    expect(ind({ labor_count: 4 }).exitEligible).toBe(false); // an error on the row
    expect(ind({ group: 'x'.repeat(5), head_id: makeId({ area: '992526', birth: '19700101', male: true, seq: 2 }) }).exitEligible).toBe(
      true,
    ); // warning only
  });
  it('exitEligible: an error on a member row does not block the household row', () => {
    const res = twoWithMembers({}, (m) => [m[0], { ...m[1], gender: '男' }, m[2]]);
    expect(hhAt(res, 3).issues).toEqual([]);
    expect(hhAt(res, 3).exitEligible).toBe(true);
  });
  it('exitEligible: a cross-sheet error on the household row blocks it', () => {
    const res = twoWithMembers({}, (m) => [m[0], { ...m[1], medical_insured: '否' }, m[2]]);
    expect(hhAt(res, 3).exitEligible).toBe(false);
  });
});

describe('risk levels', () => {
  const risk = (over: Rec): number => hhAt(two(over), 3).riskLevel;
  it('3 when nothing applies', () => expect(risk({})).toBe(3));
  it('1: a hard indicator false', () => expect(risk({ housing_grade: 'C' })).toBe(1));
  it('1: a hard indicator null (§9.12)', () => {
    expect(risk({ water_safe: null })).toBe(1);
    expect(risk({ dropout_count: 'x' })).toBe(1);
  });
  it('1: a soft indicator false does not make level 1', () => expect(risk({ pension_insured: 0, family_doctor: '否' })).toBe(3));
  it('1: per_capita_income < monitoring_line (with income indicator true)', () => {
    const h = hhAt(two({ per_capita_income: 6999, wage_income: 8997 }), 3);
    expect(h.indicators.income).toBe(true);
    expect(h.riskLevel).toBe(1);
    expect(risk({ per_capita_income: 7000, wage_income: 9000 })).toBe(2);
  });
  it('1: labor_count 0 with main_cause 因病 / 因残', () => {
    expect(risk({ labor_count: 0, main_cause: '因病' })).toBe(1);
    expect(risk({ labor_count: 0, main_cause: '因残' })).toBe(1);
    expect(risk({ labor_count: 0, main_cause: '缺技术' })).toBe(3);
    expect(risk({ labor_count: 1, main_cause: '因病' })).toBe(3);
  });
  it('2: per_capita_income < 1.5 × monitoring_line', () => {
    expect(risk({ per_capita_income: 10499, wage_income: 22497 })).toBe(2);
    expect(risk({ per_capita_income: 10500, wage_income: 22500 })).toBe(3);
  });
  it('2: transfer share > 0.5 with all four parts and a positive denominator', () => {
    // 12000 + 3000 + 1000 + 20000 = 36000, share 0.556
    expect(risk({ wage_income: 12000, production_income: 3000, property_income: 1000, transfer_income: 20000 })).toBe(2);
    // exactly 0.5
    expect(risk({ wage_income: 10000, production_income: 7000, property_income: 1000, transfer_income: 18000 })).toBe(3);
    // a part missing
    expect(risk({ wage_income: 12000, production_income: null, property_income: 1000, transfer_income: 20000 })).toBe(3);
    // denominator ≤ 0 (negative production)
    expect(risk({ wage_income: 0, production_income: -5000, property_income: 0, transfer_income: 3000 })).toBe(3);
  });
  it('2: monitoring_type ≠ 无', () => {
    for (const t of ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户']) expect(risk({ monitoring_type: t })).toBe(2);
    expect(risk({ monitoring_type: null })).toBe(3);
  });
  it('2 vs 1 precedence: level 1 wins', () => expect(risk({ monitoring_type: '边缘易致贫户', housing_grade: 'D' })).toBe(1));
});

// ------------------------------------------------------------------ §9 precise points

describe('§9 precise points', () => {
  it('1: empty rows are skipped and row numbers kept; unknown columns do not count', () => {
    const t = householdSheet([defaultHousehold(1), defaultHousehold(2)], { extra: { 备注: '备注' } });
    const empty = t[1].map(() => null as Cell);
    const ws = t[1].map(() => '  ' as Cell);
    const unknownOnly = t[1].map(() => null as Cell);
    unknownOnly[unknownOnly.length - 1] = '只有备注';
    t.splice(2, 0, empty, ws, unknownOnly, []);
    const res = runDefault(t);
    clean(res);
    expect(res.households.map((h) => h.row)).toEqual([2, 7]);
    expect(res.summary.total.counters.households).toBe(2);
  });
  it('1: empty member rows are skipped too', () => {
    const h = defaultHousehold(1);
    const m = memberSheet(defaultMembers(1, h));
    m.splice(2, 0, [null, '', ' ', null]);
    const res = runDefault(householdSheet([h]), m);
    clean(res);
    expect(res.members.map((x) => x.row)).toEqual([2, 4, 5]);
  });
  it('header found under a title row; row numbers are worksheet rows', () => {
    const t = householdSheet([defaultHousehold(1), defaultHousehold(2, { labor_count: 9 })], {
      title: ['弥勒市2020年建档立卡贫困户花名册', '单位：户、人、元'],
    });
    const res = runDefault(t);
    expect(res.households.map((h) => h.row)).toEqual([4, 5]);
    expectIssue(hhAt(res, 5), 'labor_le_size', 'labor_count', 'error');
  });
  it('header: aliases, full-width brackets, spaces and line breaks', () => {
    const headers = {
      household_id: '户码',
      township: '乡（镇）',
      village: '村（社区）',
      head_name: '户主 姓名',
      head_id: '户主身份证号',
      household_size: '家庭\n人口数',
      per_capita_income: '人均纯收入（元）',
      status: '脱贫属性',
      water_safe: '饮水是否安全',
      dropout_count: '辍学人数',
      basic_medical_insured: '医保参保人数',
      transfer_income: '政策性收入',
      production_income: '生产经营性净收入',
      housing_grade: '危房等级',
    };
    const res = runDefault(householdSheet([defaultHousehold(1)], { headers }));
    clean(res);
    expect(hhAt(res, 2).score).toBe(100);
  });
  it('header: column order is free (column letters follow)', () => {
    const keys = Object.keys(HH_HEADERS).reverse();
    const res = runDefault(householdSheet([defaultHousehold(1, { labor_count: 9 })], { columns: keys }));
    const i = issuesOf(hhAt(res, 2), 'labor_le_size')[0];
    expect(i.column).toBe(String.fromCharCode(65 + keys.indexOf('labor_count')));
  });
  it('2: a numeric cell in a text field is read as its decimal text', () => {
    const res = runDefault(householdSheet([defaultHousehold(1, { household_id: 1001, village: 12 })]));
    clean(res);
    expect(hhAt(res, 2).householdId).toBe('1001');
  });
  it('2: a numeric cell in an enum field (monitoring_type 无 vs number)', () => {
    expectIssue(hhAt(two({ housing_grade: 1 }), 3), 'enum', 'housing_grade', 'error');
  });
  it('2: `constructor`, `toString`, `__proto__` are enum errors', () => {
    for (const v of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expectIssue(hhAt(two({ housing_grade: v }), 3), 'enum', 'housing_grade', 'error');
      expectIssue(hhAt(two({ attribute: v }), 3), 'enum', 'attribute', 'error');
    }
  });
  it('2: enum matching is exact and case-sensitive after trimming', () => {
    expectIssue(hhAt(two({ housing_grade: 'a' }), 3), 'enum', 'housing_grade', 'error');
    clean(two({ housing_grade: ' A\t' }));
  });
  it('2: lengths counted in code points', () => {
    clean(two({ household_id: '𠀀'.repeat(32) }));
    expectIssue(hhAt(two({ household_id: '𠀀'.repeat(33) }), 3), 'range', 'household_id', 'error');
  });
  it('3: 3.0 is an integer; 3.5 is not', () => {
    clean(two({ household_size: 3.0, labor_count: '2.0', dropout_count: '0.00' }));
    expectIssue(hhAt(two({ household_size: '3.5' }), 3), 'type', 'household_size', 'error');
  });
  it('3: thousands separators and unit suffixes', () => {
    clean(two({ per_capita_income: '12,000元', wage_income: '24,000.00', household_size: '3人', microloan_amount: '0元' }));
    const h = hhAt(two({ per_capita_income: '1,234元' }), 3);
    expect(h.indicators.income).toBe(false);
    expectNo(h, 'type');
  });
  it('3: `3200 元` (inner space) and other malformed numbers are `type`', () => {
    for (const v of ['3200 元', '+5', '.5', '5.', '1e3', '12,34', '1,2345', '１２０００', '12000$', '--5', '']) {
      const h = hhAt(two({ per_capita_income: v }), 3);
      if (v === '') expectIssue(h, 'required', 'per_capita_income', 'error');
      else expectIssue(h, 'type', 'per_capita_income', 'error');
    }
  });
  it('3: outer whitespace is trimmed', () => {
    clean(two({ per_capita_income: ' 12000 ' }));
  });
  it('3: magnitude > 10^15 or not finite → range', () => {
    expectIssue(hhAt(two({ production_income: 1e16 }), 3), 'range', 'production_income', 'error');
    expectIssue(hhAt(two({ production_income: '-2000000000000000' }), 3), 'range', 'production_income', 'error');
    expectIssue(hhAt(two({ production_income: Infinity }), 3), 'range', 'production_income', 'error');
    expectIssue(hhAt(two({ production_income: NaN }), 3), 'range', 'production_income', 'error');
  });
  it('4: bool words, JS booleans and 1/0; other numbers are `type`', () => {
    for (const v of ['是', '否', 'Y', 'N', 'y', 'n', 'yes', 'NO', 'Yes', 'true', 'FALSE', 'True', '1', '0', 1, 0, true, false]) {
      const h = hhAt(two({ family_doctor: v }), 3);
      expect(h.issues, String(v)).toEqual([]);
      const yes = ['是', 'Y', 'y', 'yes', 'Yes', 'true', 'True', '1', 1, true].includes(v as never);
      expect(h.indicators.family_doctor, String(v)).toBe(yes);
    }
    for (const v of [2, -1, 0.5, '2', '有', '对', 'ok']) expectIssue(hhAt(two({ family_doctor: v }), 3), 'type', 'family_doctor', 'error');
  });
  it('5: conditional fields never get `required`', () => {
    const rows = [
      defaultHousehold(1, { exit_year: null }),
      defaultHousehold(2, { microloan_amount: 1000, microloan_purpose: null }),
      defaultHousehold(3, { status: '未脱贫', exit_year: null }),
    ];
    const res = runDefault(householdSheet(rows));
    expect(allIssues(res).filter((i) => i.rule === 'required')).toEqual([]);
    expect(ruleIdsOf(hhAt(res, 2))).toEqual(['exit_year_required']);
    expect(ruleIdsOf(hhAt(res, 3))).toEqual(['loan_purpose_required']);
    expect(hhAt(res, 4).issues).toEqual([]);
  });
  it('8 / §5: a failed value carries only its own issue', () => {
    const h = hhAt(two({ household_size: '三', labor_count: 4, basic_medical_insured: 4, pension_eligible: 4 }), 3);
    expect(ruleIdsOf(h)).toEqual(['type']);
    expect(h.indicators.medical).toBe(null);
  });
  it('10: member counts include every member row of the household_id, whatever its errors', () => {
    const res = twoWithMembers({ dropout_count: 1, basic_medical_insured: 3 }, (m) => [
      m[0],
      m[1],
      { ...m[2], schooling: '辍学', id_number: 'bad', gender: null },
    ]);
    expectNo(hhAt(res, 3), 'size_mismatch');
    expectNo(hhAt(res, 3), 'dropout_mismatch');
    expectNo(hhAt(res, 3), 'insured_mismatch');
  });
});

// ------------------------------------------------------------------ §7 / §9.13 summary

describe('summary', () => {
  it('every configured township is present, zeros where no rows; rows of unknown or missing townships count in the total only', () => {
    const rows = [
      defaultHousehold(1), // 江边乡
      defaultHousehold(2, { township: '新哨镇', status: '未脱贫', exit_year: null }),
      defaultHousehold(3, { township: '外县乡' }),
      defaultHousehold(4, { township: null }),
    ];
    const res = runDefault(householdSheet(rows));
    const s = res.summary;
    expect(Object.keys(s.townships).sort()).toEqual(
      ['弥阳街道', '新哨镇', '虹溪镇', '竹园镇', '朋普镇', '巡检司镇', '西一镇', '西二镇', '西三镇', '东山镇', '五山乡', '江边乡'].sort(),
    );
    expect(s.total.counters.households).toBe(4);
    expect(s.townships['江边乡'].counters.households).toBe(1);
    expect(s.townships['新哨镇'].counters.households).toBe(1);
    expect(s.townships['东山镇'].counters.households).toBe(0);
    expect(s.townships['东山镇'].counters.persons).toBe(0);
    expect(s.townships['东山镇'].rates.mean_score).toBe(null);
    expect(s.total.counters.persons).toBe(12);
    expect(s.total.counters.rows_with_errors).toBe(2);
    expect(s.townships['江边乡'].counters.rows_with_errors).toBe(0);
    expect(s.total.counters['issues.township_known']).toBe(1);
    expect(s.total.counters['issues.required']).toBe(1);
    expect(s.townships['新哨镇'].counters['households.status.未脱贫']).toBe(1);
  });
  it('households include duplicates and error rows; persons sum parsed household_size only', () => {
    const rows = [
      defaultHousehold(1, { household_size: 5, basic_medical_insured: 5, serious_illness_insured: 5, wage_income: 48000 }),
      defaultHousehold(2, { household_id: 'H0001' }),
      defaultHousehold(3, { household_size: 'x' }),
      defaultHousehold(4, { household_size: 25 }),
    ];
    const s = runDefault(householdSheet(rows)).summary.total.counters;
    expect(s.households).toBe(4);
    expect(s.persons).toBe(8);
    expect(s.rows_with_errors).toBe(3);
  });
  it('indicator failures count false only; risk levels by households and persons; mean score unrounded', () => {
    const rows = [
      defaultHousehold(1), // 100, level 3
      defaultHousehold(2, { housing_grade: 'C' }), // 80, false, level 1
      defaultHousehold(3, { housing_grade: null, family_doctor: '否' }), // 77, null, level 1
    ];
    const s = runDefault(householdSheet(rows)).summary.total;
    expect(s.counters['households.indicator_failed.housing']).toBe(1);
    expect(s.counters['households.indicator_failed.family_doctor']).toBe(1);
    expect(s.counters['households.risk.1']).toBe(2);
    expect(s.counters['persons.risk.1']).toBe(6);
    expect(s.counters['households.risk.3']).toBe(1);
    expect(s.counters['households.risk.2']).toBe(0);
    expect(s.rates.mean_score).toBeCloseTo(257 / 3, 12);
  });
  it('exit eligible and ready_to_exit (eligible among 未脱贫 / 计划脱贫)', () => {
    const rows = [
      defaultHousehold(1),
      defaultHousehold(2, { status: '未脱贫', exit_year: null }),
      defaultHousehold(3, {
        status: '计划脱贫',
        exit_year: null,
        household_size: 4,
        basic_medical_insured: 4,
        serious_illness_insured: 4,
        wage_income: 36000,
      }),
      defaultHousehold(4, { status: '未脱贫', exit_year: null, housing_grade: 'D' }),
    ];
    const c = runDefault(householdSheet(rows)).summary.total.counters;
    expect(c['households.exit_eligible']).toBe(3);
    expect(c['persons.exit_eligible']).toBe(10);
    expect(c['households.ready_to_exit']).toBe(2);
    expect(c['persons.ready_to_exit']).toBe(7);
    expect(c['households.status.已脱贫']).toBe(1);
    expect(c['households.status.未脱贫']).toBe(2);
    expect(c['persons.status.计划脱贫']).toBe(4);
  });
  it('rates: transfer share, loan nonproductive share, public job share, poverty incidence; zero denominators are null', () => {
    const rows = [
      defaultHousehold(1, { microloan_amount: 10000, microloan_purpose: '建房', public_job_count: 1, status: '未脱贫', exit_year: null }),
      defaultHousehold(2, { microloan_amount: 10000, microloan_purpose: '生产经营' }),
      defaultHousehold(3, { transfer_income: null, township: '新哨镇', status: '未脱贫', exit_year: null }),
    ];
    const s = runDefault(householdSheet(rows)).summary;
    expect(s.total.rates.transfer_income_share).toBeCloseTo(6000 / 72000, 12);
    expect(s.total.rates.loan_nonproductive_share).toBe(0.5);
    expect(s.total.rates.public_job_share).toBeCloseTo(1 / 3, 12);
    expect(s.townships['江边乡'].rates.poverty_incidence).toBeCloseTo(3 / 14384, 12);
    expect(s.townships['新哨镇'].rates.poverty_incidence).toBe(null);
    expect(s.townships['新哨镇'].rates.transfer_income_share).toBe(null);
    expect(s.townships['新哨镇'].rates.loan_nonproductive_share).toBe(null);
    expect(s.townships['东山镇'].rates.public_job_share).toBe(null);
  });
  it('member rows: counted toward the household’s township; orphans in the total only; issues of both sheets', () => {
    const h1 = defaultHousehold(1);
    const m = defaultMembers(1, h1);
    const members = [
      m[0],
      { ...m[1], gender: '男' },
      m[2],
      { ...m[2], household_id: 'H0404', id_number: makeId({ birth: '20080808', male: true, seq: 44 }) },
    ];
    const res = runDefault(householdSheet([h1]), memberSheet(members));
    const s = res.summary;
    expect(s.total.counters.member_rows_with_errors).toBe(2);
    expect(s.townships['江边乡'].counters.member_rows_with_errors).toBe(1);
    expect(s.total.counters['issues.member_orphan']).toBe(1);
    expect(s.townships['江边乡'].counters['issues.member_orphan']).toBe(0);
    expect(s.total.counters['issues.gender_mismatch']).toBe(1);
    expect(s.townships['江边乡'].counters['issues.gender_mismatch']).toBe(1);
    expect(s.total.counters.rows_with_errors).toBe(0);
  });
  it('rows_with_warnings counts household rows with a warning', () => {
    const res = runDefault(householdSheet([defaultHousehold(1, { microloan_amount: 1, microloan_purpose: '生活' }), defaultHousehold(2)]));
    expect(res.summary.total.counters.rows_with_warnings).toBe(1);
    expect(res.summary.total.counters['issues.loan_nonproductive']).toBe(1);
  });
  it('households per monitoring type (missing = 无)', () => {
    const rows = [
      defaultHousehold(1, { monitoring_type: null }),
      defaultHousehold(2, { monitoring_type: '边缘易致贫户' }),
      defaultHousehold(3, { monitoring_type: 'x' }),
    ];
    const c = runDefault(householdSheet(rows)).summary.total.counters;
    expect(c['households.monitoring_type.无']).toBe(1);
    expect(c['households.monitoring_type.边缘易致贫户']).toBe(1);
  });
});

// ------------------------------------------------------------------ sheet-level problems

describe('sheet-level problems', () => {
  it('no header row in the first 20 rows → fatal `no_header`', () => {
    const t: Cell[][] = [['标题'], ['序号', '备注', '其他'], [1, 2, 3]];
    const res = runDefault(t);
    expect(res.unreadable).toBe(true);
    expect(res.sheetIssues.map((s) => [s.sheet, s.rule, s.fatal])).toEqual([['households', 'no_header', true]]);
    expect(res.households).toEqual([]);
  });
  it('a header below row 20 is not found', () => {
    const t = householdSheet([defaultHousehold(1)], { title: Array.from({ length: 20 }, (_, i) => `标题${i}`) });
    expect(runDefault(t).sheetIssues.map((s) => s.rule)).toEqual(['no_header']);
    const t2 = householdSheet([defaultHousehold(1)], { title: Array.from({ length: 19 }, (_, i) => `标题${i}`) });
    expect(runDefault(t2).sheetIssues).toEqual([]);
  });
  it('fewer than 3 known headers is not a header row', () => {
    const t: Cell[][] = [
      ['户编号', '乡镇', '备注'],
      ['H1', '江边乡', 'x'],
    ];
    expect(runDefault(t).sheetIssues.map((s) => s.rule)).toEqual(['no_header']);
  });
  it('a missing required column → one fatal `missing_column`, no per-row `required`', () => {
    const keys = Object.keys(HH_HEADERS).filter((k) => k !== 'head_name');
    const res = runDefault(householdSheet([defaultHousehold(1), defaultHousehold(2)], { columns: keys }));
    expect(res.unreadable).toBe(true);
    expect(res.sheetIssues.map((s) => [s.sheet, s.rule, s.field, s.fatal, s.severity])).toEqual([
      ['households', 'missing_column', 'head_name', true, 'error'],
    ]);
    expect(allIssues(res).filter((i) => i.rule === 'required')).toEqual([]);
  });
  it('a missing optional column is fine', () => {
    const keys = Object.keys(HH_HEADERS).filter(
      (k) => !['group', 'helper', 'relocated', 'microloan_purpose', 'microloan_amount', 'exit_year'].includes(k),
    );
    const res = runDefault(householdSheet([defaultHousehold(1, { status: '未脱贫' })], { columns: keys }));
    expect(res.sheetIssues).toEqual([]);
    expect(res.unreadable).toBe(false);
  });
  it('a missing required member column', () => {
    const h = defaultHousehold(1);
    const res = runDefault(
      householdSheet([h]),
      memberSheet(defaultMembers(1, h), {
        columns: ['household_id', 'name', 'id_number', 'relation', 'gender', 'schooling', 'health', 'labor'],
      }),
    );
    expect(res.sheetIssues.map((s) => [s.sheet, s.rule, s.field, s.fatal])).toEqual([
      ['members', 'missing_column', 'medical_insured', true],
    ]);
  });
  it('a duplicate column (the same field twice) is reported once as a sheet issue', () => {
    const t = householdSheet([defaultHousehold(1)], { extra: { 户码: 'H0001' } });
    const res = runDefault(t);
    const dup = res.sheetIssues.filter((s) => s.rule === 'duplicate_column');
    expect(dup).toHaveLength(1);
    expect(dup[0].field).toBe('household_id');
    expect(Object.keys(HH_HEADERS).length).toBe(32);
    expect(dup[0].columns).toEqual(['A', 'AG']); // the 33rd column
    expect(dup[0].fatal).toBe(false);
    expect(res.households).toHaveLength(1);
  });
});

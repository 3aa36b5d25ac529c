/**
 * Monitoring profile (monitoring-profile.md): every rule id of §3 passing and failing, every
 * indicator of §4, score, riskEliminable, risk levels, month formats, disability certificates,
 * household values taken from the 户主 row, and the two layouts giving the same household results.
 */
import { describe, expect, it } from 'vitest';
import type { Issue, RosterResult } from '../types';
import {
  expectIssue,
  expectNo,
  allIssues,
  hhAt,
  householdView,
  issuesOf,
  makeId,
  memAt,
  monHousehold,
  monPersons,
  monRows,
  PERSON_HEADERS,
  type Rec,
  runMon,
  runMonOne,
  personSheet,
  splitSheets,
  wrongCheck,
} from './testkit';

type Edit = (p: Rec[]) => Rec[];
const setP =
  (i: number, over: Rec): Edit =>
  (p) =>
    p.map((x, j) => (j === i ? { ...x, ...over } : x));

const ids = (r: { issues: Issue[] }) => r.issues.map((i) => i.rule).sort();
const clean = (res: RosterResult) => {
  expect(res.sheetIssues).toEqual([]);
  expect(allIssues(res)).toEqual([]);
};
/** The single household's result (its 户主 row is row 2 in the baseline). */
const hh = (res: RosterResult) => {
  expect(res.households).toHaveLength(1);
  return res.households[0];
};

describe('baseline', () => {
  it('person-per-row baseline: clean, score 100, riskEliminable, risk 2', () => {
    const res = runMonOne();
    clean(res);
    expect(res.layout).toBe('person-per-row');
    const h = hhAt(res, 2);
    expect(h.score).toBe(100);
    expect(h.riskEliminable).toBe(true);
    expect(h.riskLevel).toBe(2);
    expect(h.persons).toBe(3);
    expect(h.householdId).toBe('53252610000001');
    expect(res.members.map((m) => m.row)).toEqual([2, 3, 4]);
  });
  it('header under a title row', () => {
    const t = personSheet(monRows(monHousehold(1), monPersons(1)), { title: ['防返贫监测对象信息', '导出时间：2022-12-31'] });
    const res = runMon(t);
    clean(res);
    expect(hh(res).row).toBe(4);
  });
});

// ------------------------------------------------------------------ structure and identity

describe('structure and identity rules', () => {
  it('required: a person field on its own row', () => {
    const res = runMonOne({}, setP(1, { name: null }));
    expectIssue(memAt(res, 3), 'required', 'name', 'error');
    expect(memAt(res, 2).issues).toEqual([]);
  });
  it('required: a household field empty on every row → on the household result', () => {
    const res = runMonOne({ village: null });
    expectIssue(hhAt(res, 2), 'required', 'village', 'error');
    expect(allIssues(res).filter((i) => i.rule === 'required')).toHaveLength(1);
  });
  it('required: household_id empty on a row → `required` there, row belongs to no household', () => {
    const rows = monRows(monHousehold(1), monPersons(1));
    rows[2] = { ...rows[2], household_id: null };
    const res = runMon(personSheet(rows));
    expectIssue(memAt(res, 4), 'required', 'household_id', 'error');
    expect(hh(res).persons).toBe(3); // 人数 parsed: 3
    expectIssue(hh(res), 'size_mismatch', 'household_size', 'error'); // 2 rows
  });
  it('required: schooling empty is not an error (not a student)', () => {
    clean(runMonOne({}, setP(0, { schooling: null })));
  });
  it('required: medical_employee missing means 否, not an error', () => {
    clean(runMonOne({}, setP(0, { medical_employee: null })));
  });
  it('type', () => {
    expectIssue(hhAt(runMonOne({ per_capita_income: '一万二' }), 2), 'type', 'per_capita_income', 'error');
    expectIssue(memAt(runMonOne({}, setP(2, { medical_resident: '有' })), 4), 'type', 'medical_resident', 'error');
  });
  it('enum (incl. enum_set health)', () => {
    expectIssue(memAt(runMonOne({}, setP(1, { relation: '妻子' })), 3), 'enum', 'relation', 'error');
    expectIssue(hhAt(runMonOne({ household_type: '贫困户' }), 2), 'enum', 'household_type', 'error');
    expectIssue(memAt(runMonOne({}, setP(1, { health: '健康、残疾' })), 3), 'enum', 'health', 'error');
    expectIssue(memAt(runMonOne({}, setP(1, { health: '长期慢性病、' })), 3), 'enum', 'health', 'error');
    expectIssue(memAt(runMonOne({}, setP(1, { health: 'constructor' })), 3), 'enum', 'health', 'error');
    clean(runMonOne({}, setP(1, { health: '长期慢性病，残疾' })));
    clean(runMonOne({}, setP(1, { health: '长期慢性病,患有大病、残疾' })));
  });
  it('enum aliases: relation without 之, gender 1/2', () => {
    clean(runMonOne({}, setP(2, { relation: '子', gender: 1 })));
    clean(runMonOne({}, setP(1, { gender: '2' })));
  });
  it('range', () => {
    expectIssue(memAt(runMonOne({}, setP(0, { work_months: 13 })), 2), 'range', 'work_months', 'error');
    expectIssue(hhAt(runMonOne({ household_size: 21 }), 2), 'range', 'household_size', 'error');
    expectIssue(hhAt(runMonOne({ production_expense: -1 }), 2), 'range', 'production_expense', 'error');
  });
  it('id_number and id_area', () => {
    const p = monPersons(1);
    expectIssue(memAt(runMonOne({}, setP(1, { id_number: wrongCheck(p[1].id_number as string) })), 3), 'id_number', 'id_number', 'error');
    const area = makeId({ area: '902526', birth: '19720202', male: false, seq: 3 });
    const m = memAt(runMonOne({}, setP(1, { id_number: area })), 3);
    expectIssue(m, 'id_area', 'id_number', 'warning');
    expect(m.id).toBe(area);
  });
  it('disability certificate numbers: 20/22 characters whose first 18 are a valid ID', () => {
    const id = monPersons(1)[1].id_number as string;
    for (const cert of [`${id}01`, `${id}0101`, `${id}4B`]) {
      const res = runMonOne({}, setP(1, { id_number: cert }));
      clean(res);
      expect(memAt(res, 3).id).toBe(id);
    }
    for (const bad of [`${id}1`, `${id}011`, `${wrongCheck(id)}01`, `${id}0101X`]) {
      expectIssue(memAt(runMonOne({}, setP(1, { id_number: bad })), 3), 'id_number', 'id_number', 'error');
    }
  });
  it('unique: compares the 18-character ID (certificate and card are the same person) (§6.5)', () => {
    const id = monPersons(1)[1].id_number as string;
    const res = runMonOne({ household_size: 4 }, (p) => [
      ...p,
      { ...p[1], relation: '其他', id_number: `${id.slice(0, 17)}${id[17].toLowerCase()}0101` },
    ]);
    expectNo(memAt(res, 3), 'unique');
    expectIssue(memAt(res, 5), 'unique', 'id_number', 'error');
  });
  it('unique: across households', () => {
    const p2 = monPersons(2);
    p2[2] = { ...p2[2], id_number: monPersons(1)[2].id_number };
    const res = runMon(personSheet([...monRows(monHousehold(1), monPersons(1)), ...monRows(monHousehold(2), p2)]));
    expectIssue(memAt(res, 7), 'unique', 'id_number', 'error');
    expect(memAt(res, 4).issues).toEqual([]);
  });
  it('township_known and township_mismatch', () => {
    expectIssue(hhAt(runMonOne({ township: '某某镇' }), 2), 'township_known', 'township', 'error');
    expectIssue(
      hhAt(runMonOne({ township: '新哨镇' }, undefined, { expectedTownship: '江边乡' }), 2),
      'township_mismatch',
      'township',
      'error',
    );
    clean(runMonOne({}, undefined, { expectedTownship: '江边乡' }));
  });
  it('head_count: two 户主 / none', () => {
    const two = runMonOne({}, setP(1, { relation: '户主' }));
    expect(issuesOf(hh(two), 'head_count').map((i) => i.severity)).toEqual(['error']);
    const none = runMonOne({}, setP(0, { relation: '其他' }));
    expect(issuesOf(hh(none), 'head_count').map((i) => i.severity)).toEqual(['error']);
    expect(hh(none).row).toBe(2); // its first row
  });
  it('size_mismatch: 人数 differs from the number of rows; 人数 missing → number of rows', () => {
    expectIssue(hh(runMonOne({ household_size: 4 })), 'size_mismatch', 'household_size', 'error');
    const res = runMonOne({ household_size: null });
    clean(res);
    expect(hh(res).persons).toBe(3);
    const bad = runMonOne({ household_size: 'x' });
    expect(ids(hh(bad))).toEqual(['type']);
    expect(hh(bad).persons).toBe(3);
  });
  it('gender_mismatch', () => {
    const res = runMonOne({}, setP(2, { gender: '女' }));
    expectIssue(memAt(res, 4), 'gender_mismatch', 'gender', 'error');
  });
  it('month: wrong shape, not a real month, before 201401, after the reference month', () => {
    for (const v of [
      '202213',
      '202200',
      201312,
      202301,
      '2022/03',
      '22-03',
      '2022-13',
      '2022年13月',
      'abc',
      202203.5,
      '44562',
      19999,
      60001,
    ]) {
      expectIssue(hh(runMonOne({ identified_month: v })), 'month', 'identified_month', 'error');
    }
    expect(ids(hh(runMonOne({ identified_month: 201401 })))).toEqual([]);
    expect(ids(hh(runMonOne({ identified_month: 202212 })))).toEqual([]);
  });
});

describe('month formats', () => {
  /** elimination_order fires iff identified_month parsed later than eliminated_month. */
  const order = (identified: unknown, eliminated: unknown) =>
    hh(
      runMonOne({
        identified_month: identified as never,
        risk_eliminated: '是',
        elimination_method: '自然消除',
        eliminated_month: eliminated as never,
      }),
    );
  it('YYYYMM number and text, a trailing .0, YYYY-M(M), YYYY年M(M)月 all read as 2022-03', () => {
    for (const v of [202203, '202203', '202203.0', 202203.0, ' 202203 ', '2022-3', '2022-03', '2022年03月', '2022年3月']) {
      const before = order(v, 202202);
      expect(ids(before), String(v)).toEqual(['elimination_order']);
      const same = order(v, 202203);
      expect(ids(same), String(v)).toEqual([]);
    }
  });
  it('Excel date serial from a number cell: 44562 = 2022-01-01', () => {
    expect(ids(order(44562, 202112))).toEqual(['elimination_order']);
    expect(ids(order(44562, 202201))).toEqual([]);
    expect(ids(order('44562', 202201))).toEqual(['month']);
  });
  it('months compare as year × 12 + month (across a year boundary)', () => {
    expect(ids(order(202112, 202201))).toEqual([]);
    expect(ids(order(202201, 202112))).toEqual(['elimination_order']);
  });
});

// ------------------------------------------------------------------ household value from the 户主 row

describe('household values in person-per-row', () => {
  it('household_value_conflict on the differing row only', () => {
    const res = runMonOne({}, setP(2, { village: '别的村' }));
    expectIssue(memAt(res, 4), 'household_value_conflict', 'village', 'error');
    expect(memAt(res, 2).issues).toEqual([]);
    expect(memAt(res, 3).issues).toEqual([]);
    expect(hh(res).issues).toEqual([]);
  });
  it('no conflict when parsed values are equal (3 vs "3.0", 12000 vs "12,000元") or cells are empty', () => {
    clean(
      runMonOne(
        {},
        setP(1, { household_size: '3.0', per_capita_income: '12,000元', water_solved: 'Y', township: ' 江边乡 ', village: null }),
      ),
    );
  });
  it('cells compare as their text reads (a boolean as TRUE/FALSE, case-sensitive) before parsing by type', () => {
    // natural_village is text: the boolean true reads "TRUE", which differs from "true"; "TRUE" does not.
    const rows = monRows(monHousehold(1), monPersons(1));
    rows[0] = { ...rows[0], natural_village: true };
    rows[1] = { ...rows[1], natural_village: 'true' };
    rows[2] = { ...rows[2], natural_village: ' TRUE ' };
    const res = runMon(personSheet(rows));
    expectIssue(memAt(res, 3), 'household_value_conflict', 'natural_village', 'error');
    expect(memAt(res, 4).issues).toEqual([]);
    // A bool field parses both forms to the same value: no conflict.
    clean(runMonOne({}, setP(1, { water_solved: 'TRUE' })));
  });
  it('the 户主 row gives the value even when it is not the first row', () => {
    const persons = monPersons(1);
    const rows = monRows(monHousehold(1), [persons[1], persons[0], persons[2]]);
    rows[0] = { ...rows[0], per_capita_income: 5000 };
    const res = runMon(personSheet(rows));
    const h = hh(res);
    expect(h.row).toBe(3); // the 户主 row
    expect(h.indicators.income).toBe(true); // 12000 from the head row
    expectIssue(memAt(res, 2), 'household_value_conflict', 'per_capita_income', 'error');
    expect(memAt(res, 3).issues).toEqual([]);
    expect(h.riskEliminable).toBe(false); // an error on one of its rows
  });
  it('an empty 户主 cell: the first non-empty cell of the household (in sheet order)', () => {
    const rows = monRows(monHousehold(1), monPersons(1));
    rows[0] = { ...rows[0], per_capita_income: null };
    rows[1] = { ...rows[1], per_capita_income: 5000 };
    rows[2] = { ...rows[2], per_capita_income: 6000 };
    const res = runMon(personSheet(rows));
    expect(hh(res).indicators.income).toBe(false);
    expect(memAt(res, 3).issues).toEqual([]);
    expectIssue(memAt(res, 4), 'household_value_conflict', 'per_capita_income', 'error');
  });
  it('an invalid chosen value is checked once (on the household) and differing cells conflict by text', () => {
    const res = runMonOne({}, (p) => p);
    void res;
    const rows = monRows(monHousehold(1), monPersons(1));
    rows[0] = { ...rows[0], water_solved: '也许' };
    rows[1] = { ...rows[1], water_solved: '是' };
    const r = runMon(personSheet(rows));
    expectIssue(hh(r), 'type', 'water_solved', 'error');
    expectIssue(memAt(r, 3), 'household_value_conflict', 'water_solved', 'error');
    expect(ids(memAt(r, 4))).toEqual(['household_value_conflict']);
  });
  it('rows are grouped by household_id alone, wherever they are', () => {
    const a = monRows(monHousehold(1), monPersons(1));
    const b = monRows(monHousehold(2), monPersons(2));
    const res = runMon(personSheet([a[0], b[0], a[1], b[1], a[2], b[2]]));
    clean(res);
    expect(res.households.map((h) => [h.householdId, h.row])).toEqual([
      ['53252610000001', 2],
      ['53252610000002', 3],
    ]);
  });
});

// ------------------------------------------------------------------ §3 rules

describe('monitored_fields', () => {
  it('monitored: one issue per missing field, never `required`', () => {
    const h = hh(runMonOne({ identified_month: null, risk_1: null, risk_eliminated: null }));
    expect(
      issuesOf(h, 'monitored_fields')
        .map((i) => [i.field, i.severity])
        .sort(),
    ).toEqual([
      ['identified_month', 'error'],
      ['risk_1', 'error'],
      ['risk_eliminated', 'error'],
    ]);
    expectNo(h, 'required');
  });
  it('eliminated: method and month', () => {
    const h = hh(runMonOne({ risk_eliminated: '是', elimination_method: null, eliminated_month: null }));
    expect(
      issuesOf(h, 'monitored_fields')
        .map((i) => i.field)
        .sort(),
    ).toEqual(['eliminated_month', 'elimination_method']);
    expectNo(h, 'required');
  });
  it('passes when filled; not monitored → nothing needed', () => {
    expectNo(hh(runMonOne()), 'monitored_fields');
    clean(runMonOne({ monitoring_category: null, identified_month: null, risk_1: null, risk_eliminated: null }));
    clean(runMonOne({ risk_eliminated: '是', elimination_method: '自然消除', eliminated_month: 202210 }));
  });
  it('an unparsed value is not missing; an unparsed category is neither set nor empty', () => {
    expect(ids(hh(runMonOne({ identified_month: '三月' })))).toEqual(['month']);
    const h = hh(
      runMonOne({
        monitoring_category: '监测户',
        identified_month: null,
        risk_1: null,
        risk_eliminated: null,
        per_capita_income: 5000,
        wage_income: 9000,
      }),
    );
    expect(ids(h)).toEqual(['enum']);
  });
});

describe('elimination rules', () => {
  const elim = (over: Rec, edit?: Edit) =>
    hh(runMonOne({ risk_eliminated: '是', elimination_method: '帮扶消除', eliminated_month: 202211, ...over }, edit));
  it('baseline eliminated household is clean', () => {
    const h = elim({});
    expect(h.issues).toEqual([]);
    expect(h.riskEliminable).toBe(false);
    expect(h.riskLevel).toBe(3);
    expect(h.statusClass).toBe('exited');
  });
  it('elimination_order', () => {
    expectIssue(elim({ eliminated_month: 202202 }), 'elimination_order', 'eliminated_month', 'error');
    expectNo(elim({ eliminated_month: 202203, elimination_method: '自然消除' }), 'elimination_order');
    // needs both months
    expectNo(elim({ identified_month: null }), 'elimination_order');
  });
  it('elimination_too_soon: 帮扶消除 from 202204 with fewer than 6 months', () => {
    expectIssue(elim({ eliminated_month: 202208 }), 'elimination_too_soon', 'eliminated_month', 'error'); // 5 months
    expectNo(elim({ eliminated_month: 202209 }), 'elimination_too_soon'); // 6 months
    expectNo(elim({ eliminated_month: 202208, elimination_method: '自然消除' }), 'elimination_too_soon');
    expectNo(elim({ identified_month: 202110, eliminated_month: 202203 }), 'elimination_too_soon'); // before 202204
    expectIssue(elim({ identified_month: 202201, eliminated_month: 202204 }), 'elimination_too_soon', 'eliminated_month', 'error');
    const before = elim({ eliminated_month: 202202 });
    expectNo(before, 'elimination_too_soon'); // eliminated before identified: elimination_order only
  });
  it('eliminated_with_problem: housing, water, education or medical false', () => {
    expectIssue(elim({ unsafe_housing: '是' }), 'eliminated_with_problem', 'risk_eliminated', 'error');
    expectIssue(elim({ water_solved: '否' }), 'eliminated_with_problem', 'risk_eliminated', 'error');
    expectIssue(elim({ dropout_flag: '是' }), 'eliminated_with_problem', 'risk_eliminated', 'error');
    expectIssue(elim({}, setP(1, { medical_resident: '否' })), 'eliminated_with_problem', 'risk_eliminated', 'error');
    expectNo(elim({ dropout_flag: 'x' }), 'eliminated_with_problem'); // null is not false
    expectNo(hh(runMonOne({ unsafe_housing: '是' })), 'eliminated_with_problem'); // not eliminated
  });
  it('eliminated_below_line: 帮扶消除 under the monitoring line', () => {
    const low = { per_capita_income: 6000, wage_income: 12000 };
    expectIssue(elim(low), 'eliminated_below_line', 'per_capita_income', 'error');
    expectNo(elim({ ...low, elimination_method: '自然消除' }), 'eliminated_below_line');
    expectNo(elim({ per_capita_income: 7000, wage_income: 15000 }), 'eliminated_below_line');
  });
  it('eliminated_no_labor: no member able to work and no dibao/tekun', () => {
    const noLabor: Edit = (p) =>
      p.map((x, i) => ({ ...x, labor: i === 2 ? '无劳动力' : '丧失劳动力', health: i === 2 ? '健康' : '患有大病' }));
    expectIssue(elim({}, noLabor), 'eliminated_no_labor', 'risk_eliminated', 'warning');
    expectNo(elim({ dibao: '是' }, noLabor), 'eliminated_no_labor');
    expectNo(elim({ tekun: '是' }, noLabor), 'eliminated_no_labor');
    expectNo(elim({}), 'eliminated_no_labor');
    expectNo(
      elim({}, (p) => noLabor(p).map((x, i) => (i === 1 ? { ...x, labor: '弱劳动力或半劳动力' } : x))),
      'eliminated_no_labor',
    );
    // a member whose labor is unknown: not certain (§6.1)
    expectNo(
      elim({}, (p) => noLabor(p).map((x, i) => (i === 1 ? { ...x, labor: '???' } : x))),
      'eliminated_no_labor',
    );
  });
  it('the eliminated_* rules apply whatever monitoring_category says (§6.4)', () => {
    expectIssue(elim({ monitoring_category: null, unsafe_housing: '是' }), 'eliminated_with_problem', 'risk_eliminated', 'error');
  });
  it('an unparsed risk_eliminated is neither 是 nor not eliminated', () => {
    const h = hh(
      runMonOne({
        risk_eliminated: '已消除',
        elimination_method: null,
        eliminated_month: null,
        unsafe_housing: '是',
        per_capita_income: 15000,
        wage_income: 39000,
      }),
    );
    expect(ids(h)).toEqual(['type']);
    expect(h.statusClass).toBe(null);
  });
});

describe('warnings', () => {
  it('unmonitored_with_problem: low income or a failing indicator without monitoring', () => {
    const un = { monitoring_category: null, identified_month: null, risk_1: null, risk_eliminated: null };
    expectIssue(
      hh(runMonOne({ ...un, per_capita_income: 6000, wage_income: 12000 })),
      'unmonitored_with_problem',
      'monitoring_category',
      'warning',
    );
    expectIssue(hh(runMonOne({ ...un, unsafe_housing: '是' })), 'unmonitored_with_problem', 'monitoring_category', 'warning');
    expectIssue(hh(runMonOne(un, setP(1, { medical_resident: '否' }))), 'unmonitored_with_problem', 'monitoring_category', 'warning');
    expectNo(hh(runMonOne(un)), 'unmonitored_with_problem');
    expectNo(hh(runMonOne({ unsafe_housing: '是' })), 'unmonitored_with_problem');
    expectNo(hh(runMonOne({ ...un, per_capita_income: 'x' })), 'unmonitored_with_problem');
    expectNo(hh(runMonOne({ ...un, monitoring_category: '乱填', unsafe_housing: '是' })), 'unmonitored_with_problem');
  });
  it('monitoring_misidentified: monitored, not eliminated, income > 2 × line', () => {
    const rich = { per_capita_income: 15000, wage_income: 39000 };
    expectIssue(hh(runMonOne(rich)), 'monitoring_misidentified', 'monitoring_category', 'warning');
    expectNo(hh(runMonOne({ per_capita_income: 14000, wage_income: 36000 })), 'monitoring_misidentified');
    expectNo(
      hh(runMonOne({ ...rich, risk_eliminated: '是', elimination_method: '自然消除', eliminated_month: 202210 })),
      'monitoring_misidentified',
    );
    expectNo(
      hh(runMonOne({ ...rich, monitoring_category: null, identified_month: null, risk_1: null, risk_eliminated: null })),
      'monitoring_misidentified',
    );
  });
  it('risk_type_members: 因残 / 因病 / 缺劳动力 / 因学, one issue per risk_n', () => {
    expectIssue(hh(runMonOne({ risk_1: '因残' })), 'risk_type_members', 'risk_1', 'warning');
    expectNo(hh(runMonOne({ risk_1: '因残' }, setP(1, { health: '残疾' }))), 'risk_type_members');
    expectIssue(hh(runMonOne({}, setP(1, { health: '健康' }))), 'risk_type_members', 'risk_1', 'warning');
    expectNo(
      hh(runMonOne({}, (p) => p.map((x, i) => (i === 1 ? { ...x, health: '健康' } : i === 2 ? { ...x, health: '患有大病' } : x)))),
      'risk_type_members',
    );
    // 缺劳动力: 2 of 3 are 普通 → more than a quarter
    expectIssue(hh(runMonOne({ risk_1: '缺劳动力' })), 'risk_type_members', 'risk_1', 'warning');
    expectIssue(
      hh(runMonOne({ risk_1: '缺劳动力' }, (p) => p.map((x, i) => (i === 0 ? x : { ...x, labor: i === 1 ? '丧失劳动力' : '无劳动力' })))),
      'risk_type_members',
      'risk_1',
      'warning',
    ); // 1 of 3 > 0.75
    expectNo(
      hh(
        runMonOne({ risk_1: '缺劳动力' }, (p) =>
          p.map((x, i) => ({ ...x, labor: i === 0 ? '弱劳动力或半劳动力' : i === 1 ? '丧失劳动力' : '无劳动力' })),
        ),
      ),
      'risk_type_members',
    ); // 0 of 3
    // 因学: the son is in 小学六年级
    expectNo(hh(runMonOne({ risk_1: '因学' })), 'risk_type_members');
    expectIssue(
      hh(runMonOne({ risk_1: '因学' }, setP(2, { schooling: '非在校生', out_of_school_reason: '因病休学' }))),
      'risk_type_members',
      'risk_1',
      'warning',
    );
    // two risks firing → two issues
    const two = hh(runMonOne({ risk_1: '因残', risk_2: '因学' }, setP(2, { schooling: '学龄前儿童', out_of_school_reason: '残疾' })));
    expect(
      issuesOf(two, 'risk_type_members')
        .map((i) => i.field)
        .sort(),
    ).toEqual(['risk_1', 'risk_2']);
  });
  it('risk_type_members: 缺劳动力 at exactly a quarter does not fire', () => {
    const p = monPersons(1);
    const four = [
      p[0],
      { ...p[1], labor: '丧失劳动力' },
      { ...p[2] },
      { ...p[2], name: '女儿', relation: '之女', gender: '女', id_number: makeId({ birth: '20120505', male: false, seq: 8 }) },
    ];
    expectNo(hh(runMonOne({ risk_1: '缺劳动力', household_size: 4 }, () => four)), 'risk_type_members');
  });
  it('risk_type_members: an unknown member input does not make "no member" certain (§6.1)', () => {
    expectNo(hh(runMonOne({ risk_1: '因残' }, setP(1, { health: '？' }))), 'risk_type_members');
    expectNo(hh(runMonOne({ risk_1: '因学' }, setP(2, { schooling: '小学七年级', out_of_school_reason: 'x' }))), 'risk_type_members');
  });
  it('relation_gender: a male relation with 女, a female relation with 男', () => {
    const daughterId = makeId({ birth: '20100303', male: false, seq: 1 });
    expectIssue(memAt(runMonOne({}, setP(2, { id_number: daughterId, gender: '女' })), 4), 'relation_gender', 'relation', 'warning');
    clean(runMonOne({}, setP(2, { id_number: daughterId, gender: '女', relation: '之女' })));
    expectIssue(memAt(runMonOne({}, setP(2, { relation: '女' })), 4), 'relation_gender', 'relation', 'warning');
    // the two 孙子女 forms imply no gender
    clean(runMonOne({}, setP(2, { relation: '之孙子/孙女' })));
    clean(runMonOne({}, setP(2, { relation: '外孙子/外孙女' })));
  });
  it('relation_gender: 配偶 of the same gender as the 户主 row', () => {
    const maleSpouse = makeId({ birth: '19720202', male: true, seq: 1 });
    expectIssue(memAt(runMonOne({}, setP(1, { id_number: maleSpouse, gender: '男' })), 3), 'relation_gender', 'relation', 'warning');
    // no 户主 row → skipped (head_count fires on the household)
    const res = runMonOne({}, (p) =>
      p.map((x, i) => (i === 0 ? { ...x, relation: '其他' } : i === 1 ? { ...x, id_number: maleSpouse, gender: '男' } : x)),
    );
    expectNo(memAt(res, 3), 'relation_gender');
    // head's gender unknown → skipped
    const res2 = runMonOne({}, (p) =>
      p.map((x, i) => (i === 0 ? { ...x, gender: '未知' } : i === 1 ? { ...x, id_number: maleSpouse, gender: '男' } : x)),
    );
    expectNo(memAt(res2, 3), 'relation_gender');
  });
  it('labor_age', () => {
    expectIssue(memAt(runMonOne({}, setP(2, { labor: '普通劳动力' })), 4), 'labor_age', 'labor', 'warning');
    expectIssue(memAt(runMonOne({}, setP(0, { labor: '无劳动力' })), 2), 'labor_age', 'labor', 'warning');
    expectIssue(memAt(runMonOne({}, setP(0, { labor: '丧失劳动力', schooling: null })), 2), 'labor_age', 'labor', 'warning');
    expectNo(memAt(runMonOne({}, setP(0, { labor: '丧失劳动力', health: '残疾' })), 2), 'labor_age');
    expectNo(memAt(runMonOne({}, setP(0, { labor: '无劳动力', schooling: '本科' })), 2), 'labor_age');
    const old = makeId({ birth: '19600101', male: true, seq: 1 }); // 62
    expectNo(memAt(runMonOne({}, setP(0, { labor: '无劳动力', id_number: old })), 2), 'labor_age');
    expectNo(memAt(runMonOne({}, setP(2, { labor: '普通劳动力', id_number: 'bad' })), 4), 'labor_age');
  });
  it('schooling_age', () => {
    expectIssue(memAt(runMonOne({}, setP(2, { schooling: '本科' })), 4), 'schooling_age', 'schooling', 'warning');
    expectIssue(memAt(runMonOne({}, setP(2, { schooling: '学前教育' })), 4), 'schooling_age', 'schooling', 'warning');
    expectIssue(memAt(runMonOne({}, setP(2, { schooling: '普通高中一年级' })), 4), 'schooling_age', 'schooling', 'warning'); // 12 < 14
    expectNo(memAt(runMonOne({}, setP(2, { schooling: '七年级' })), 4), 'schooling_age'); // 12 ≥ 11
    expectIssue(memAt(runMonOne({}, setP(0, { schooling: '小学一年级' })), 2), 'schooling_age', 'schooling', 'warning'); // 52 > 15
  });
  it('school_age_not_enrolled: age 6–15, schooling empty or 非在校生, no reason', () => {
    expectIssue(memAt(runMonOne({}, setP(2, { schooling: null })), 4), 'school_age_not_enrolled', 'schooling', 'warning');
    expectIssue(memAt(runMonOne({}, setP(2, { schooling: '非在校生' })), 4), 'school_age_not_enrolled', 'schooling', 'warning');
    expectNo(memAt(runMonOne({}, setP(2, { schooling: null, out_of_school_reason: '身体原因' })), 4), 'school_age_not_enrolled');
    expectNo(
      memAt(runMonOne({}, setP(2, { schooling: null, id_number: makeId({ birth: '20061231', male: true, seq: 1 }) })), 4),
      'school_age_not_enrolled',
    ); // 16
    expectIssue(
      memAt(runMonOne({}, setP(2, { schooling: null, id_number: makeId({ birth: '20070101', male: true, seq: 1 }) })), 4),
      'school_age_not_enrolled',
      'schooling',
      'warning',
    ); // 15
    expectIssue(
      memAt(
        runMonOne({}, setP(2, { schooling: null, labor: '无劳动力', id_number: makeId({ birth: '20161231', male: true, seq: 1 }) })),
        4,
      ),
      'school_age_not_enrolled',
      'schooling',
      'warning',
    ); // 6
    expectNo(
      memAt(runMonOne({}, setP(2, { schooling: null, id_number: makeId({ birth: '20170101', male: true, seq: 1 }) })), 4),
      'school_age_not_enrolled',
    ); // 5
  });
  it('medical_double', () => {
    expectIssue(memAt(runMonOne({}, setP(0, { medical_employee: '是' })), 2), 'medical_double', 'medical_employee', 'warning');
    expectNo(memAt(runMonOne({}, setP(0, { medical_employee: '是', medical_resident: '否' })), 2), 'medical_double');
  });
  it('income_inconsistent: (sum − production_expense) / size vs per_capita_income', () => {
    expectIssue(hh(runMonOne({ per_capita_income: 14000 })), 'income_inconsistent', 'per_capita_income', 'warning');
    expectNo(hh(runMonOne({ per_capita_income: 13000 })), 'income_inconsistent');
    // expense missing counts as 0: (42000)/3 = 14000
    expectNo(hh(runMonOne({ production_expense: null, per_capita_income: 14000 })), 'income_inconsistent');
    expectIssue(hh(runMonOne({ production_expense: null })), 'income_inconsistent', 'per_capita_income', 'warning');
    expectNo(hh(runMonOne({ wage_income: null, per_capita_income: 20000 })), 'income_inconsistent');
    // household_size falls back to the number of rows
    expectNo(hh(runMonOne({ household_size: null })), 'income_inconsistent');
  });
  it('phone_format', () => {
    for (const ok of ['13800138000', 13800138000, '13800138000.0', '19912345678'])
      expectNo(memAt(runMonOne({}, setP(0, { phone: ok })), 2), 'phone_format');
    for (const bad of ['12800138000', '1380013800', '138001380001', '0871-1234567', '13800138000.00', '1380013800O'])
      expectIssue(memAt(runMonOne({}, setP(0, { phone: bad })), 2), 'phone_format', 'phone', 'warning');
  });
});

// ------------------------------------------------------------------ §4 indicators, score, riskEliminable, risk

describe('indicators', () => {
  const ind = (over: Rec, edit?: Edit) => hh(runMonOne(over, edit)).indicators;
  it('income: ≥ monitoring_line', () => {
    expect(ind({ per_capita_income: 7000, wage_income: 15000 }).income).toBe(true);
    expect(ind({ per_capita_income: 6999, wage_income: 14997 }).income).toBe(false);
    expect(ind({ per_capita_income: 'x' }).income).toBe(null);
    expect(ind({ per_capita_income: null }).income).toBe(null);
  });
  it('housing: unsafe_housing 否', () => {
    expect(ind({ unsafe_housing: 'N' }).housing).toBe(true);
    expect(ind({ unsafe_housing: '是' }).housing).toBe(false);
    expect(ind({ unsafe_housing: null }).housing).toBe(null);
  });
  it('water: water_solved 是', () => {
    expect(ind({ water_solved: true }).water).toBe(true);
    expect(ind({ water_solved: 0 }).water).toBe(false);
    expect(ind({ water_solved: 2 }).water).toBe(null);
  });
  it('education: false on dropout 是 or a member firing school_age_not_enrolled; null only when dropout_flag unparsed', () => {
    expect(ind({}).education).toBe(true);
    expect(ind({ dropout_flag: null }).education).toBe(true);
    expect(ind({ dropout_flag: '是' }).education).toBe(false);
    expect(ind({}, setP(2, { schooling: null })).education).toBe(false);
    expect(ind({ dropout_flag: '?' }).education).toBe(null);
    expect(ind({ dropout_flag: '?' }, setP(2, { schooling: null })).education).toBe(false);
  });
  it('medical: false / null / true', () => {
    expect(ind({}).medical).toBe(true);
    expect(ind({}, setP(1, { medical_resident: '否' })).medical).toBe(false);
    expect(ind({}, setP(1, { medical_resident: '否', medical_employee: null })).medical).toBe(false);
    expect(ind({}, setP(1, { medical_resident: '否', medical_employee: '是' })).medical).toBe(true);
    expect(ind({}, setP(1, { medical_resident: null })).medical).toBe(null);
    expect(ind({}, setP(1, { medical_resident: 'x' })).medical).toBe(null);
    expect(ind({}, setP(1, { medical_resident: '否', medical_employee: 'x' })).medical).toBe(null);
    expect(
      ind({}, (p) => p.map((x, i) => (i === 1 ? { ...x, medical_resident: null } : i === 2 ? { ...x, medical_resident: '否' } : x)))
        .medical,
    ).toBe(false);
  });
  it('score', () => {
    expect(hh(runMonOne({ unsafe_housing: '是' })).score).toBe(80);
    expect(hh(runMonOne({ per_capita_income: 5000, wage_income: 9000 })).score).toBe(65);
    expect(hh(runMonOne({ water_solved: '否', dropout_flag: '是' })).score).toBe(75);
    expect(hh(runMonOne({}, setP(1, { medical_resident: null }))).score).toBe(80);
  });
  it('riskEliminable', () => {
    expect(hh(runMonOne()).riskEliminable).toBe(true);
    expect(hh(runMonOne({ identified_month: 202206 })).riskEliminable).toBe(true); // 6 months
    expect(hh(runMonOne({ identified_month: 202207 })).riskEliminable).toBe(false); // 5
    expect(hh(runMonOne({ identified_month: 202207 }, undefined, { referenceDate: '2023-01-31' })).riskEliminable).toBe(true);
    expect(hh(runMonOne({ monitoring_category: null, identified_month: null, risk_1: null, risk_eliminated: null })).riskEliminable).toBe(
      false,
    );
    expect(hh(runMonOne({ risk_eliminated: null })).riskEliminable).toBe(false); // monitored_fields error
    expect(hh(runMonOne({ risk_eliminated: '是', elimination_method: '自然消除', eliminated_month: 202211 })).riskEliminable).toBe(false);
    expect(hh(runMonOne({ unsafe_housing: '是' })).riskEliminable).toBe(false);
    expect(hh(runMonOne({ dropout_flag: '?' })).riskEliminable).toBe(false);
    expect(hh(runMonOne({}, setP(1, { gender: '男' }))).riskEliminable).toBe(false); // error on a person row
    expect(hh(runMonOne({}, setP(0, { phone: '123' }))).riskEliminable).toBe(true); // a warning only
    expect(hh(runMonOne({ risk_1: '因残' })).riskEliminable).toBe(true); // household warning only
  });
  it('risk levels', () => {
    const lvl = (over: Rec, edit?: Edit) => hh(runMonOne(over, edit)).riskLevel;
    const un = { monitoring_category: null, identified_month: null, risk_1: null, risk_eliminated: null };
    expect(lvl(un)).toBe(3);
    expect(lvl({ ...un, unsafe_housing: '是' })).toBe(1);
    expect(lvl({ ...un }, setP(1, { medical_resident: null }))).toBe(1); // null indicator
    expect(lvl({ ...un, per_capita_income: 6999, wage_income: 14997 })).toBe(1);
    expect(lvl({})).toBe(2); // monitored, not eliminated
    expect(lvl({ ...un, per_capita_income: 10499, wage_income: 25497 })).toBe(2);
    expect(lvl({ ...un, per_capita_income: 10500, wage_income: 25500 })).toBe(3);
    // transfer share > 0.5 (no expense subtracted)
    expect(
      lvl({ ...un, wage_income: 10000, production_income: 5000, property_income: 1000, transfer_income: 20000, production_expense: 0 }),
    ).toBe(2);
    expect(
      lvl({ ...un, wage_income: 10000, production_income: 8000, property_income: 0, transfer_income: 18000, production_expense: 0 }),
    ).toBe(3);
    expect(lvl({ risk_eliminated: '是', elimination_method: '自然消除', eliminated_month: 202211 })).toBe(3);
    expect(lvl({ ...un, monitoring_category: '乱填' })).toBe(3); // invalid category: neither
  });
  it('statusClass: poor = monitored and not eliminated; exited = eliminated', () => {
    expect(hh(runMonOne()).statusClass).toBe('poor');
    expect(hh(runMonOne({ risk_eliminated: null })).statusClass).toBe('poor');
    expect(hh(runMonOne({ monitoring_category: null, identified_month: null, risk_1: null, risk_eliminated: null })).statusClass).toBe(
      null,
    );
  });
});

describe('summary (profile §5)', () => {
  it('households/persons, monitored by category and elimination, errors and warnings of households and person rows', () => {
    const rows = [
      ...monRows(monHousehold(1), monPersons(1)),
      ...monRows(
        monHousehold(2, { risk_eliminated: '是', elimination_method: '自然消除', eliminated_month: 202211, township: '新哨镇' }),
        monPersons(2).map((p, i) => (i === 1 ? { ...p, phone: '1' } : p)),
      ),
      ...monRows(
        monHousehold(3, {
          monitoring_category: null,
          identified_month: null,
          risk_1: null,
          risk_eliminated: null,
          unsafe_housing: '是',
          dibao: '是',
        }),
        monPersons(3).map((p, i) => (i === 2 ? { ...p, gender: '女' } : p)),
      ),
    ];
    const s = runMon(personSheet(rows)).summary;
    const c = s.total.counters;
    expect(c.households).toBe(3);
    expect(c.persons).toBe(9);
    expect(c['households.monitored.边缘易致贫户.not_eliminated']).toBe(1);
    expect(c['households.monitored.边缘易致贫户.eliminated']).toBe(1);
    expect(c['households.risk_eliminable']).toBe(1);
    expect(c['households.unmonitored_with_problem']).toBe(1);
    expect(c['households.indicator_failed.housing']).toBe(1);
    expect(c.households_with_errors).toBe(1);
    expect(c.households_with_warnings).toBe(2);
    expect(c.person_rows_with_errors).toBe(1);
    expect(c.person_rows_with_warnings).toBe(2); // phone_format; the 之子 with 女 also gets relation_gender
    expect(c['issues.gender_mismatch']).toBe(1);
    expect(c['issues.phone_format']).toBe(1);
    expect(s.total.rates.dibao_tekun_share).toBeCloseTo(1 / 3, 12);
    expect(s.townships['新哨镇'].counters.households).toBe(1);
    expect(s.townships['新哨镇'].counters['issues.phone_format']).toBe(1);
    expect(s.townships['东山镇'].counters.households).toBe(0);
  });
});

// ------------------------------------------------------------------ both layouts

describe('person-per-row and household + member sheets give the same household results', () => {
  const variants: { name: string; hh: Rec; edit?: Edit }[] = [
    { name: 'baseline', hh: {} },
    { name: 'unsafe housing', hh: { unsafe_housing: '是' } },
    {
      name: 'eliminated too soon, below line',
      hh: { risk_eliminated: '是', elimination_method: '帮扶消除', eliminated_month: 202205, per_capita_income: 6000, wage_income: 12000 },
    },
    { name: 'monitored fields missing', hh: { identified_month: null, risk_1: null } },
    { name: 'two heads', hh: {}, edit: setP(1, { relation: '户主' }) },
    { name: 'size mismatch', hh: { household_size: 4 } },
    { name: 'child not enrolled', hh: {}, edit: setP(2, { schooling: null }) },
    { name: 'medical false', hh: {}, edit: setP(1, { medical_resident: '否' }) },
    {
      name: 'unmonitored low income',
      hh: {
        monitoring_category: null,
        identified_month: null,
        risk_1: null,
        risk_eliminated: null,
        per_capita_income: 5000,
        wage_income: 9000,
      },
    },
    { name: 'risk types', hh: { risk_1: '因残', risk_2: '缺劳动力' } },
    { name: 'unparsed values', hh: { dropout_flag: '?', identified_month: '2022.03', per_capita_income: '1.2万' } },
    {
      name: 'no labor eliminated',
      hh: { risk_eliminated: '是', elimination_method: '自然消除', eliminated_month: 202210 },
      edit: (p) => p.map((x) => ({ ...x, labor: '无劳动力', health: '残疾' })),
    },
    { name: 'gender mismatch', hh: {}, edit: setP(1, { gender: '男' }) },
    { name: 'unknown township', hh: { township: '外县' } },
  ];
  const households = variants.map((v, i) => ({ hh: monHousehold(i + 1, v.hh), persons: (v.edit ?? ((p) => p))(monPersons(i + 1)) }));
  const ppr = runMon(personSheet(households.flatMap((h) => monRows(h.hh, h.persons))));
  const split = splitSheets(households);
  const hm = runMon(split.households, split.members);
  const view = householdView;
  it('layouts are detected', () => {
    expect(ppr.layout).toBe('person-per-row');
    expect(hm.layout).toBe('household-member');
    expect(ppr.sheetIssues).toEqual([]);
    expect(hm.sheetIssues).toEqual([]);
  });
  variants.forEach((v, i) => {
    it(v.name, () => {
      expect(view(hm)[i]).toEqual(view(ppr)[i]);
    });
  });
  it('person results carry the same rule ids', () => {
    const p = (r: RosterResult) => r.members.map((m) => m.issues.map((i) => i.rule).sort());
    expect(p(hm)).toEqual(p(ppr));
  });
  it('summaries agree', () => {
    expect(hm.summary).toEqual(ppr.summary);
  });
  it('the person sheet alone with just person columns in any order still groups', () => {
    const keys = [
      ...Object.keys(PERSON_HEADERS),
      'household_id',
      'township',
      'village',
      'household_type',
      'unsafe_housing',
      'water_solved',
      'per_capita_income',
    ].reverse();
    const res = runMon(personSheet(monRows(monHousehold(1, { monitoring_category: null }), monPersons(1)), { columns: keys }));
    expect(res.layout).toBe('person-per-row');
    expect(res.sheetIssues).toEqual([]);
    expect(res.households).toHaveLength(1);
  });
});

describe('sheet-level problems (monitoring)', () => {
  it('missing required column: fatal, once', () => {
    const keys = Object.keys({ ...monHousehold(1), ...monPersons(1)[0] }).filter((k) => k !== 'household_type');
    const res = runMon(personSheet(monRows(monHousehold(1), monPersons(1)), { columns: keys }));
    expect(res.sheetIssues.map((s) => [s.rule, s.field, s.fatal])).toEqual([['missing_column', 'household_type', true]]);
    expect(allIssues(res).filter((i) => i.rule === 'required')).toEqual([]);
  });
  it('a duplicated header is a sheet-level problem', () => {
    const res = runMon(personSheet(monRows(monHousehold(1), monPersons(1)), { extra: { 身份证号: 'x' } }));
    expect(res.sheetIssues.map((s) => [s.rule, s.field])).toEqual([['duplicate_column', 'id_number']]);
  });
});

describe('reference date (profile §4 defaults: the last day of the period)', () => {
  const t = () => personSheet(monRows(monHousehold(1), monPersons(1)));
  it('explicit referenceDate wins', () => {
    expect(runMon(t(), null, { referenceDate: '2022-09-30' }).referenceDate).toBe('2022-09-30');
  });
  it('a year period → its last day', () => {
    expect(runMon(t(), null, { referenceDate: undefined, period: '2022' }).referenceDate).toBe('2022-12-31');
  });
  it('a month period → the last day of that month', () => {
    const res = runMon(t(), null, { referenceDate: undefined, period: '2022-06' });
    expect(res.referenceDate).toBe('2022-06-30');
    // identified 202203 → 3 months by 2022-06: not yet eliminable
    expect(hh(res).riskEliminable).toBe(false);
  });
});

describe('member sheet presence (split layout)', () => {
  it('a member sheet with only its header row is not present: no member-count rules', () => {
    const s = splitSheets([{ hh: monHousehold(1), persons: monPersons(1) }]);
    const res = runMon(s.households, s.members.slice(0, 1));
    expectNo(hh(res), 'head_count');
    expectNo(hh(res), 'size_mismatch');
  });
});

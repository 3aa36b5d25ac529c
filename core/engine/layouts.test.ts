import { describe, expect, it } from 'vitest';
import {
  defaultHousehold,
  defaultMembers,
  expectIssue,
  HH_HEADERS,
  householdSheet,
  householdView,
  MEM_HEADERS,
  memAt,
  memberSheet,
  monHousehold,
  monPersons,
  type Rec,
  runDefault,
  runMon,
  sheet,
  splitSheets,
} from './testkit';

/**
 * Both layouts for both profiles (monitoring-profile §1): the same households as household +
 * member sheets and as one row per person give the same household results; what belongs to a
 * layout (member_orphan, household_value_conflict) is checked in both profiles.
 */

/** The default profile's sheets as one row per person: household columns repeated on every row. */
const personRows = (households: { hh: Rec; members: Rec[] }[]): Rec[] =>
  households.flatMap(({ hh, members }) => members.map((m) => ({ ...hh, ...m })));
const defaultPersonSheet = (rows: Rec[]) => sheet({ ...HH_HEADERS, ...MEM_HEADERS }, rows);

const view = householdView;

describe('default profile: one row per person gives the household + member sheets’ results', () => {
  const variants: { name: string; hh: Rec; edit?: (m: Rec[]) => Rec[] }[] = [
    { name: 'baseline', hh: {} },
    { name: 'household size missing', hh: { household_size: null } },
    { name: 'household size not a number', hh: { household_size: '三' } },
    { name: 'household size out of range', hh: { household_size: 0 } },
    { name: 'household size differs from the members', hh: { household_size: 4 } },
    { name: 'not yet out of poverty, unsafe housing', hh: { status: '未脱贫', exit_year: null, housing_grade: 'D' } },
    { name: 'no 户主 among the members', hh: {}, edit: (m) => m.map((x) => (x.relation === '户主' ? { ...x, relation: '其他' } : x)) },
    { name: 'a dropout', hh: {}, edit: (m) => m.map((x) => (x.relation === '之子' ? { ...x, schooling: '辍学' } : x)) },
    { name: 'a member not insured', hh: {}, edit: (m) => m.map((x) => (x.relation === '配偶' ? { ...x, medical_insured: '否' } : x)) },
    { name: 'an invalid enum on a member', hh: {}, edit: (m) => m.map((x) => (x.relation === '配偶' ? { ...x, health: '很好' } : x)) },
  ];
  const households = variants.map((v, i) => {
    const hh = defaultHousehold(i + 1, v.hh);
    return { hh, members: (v.edit ?? ((m) => m))(defaultMembers(i + 1, hh)) };
  });
  const split = runDefault(householdSheet(households.map((h) => h.hh)), memberSheet(households.flatMap((h) => h.members)));
  const perPerson = runDefault(defaultPersonSheet(personRows(households)));

  it('layouts are detected', () => {
    expect(split.layout).toBe('household-member');
    expect(perPerson.layout).toBe('person-per-row');
    expect(perPerson.sheetIssues).toEqual([]);
  });
  variants.forEach((v, i) => {
    it(v.name, () => {
      expect(view(perPerson)[i]).toEqual(view(split)[i]);
    });
  });
  it('summaries agree', () => {
    expect(perPerson.summary).toEqual(split.summary);
  });
});

describe('default profile, one row per person: repeated household cells', () => {
  it('a differing cell gets household_value_conflict on its own row; the 户主 row gives the value', () => {
    const hh = defaultHousehold(1);
    const rows = personRows([{ hh, members: defaultMembers(1, hh) }]);
    rows[1] = { ...rows[1], status: '未脱贫', per_capita_income: 3000 };
    const res = runDefault(defaultPersonSheet(rows));
    expect(res.layout).toBe('person-per-row');
    expect(res.households[0].exitEligible).toBe(true);
    const conflicts = memAt(res, 3).issues.filter((i) => i.rule === 'household_value_conflict');
    expect(conflicts.map((i) => [i.field, i.severity]).sort()).toEqual([
      ['per_capita_income', 'error'],
      ['status', 'error'],
    ]);
    expect(memAt(res, 2).issues).toEqual([]);
    expect(res.summary.total.counters['issues.household_value_conflict']).toBe(2);
  });
});

describe('monitoring profile, household + member sheets', () => {
  it('a member whose 户编号 is on no household row is a member_orphan', () => {
    const { households, members } = splitSheets([{ hh: monHousehold(1), persons: monPersons(1) }]);
    const stray = [...members[1]];
    stray[0] = '99999';
    const res = runMon(households, [...members, stray]);
    expect(res.layout).toBe('household-member');
    expectIssue(memAt(res, members.length + 1), 'member_orphan', 'household_id', 'error');
    expect(res.households[0].issues).toEqual([]);
  });
  it('a 户编号 on two household rows is `unique` on the second (the national 户编号 is unique, profile §1)', () => {
    const { households, members } = splitSheets([{ hh: monHousehold(1), persons: monPersons(1) }]);
    const res = runMon([...households, households[1]], members);
    expectIssue(res.households[1], 'unique', 'household_id', 'error');
    expect(res.households[0].issues.map((i) => i.rule)).not.toContain('unique');
  });
});

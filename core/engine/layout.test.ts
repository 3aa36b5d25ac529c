import { describe, expect, it } from 'vitest';
import {
  defaultHousehold,
  defaultMembers,
  householdSheet,
  MEM_HEADERS,
  memberSheet,
  monHousehold,
  monPersons,
  monRows,
  PERSON_KEYS,
  PPR_HEADERS,
  personSheet,
  runDefault,
  runMon,
  sheet,
} from './testkit';

// Which layout the engine reads (spec §1, §5; monitoring profile §1): decided by columns.

const sheetRules = (res: { sheetIssues: { sheet: string; rule: string; field: string | null; fatal: boolean }[] }) =>
  res.sheetIssues.map((s) => [s.sheet, s.rule, s.field, s.fatal]);

describe('member sheet presence (spec §5: present when it has at least one data row)', () => {
  const households = householdSheet([defaultHousehold(1)]);
  const alone = runDefault(households);

  it('a member sheet with only a header is absent: same results as no member sheet, no sheet issue', () => {
    for (const members of [
      sheet(MEM_HEADERS, []),
      [['户编号', '姓名', '证件号码']],
      [['家庭成员信息表'], [], ['户编号', '姓名', '证件号码']],
    ]) {
      const res = runDefault(households, members);
      expect(res.unreadable).toBe(false);
      expect(res.sheetIssues).toEqual([]);
      expect(res.households).toEqual(alone.households);
    }
  });

  it('a member sheet with content but no header row cannot be read: fatal no_header', () => {
    for (const members of [[['家庭成员信息表']], [['家庭成员'], ['foo', 'bar'], ['1', '2']]]) {
      const res = runDefault(households, members);
      expect(res.unreadable).toBe(true);
      expect(sheetRules(res)).toEqual([['members', 'no_header', null, true]]);
    }
  });

  it('a member sheet with data rows is read', () => {
    const hh = defaultHousehold(1);
    const res = runDefault(householdSheet([hh]), sheet(MEM_HEADERS, defaultMembers(1, hh)));
    expect(res.members.length).toBeGreaterThan(0);
    expect(res.sheetIssues).toEqual([]);
  });

  it('monitoring: a header-only member sheet leaves the export read one row per person', () => {
    const rows = monRows(monHousehold(1), monPersons(1));
    const alone = runMon(personSheet(rows, { title: ['防止返贫监测对象信息表', '单位：户、人'] }));
    const memberHeader = sheet({ household_id: '户编号', name: '姓名', id_number: '证件号码', relation: '与户主关系' }, []);
    const res = runMon(personSheet(rows, { title: ['防止返贫监测对象信息表', '单位：户、人'] }), memberHeader);
    expect(res.layout).toBe('person-per-row');
    expect(res.sheetIssues).toEqual([]);
    expect(res.households).toEqual(alone.households);
  });
});

describe('a sheet with its header but no data row', () => {
  it('is a no_rows warning: a township may have no household to report', () => {
    const header = householdSheet([]);
    for (const res of [
      runDefault(header),
      runDefault(header, memberSheet([])),
      runMon(personSheet([], { title: ['防止返贫监测对象信息表'] })),
    ]) {
      expect(res.unreadable).toBe(false);
      expect(res.households).toEqual([]);
      expect(sheetRules(res)).toContainEqual(['households', 'no_rows', null, false]);
      expect(res.sheetIssues.find((i) => i.rule === 'no_rows')?.message.zh).toBe('表头下没有数据行（本表没有一户）');
    }
  });
});

describe('person-per-row detection', () => {
  it('a household sheet with unknown ID-number and relation columns stays a household sheet (unknown columns are ignored)', () => {
    const hh = defaultHousehold(1);
    const plain = runDefault(householdSheet([hh]));
    for (const extra of [
      { 身份证号: '110101199003078038', 与户主关系: '户主' },
      { 与户主关系: '户主' }, // with 证件号码 as the head_id header below
    ]) {
      const headers: Record<string, string> = '身份证号' in extra ? {} : { head_id: '证件号码' };
      const res = runDefault(householdSheet([hh], { extra, headers }));
      expect(res.layout).toBe('household-member');
      expect(res.sheetIssues).toEqual([]);
      expect(res.households).toEqual(plain.households);
    }
  });

  it('a household sheet carrying some of the head’s person columns stays a household sheet when every row is a 户主 of its own 户编号', () => {
    const households = [defaultHousehold(1), defaultHousehold(2)];
    const plain = runDefault(householdSheet(households));
    // 证件号码 (a head_id alias) + 与户主关系 + 性别; and four person columns without ID or relation.
    const cases: { extra: Record<string, string>; headers: Record<string, string> }[] = [
      { extra: { 与户主关系: '户主', 性别: '男' }, headers: { head_id: '证件号码' } },
      { extra: { 性别: '男', 健康状况: '健康', 劳动技能: '普通劳动力', 在校生状况: '非在校生' }, headers: {} },
    ];
    for (const { extra, headers } of cases) {
      const res = runDefault(householdSheet(households, { extra, headers }));
      expect(res.layout).toBe('household-member');
      expect(res.sheetIssues).toEqual([]);
      expect(res.households).toEqual(plain.households);
    }
    // With a relation column of 户主 only, a repeated 户编号 is the household sheet's `unique` error.
    const twice = runDefault(householdSheet([households[0], households[0], households[1]], cases[0]));
    expect(twice.layout).toBe('household-member');
    expect(twice.households[1].issues.map((i) => i.rule)).toContain('unique');
    // The same columns on rows that repeat a 户编号 (or name another relation) are an export.
    const repeated = runDefault(householdSheet([households[0], households[0]], { extra: cases[1].extra, headers: {} }));
    expect(repeated.layout).toBe('person-per-row');
    const spouse = runDefault(householdSheet(households, { extra: { ...cases[0].extra, 与户主关系: '配偶' }, headers: cases[0].headers }));
    expect(spouse.layout).toBe('person-per-row');
  });

  it('an export without its relation or ID-number column is still read per person, with a fatal missing_column', () => {
    const rows = monRows(monHousehold(1), monPersons(1));
    for (const missing of ['relation', 'id_number']) {
      const columns = Object.keys(PPR_HEADERS).filter((k) => k !== missing);
      const res = runMon(personSheet(rows, { columns }));
      expect(res.layout).toBe('person-per-row');
      expect(res.unreadable).toBe(true);
      expect(sheetRules(res)).toContainEqual(['households', 'missing_column', missing, true]);
    }
  });

  it('a full export is read per person, and so is one with only the person columns the profile requires', () => {
    const rows = monRows(monHousehold(1), monPersons(1));
    expect(runMon(personSheet(rows)).layout).toBe('person-per-row');
    const required = ['name', 'id_number', 'relation', 'gender', 'health', 'labor', 'medical_resident'];
    expect(required.every((k) => PERSON_KEYS.includes(k))).toBe(true);
    const columns = Object.keys(PPR_HEADERS).filter((k) => !PERSON_KEYS.includes(k) || required.includes(k));
    expect(runMon(personSheet(rows, { columns })).layout).toBe('person-per-row');
  });
});

import { describe, expect, it } from 'vitest';
import { compileCriteria } from '../criteria/compile';
import { defaultCriteria, monitoringCriteria } from '../criteria/profiles/index';
import { columnLetter } from '../sheet/header';
import type { CriteriaDocument } from '../criteria/schema';
import type { Issue, RosterResult, Table } from '../types';
import { evaluateRoster } from './evaluate';
import {
  defaultHousehold,
  defaultMembers,
  HH_HEADERS,
  householdSheet,
  MEM_HEADERS,
  memberSheet,
  MON_REF_DATE,
  monHousehold,
  monPersons,
  monRows,
  personSheet,
  REF_DATE,
  type Rec,
  runDefault,
  runMon,
  sheet,
  splitSheets,
} from './testkit';

/**
 * Every issue points at the cell that is wrong (issue 11): the sheet, the worksheet row and the
 * column — in a person-per-row export the row where the bad value is, not the 户主 row.
 */

/** 0-based column of a header in a table whose header is its first row. */
const col = (table: Table, header: string): number => {
  const k = table[0].indexOf(header);
  if (k < 0) throw new Error(`no column ${header}`);
  return k;
};
const where = (i: Issue) => ({ sheet: i.sheet, row: i.row, column: i.column, columnIndex: i.columnIndex });
const all = (r: RosterResult): Issue[] => [...r.households.flatMap((h) => h.issues), ...r.members.flatMap((m) => m.issues)];
const edited = (base: unknown, edit: (d: CriteriaDocument) => void) => {
  const doc = structuredClone(base) as CriteriaDocument;
  edit(doc);
  return compileCriteria(doc);
};

describe('person-per-row: a household value points at the rows that hold it', () => {
  // 人均纯收入 blank on the 户主 row (worksheet row 2), `abc` on the two rows below (3 and 4).
  const rows = monRows(monHousehold(1), monPersons(1));
  rows[0] = { ...rows[0], per_capita_income: null };
  rows[1] = { ...rows[1], per_capita_income: 'abc' };
  rows[2] = { ...rows[2], per_capita_income: 'abc' };
  const table = personSheet(rows);
  const income = col(table, '人均纯收入(元)');
  const result = runMon(table);

  it('the type error names the two `abc` cells, not the 户主 row’s blank one', () => {
    expect(result.layout).toBe('person-per-row');
    const [issue] = result.households[0].issues.filter((i) => i.field === 'per_capita_income');
    expect(issue.rule).toBe('type');
    expect(where(issue)).toEqual({ sheet: 'households', row: 3, column: columnLetter(income), columnIndex: income });
    expect(issue.cells).toEqual([
      { sheet: 'households', row: 3, column: columnLetter(income), columnIndex: income },
      { sheet: 'households', row: 4, column: columnLetter(income), columnIndex: income },
    ]);
    // The household result itself stays on the 户主 row; no conflict (the two cells agree).
    expect(result.households[0].row).toBe(2);
    expect(all(result).filter((i) => i.rule === 'household_value_conflict')).toEqual([]);
  });

  it('a value on one row only names that cell alone', () => {
    const one = monRows(monHousehold(1), monPersons(1)).map((r, k) => ({ ...r, per_capita_income: k === 2 ? 'abc' : null }));
    const [issue] = runMon(personSheet(one)).households[0].issues.filter((i) => i.field === 'per_capita_income');
    expect(where(issue)).toEqual({ sheet: 'households', row: 4, column: columnLetter(income), columnIndex: income });
    expect(issue.cells).toBeUndefined();
  });

  it('a value missing on every row points at the 户主 row', () => {
    const none = monRows(monHousehold(1), monPersons(1)).map((r) => ({ ...r, township: null }));
    const t = personSheet(none);
    const [issue] = runMon(t).households[0].issues.filter((i) => i.field === 'township');
    expect(issue.rule).toBe('required');
    expect(where(issue)).toEqual({ sheet: 'households', row: 2, column: columnLetter(col(t, '乡(镇)')), columnIndex: col(t, '乡(镇)') });
  });
});

describe('household_value_conflict names every conflicting cell', () => {
  it('monitoring: each differing row names its cell and the cell the household value came from', () => {
    const rows = monRows(monHousehold(1), monPersons(1));
    rows[1] = { ...rows[1], per_capita_income: 7000 };
    rows[2] = { ...rows[2], per_capita_income: 'n/a' };
    const table = personSheet(rows);
    const k = col(table, '人均纯收入(元)');
    const result = runMon(table);
    const conflicts = all(result).filter((i) => i.rule === 'household_value_conflict');
    const cell = (row: number) => ({ sheet: 'households', row, column: columnLetter(k), columnIndex: k });
    expect(conflicts.map((i) => [where(i), i.cells])).toEqual([
      [{ ...cell(3) }, [cell(2), cell(3)]],
      [{ ...cell(4) }, [cell(2), cell(4)]],
    ]);
  });

  it('default profile one row per person: the value from a later row when the 户主 row is blank', () => {
    const hh = defaultHousehold(1);
    const rows = defaultMembers(1, hh).map((m) => ({ ...hh, ...m }));
    rows[0] = { ...rows[0], labor_count: null };
    rows[1] = { ...rows[1], labor_count: 2 };
    rows[2] = { ...rows[2], labor_count: 3 };
    const table = sheet({ ...HH_HEADERS, ...MEM_HEADERS }, rows);
    const k = col(table, HH_HEADERS.labor_count);
    const result = runDefault(table);
    expect(result.layout).toBe('person-per-row');
    const [conflict] = all(result).filter((i) => i.rule === 'household_value_conflict');
    const cell = (row: number) => ({ sheet: 'households', row, column: columnLetter(k), columnIndex: k });
    expect(where(conflict)).toEqual(cell(4));
    expect(conflict.cells).toEqual([cell(3), cell(4)]);
  });
});

describe('household + member sheets', () => {
  it('default: a household issue on the household sheet, a member issue on the member sheet', () => {
    const hh = defaultHousehold(1, { housing_grade: 'Z' });
    const members = defaultMembers(1, hh).map((m, k) => (k === 1 ? { ...m, health: '很好' } : m));
    const hhTable = householdSheet([hh]);
    const memTable = memberSheet(members);
    const result = runDefault(hhTable, memTable);
    const [grade] = result.households[0].issues.filter((i) => i.field === 'housing_grade');
    const g = col(hhTable, HH_HEADERS.housing_grade);
    expect(where(grade)).toEqual({ sheet: 'households', row: 2, column: columnLetter(g), columnIndex: g });
    const health = all(result).find((i) => i.field === 'health')!;
    const h = col(memTable, MEM_HEADERS.health);
    expect(where(health)).toEqual({ sheet: 'members', row: 3, column: columnLetter(h), columnIndex: h });
  });

  it('monitoring split: a person check marking a household column points at the household sheet', () => {
    const criteria = edited(monitoringCriteria, (d) => {
      const rule = d.rules.find((r) => r.id === 'labor_age');
      if (rule?.kind === 'check') rule.checks[0].field = 'household_type';
    });
    const persons = monPersons(1).map((p, k) => (k === 0 ? { ...p, labor: '无劳动力' } : p));
    const { households, members } = splitSheets([{ hh: monHousehold(1), persons }]);
    const result = evaluateRoster(criteria, { households, members, referenceDate: MON_REF_DATE });
    expect(result.layout).toBe('household-member');
    const issue = result.members[0].issues.find((i) => i.rule === 'labor_age')!;
    const t = col(households, '户类型');
    expect(where(issue)).toEqual({ sheet: 'households', row: 2, column: columnLetter(t), columnIndex: t });
  });

  it('a row-level issue (no field) names its row and no column', () => {
    const criteria = edited(defaultCriteria, (d) => {
      const rule = d.rules.find((r) => r.id === 'head_count');
      if (rule?.kind === 'check') for (const c of rule.checks) c.field = null;
    });
    const hh = defaultHousehold(1);
    const members = defaultMembers(1, hh).map((m) => (m.relation === '户主' ? { ...m, relation: '其他' } : m));
    const result = evaluateRoster(criteria, { households: householdSheet([hh]), members: memberSheet(members), referenceDate: REF_DATE });
    const issue = result.households[0].issues.find((i) => i.rule === 'head_count')!;
    expect(where(issue)).toEqual({ sheet: 'households', row: 2, column: null, columnIndex: null });
  });
});

describe('JSON', () => {
  it('an issue with one cell has no `cells` key once serialised', () => {
    const result = runMon(personSheet(monRows(monHousehold(1, { household_type: '未知' }), monPersons(1).slice(0, 1))));
    const [issue] = result.households[0].issues;
    expect(Object.keys(JSON.parse(JSON.stringify(issue))).sort()).toEqual(
      ['column', 'columnIndex', 'field', 'message', 'row', 'rule', 'severity', 'sheet'].sort(),
    );
  });
  it('rows of a monitoring split roster point into both sheets', () => {
    const persons: Rec[] = monPersons(1).map((p, k) => (k === 2 ? { ...p, gender: '未知' } : p));
    const { households, members } = splitSheets([{ hh: monHousehold(1, { household_type: '未知' }), persons }]);
    const result = runMon(households, members);
    expect(result.households[0].issues.map((i) => [i.rule, i.sheet, i.row])).toContainEqual(['enum', 'households', 2]);
    expect(result.members[2].issues.map((i) => [i.rule, i.sheet, i.row])).toContainEqual(['enum', 'members', 4]);
  });
});

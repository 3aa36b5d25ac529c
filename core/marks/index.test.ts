import { describe, expect, it } from 'vitest';
import { compileCriteria } from '../criteria/compile';
import { defaultCriteria } from '../criteria/profiles/index';
import type { CriteriaDocument } from '../criteria/schema';
import { evaluateRoster } from '../engine/evaluate';
import {
  defaultHousehold,
  defaultMembers,
  HH_HEADERS,
  householdSheet,
  MEM_HEADERS,
  memberSheet,
  monHousehold,
  monPersons,
  monRows,
  personSheet,
  REF_DATE,
  runDefault,
  runMon,
  sheet,
  splitSheets,
} from '../engine/testkit';
import type { RosterResult, Table } from '../types';
import { marksOf } from './index';
import type { SheetMarks } from './types';

const col = (table: Table, header: string): number => table[0].indexOf(header);
const at = (marks: SheetMarks, row: number, column: number) => marks.cells.find((c) => c.row === row && c.column === column);
const issueCount = (r: RosterResult, severity: string) =>
  [...r.households, ...r.members].reduce((n, x) => n + x.issues.filter((i) => i.severity === severity).length, 0);

/** Sorted by row then column, rows by row; every listed cell has reasons; counts match the result. */
function expectWellFormed(result: RosterResult): void {
  const marks = marksOf(result);
  for (const sheet of [marks.households, marks.members]) {
    const keys = sheet.cells.map((c) => c.row * 20000 + c.column);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(new Set(keys).size).toBe(keys.length);
    const rows = sheet.rows.map((r) => r.row);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    for (const m of [...sheet.cells, ...sheet.rows]) {
      expect(m.reasons.length).toBeGreaterThan(0);
      expect(m.severity).toBe(m.reasons.some((r) => r.severity === 'error') ? 'error' : 'warning');
    }
  }
  expect(marks.households.errors + marks.members.errors).toBe(issueCount(result, 'error'));
  expect(marks.households.warnings + marks.members.warnings).toBe(issueCount(result, 'warning'));
}

describe('marksOf: person-per-row (monitoring)', () => {
  it('人均纯收入 blank on the 户主 row, `abc` on the two rows below: both `abc` cells are marked, the blank one not', () => {
    const rows = monRows(monHousehold(1), monPersons(1));
    rows[0] = { ...rows[0], per_capita_income: null };
    rows[1] = { ...rows[1], per_capita_income: 'abc' };
    rows[2] = { ...rows[2], per_capita_income: 'abc' };
    const table = personSheet(rows);
    const k = col(table, '人均纯收入(元)');
    const result = runMon(table);
    const marks = marksOf(result);
    expect(at(marks.households, 2, k)).toBeUndefined();
    for (const row of [3, 4]) {
      const cell = at(marks.households, row, k)!;
      expect(cell.severity).toBe('error');
      expect(cell.reasons.map((r) => r.rule)).toEqual(['type']);
      expect(cell.reasons[0].message.zh).toContain('人均纯收入');
    }
    expect(marks.members).toEqual({ cells: [], rows: [], errors: 0, warnings: 0 });
    expectWellFormed(result);
  });

  it('conflicts mark every conflicting cell, the household value’s cell once', () => {
    const rows = monRows(monHousehold(1), monPersons(1));
    rows[1] = { ...rows[1], per_capita_income: 7000 };
    rows[2] = { ...rows[2], per_capita_income: 8000 };
    const table = personSheet(rows);
    const k = col(table, '人均纯收入(元)');
    const result = runMon(table);
    const marks = marksOf(result).households;
    for (const row of [2, 3, 4]) expect(at(marks, row, k)?.reasons.map((r) => r.rule)).toEqual(['household_value_conflict']);
    // Two issues (rows 3 and 4), three cells.
    expect(marks.errors).toBe(2);
    expectWellFormed(result);
  });
});

describe('marksOf: household + member sheets', () => {
  it('default: household and member cells on their own sheets; a cell with two issues lists both in engine order', () => {
    const hh = defaultHousehold(1, { housing_grade: 'Z', household_size: 9 });
    const members = defaultMembers(1, hh).map((m, k) => (k === 1 ? { ...m, health: '很好' } : m));
    const hhTable = householdSheet([hh]);
    const memTable = memberSheet(members);
    const result = runDefault(hhTable, memTable);
    const marks = marksOf(result);
    expect(at(marks.households, 2, col(hhTable, HH_HEADERS.housing_grade))?.reasons.map((r) => r.rule)).toEqual(['enum']);
    const size = at(marks.households, 2, col(hhTable, HH_HEADERS.household_size))!;
    const sizeIssues = result.households[0].issues.filter((i) => i.field === 'household_size').map((i) => i.rule);
    expect(size.reasons.map((r) => r.rule)).toEqual(sizeIssues);
    expect(at(marks.members, 3, col(memTable, MEM_HEADERS.health))?.reasons.map((r) => r.rule)).toEqual(['enum']);
    expectWellFormed(result);
  });

  it('monitoring split sheets', () => {
    const persons = monPersons(1).map((p, k) => (k === 2 ? { ...p, gender: '未知' } : p));
    const { households, members } = splitSheets([{ hh: monHousehold(1, { household_type: '未知' }), persons }]);
    const result = runMon(households, members);
    const marks = marksOf(result);
    expect(at(marks.households, 2, col(households, '户类型'))?.severity).toBe('error');
    expect(at(marks.members, 4, col(members, '性别'))?.reasons.map((r) => r.rule)).toContain('enum');
    expectWellFormed(result);
  });

  it('a row-level issue becomes a row mark', () => {
    const doc = structuredClone(defaultCriteria) as CriteriaDocument;
    const rule = doc.rules.find((r) => r.id === 'head_count');
    if (rule?.kind === 'check') for (const c of rule.checks) c.field = null;
    const hh = defaultHousehold(1);
    const members = defaultMembers(1, hh).map((m) => (m.relation === '户主' ? { ...m, relation: '其他' } : m));
    const result = evaluateRoster(compileCriteria(doc), {
      households: householdSheet([hh]),
      members: memberSheet(members),
      referenceDate: REF_DATE,
    });
    const marks = marksOf(result);
    expect(marks.households.rows).toEqual([{ row: 2, severity: 'error', reasons: [expect.objectContaining({ rule: 'head_count' })] }]);
    expectWellFormed(result);
  });
});

describe('marksOf: deterministic and complete on larger rosters', () => {
  it('default one row per person, many households with mixed issues: same marks twice, well formed', () => {
    const rows = Array.from({ length: 30 }, (_, n) => {
      const hh = defaultHousehold(n + 1, n % 3 === 0 ? { housing_grade: 'Z' } : n % 3 === 1 ? { per_capita_income: 'x' } : {});
      return defaultMembers(n + 1, hh).map((m, k) => ({ ...hh, ...m, ...(k === 1 && n % 2 ? { labor_count: 7 } : {}) }));
    }).flat();
    const table = sheet({ ...HH_HEADERS, ...MEM_HEADERS }, rows);
    const result = runDefault(table);
    expect(result.layout).toBe('person-per-row');
    expect(marksOf(result)).toEqual(marksOf(runDefault(table)));
    expect(marksOf(result).households.cells.length).toBeGreaterThan(30);
    expectWellFormed(result);
  });

  it('a result without issues has no marks', () => {
    const result = runMon(personSheet(monRows(monHousehold(1), monPersons(1))));
    expect(marksOf(result)).toEqual({
      households: { cells: [], rows: [], errors: 0, warnings: 0 },
      members: { cells: [], rows: [], errors: 0, warnings: 0 },
    });
  });
});

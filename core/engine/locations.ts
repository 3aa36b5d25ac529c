import type { CompiledCriteria } from '../criteria/compile';
import { isEmpty } from '../parse/index';
import { columnLetter } from '../sheet/header';
import type { CellRef, RosterSheet, Table } from '../types';
import type { Column } from '../state/index';
import type { IssueLog } from '../state/index';
import type { Built } from './layout-common';

/**
 * Where an issue points: the sheet, worksheet row and column of the cell that is wrong. Each
 * layout and side (households, members) has its own locator; `issuesOf` asks it once per issue.
 * Locators are classes, not closures made per evaluation: a closure called from hot code gets
 * inlined by identity, and the garbage collector then throws that optimised code away with it.
 */
export interface Place {
  sheet: RosterSheet;
  row: number;
  /** 0-based column, -1 for a row-level issue. */
  column: number;
  cells: CellRef[] | undefined;
}

export interface IssueLocator {
  /** Fill `out` with where issue (`index` = household or member, `field` index or -1, `rule` index) points. */
  place(index: number, field: number, rule: number, out: Place): void;
}

/** Issues grouped by row, as IssueLog.byRow gives them. */
export interface IssueGroups {
  start: Int32Array;
  order: Int32Array;
}

const letters: string[] = [];

/** Column letters of a 0-based column, cached (a roster has a few hundred columns at most). */
export function letterOf(column: number): string {
  return letters[column] ?? (letters[column] = columnLetter(column));
}

export function cellRef(sheet: RosterSheet, row: number, column: number): CellRef {
  return { sheet, row, column: letterOf(column), columnIndex: column };
}

/** Where a member's issue on a household field points when its own sheet lacks that column. */
export interface HouseholdCells {
  /** Worksheet row of each household. */
  rows: Int32Array;
  /** field index → household sheet column (-1 absent). */
  colOf: Int32Array;
  /** Household index of each member, -1 for none. */
  householdOf: Int32Array;
  /** 1 for household-level fields. */
  householdField: Uint8Array;
}

export interface SheetLocatorOptions {
  sheet: RosterSheet;
  /** Worksheet row of each household or member. */
  rows: Int32Array;
  /** field index → 0-based column on that sheet (-1 absent). */
  colOf: Int32Array | null;
  /** Members only, household + member sheets: a household field is on the household sheet. */
  households?: HouseholdCells | null;
}

/**
 * One row per household or member, the cell in its own row: the household sheet, and the
 * member sheet (whose issue on a household column it lacks — a person check marking
 * 户类型, say — points at the member's household row on the household sheet).
 */
export class SheetLocator implements IssueLocator {
  constructor(private readonly options: SheetLocatorOptions) {}

  place(index: number, field: number, _rule: number, out: Place): void {
    const { sheet, rows, colOf, households } = this.options;
    out.sheet = sheet;
    out.row = rows[index];
    out.column = field >= 0 && colOf ? colOf[field] : -1;
    out.cells = undefined;
    if (out.column >= 0 || field < 0 || !households || households.householdField[field] !== 1) return;
    const h = households.householdOf[index];
    if (h < 0 || households.colOf[field] < 0) return;
    out.sheet = 'households';
    out.row = households.rows[h];
    out.column = households.colOf[field];
  }
}

export interface PersonRowsOptions {
  /** Worksheet row of each person row (member index). */
  memberRows: Int32Array;
  /** Worksheet row of each household's 户主 row (else its first row). */
  householdRows: Int32Array;
  /** field index → 0-based column of the person sheet (-1 absent). */
  colOf: Int32Array;
  /** Household-level columns by field index: `sourceRow` says which member's cell is the value. */
  householdColumns: readonly (Column | undefined)[];
  /** Household of each member, and each household's members (memberList[memberStart[h] .. memberStart[h+1])). */
  householdOf: Int32Array;
  memberStart: Int32Array;
  memberList: Int32Array;
  /** The person sheet and the 0-based table row of each member. */
  table: Table;
  tableRows: Int32Array;
  /** The member issues (household_value_conflict among them), grouped by member. */
  memberLog: IssueLog;
  memberGroups: IssueGroups;
  /** Rule index of household_value_conflict, -1 when the criteria have none enabled. */
  conflictRule: number;
}

/**
 * Household issues of a person-per-row export (monitoring profile §1): a household field's
 * value is one row's cell (the 户主 row's, else the first non-empty one), so the issue points
 * there; when other rows of the household hold the same value, `cells` names them all — a
 * wrong value repeated on three rows is wrong three times. A field with no value anywhere
 * points at the 户主 row's empty cell.
 */
export class PersonRowsHouseholdLocator implements IssueLocator {
  constructor(private readonly options: PersonRowsOptions) {}

  place(h: number, field: number, _rule: number, out: Place): void {
    const o = this.options;
    out.sheet = 'households';
    out.row = o.householdRows[h];
    out.column = field >= 0 ? o.colOf[field] : -1;
    out.cells = undefined;
    if (out.column < 0) return;
    const source = o.householdColumns[field]?.sourceRow;
    const from = source ? source[h] : -1;
    if (from < 0) return;
    out.row = o.memberRows[from];
    let cells: CellRef[] | undefined;
    for (let p = o.memberStart[h]; p < o.memberStart[h + 1]; p++) {
      const m = o.memberList[p];
      if (m === from) continue;
      const row = o.table[o.tableRows[m]];
      if (!row || isEmpty(row[out.column]) || this.conflicts(m, field)) continue;
      (cells ??= []).push(cellRef('households', o.memberRows[m], out.column));
    }
    if (!cells) return;
    cells.push(cellRef('households', out.row, out.column));
    out.cells = cells.sort((a, b) => a.row - b.row);
  }

  /** Member m's cell of this field differs from the household's value (it has its own conflict issue). */
  private conflicts(m: number, field: number): boolean {
    const { memberLog, memberGroups, conflictRule } = this.options;
    if (conflictRule < 0) return false;
    for (let p = memberGroups.start[m]; p < memberGroups.start[m + 1]; p++) {
      const k = memberGroups.order[p];
      if (memberLog.rule[k] === conflictRule && memberLog.field[k] === field) return true;
    }
    return false;
  }
}

/**
 * Person-row issues of a person-per-row export: the cell in the row itself. A
 * household_value_conflict also names the cell the household's value came from.
 */
export class PersonRowsMemberLocator implements IssueLocator {
  constructor(
    private readonly options: Pick<PersonRowsOptions, 'memberRows' | 'colOf' | 'householdColumns' | 'householdOf' | 'conflictRule'>,
  ) {}

  place(m: number, field: number, rule: number, out: Place): void {
    const o = this.options;
    out.sheet = 'households';
    out.row = o.memberRows[m];
    out.column = field >= 0 ? o.colOf[field] : -1;
    out.cells = undefined;
    if (rule !== o.conflictRule || out.column < 0) return;
    const h = o.householdOf[m];
    const from = h >= 0 ? (o.householdColumns[field]?.sourceRow?.[h] ?? -1) : -1;
    if (from < 0 || from === m) return;
    const cells = [cellRef('households', out.row, out.column), cellRef('households', o.memberRows[from], out.column)];
    out.cells = cells.sort((a, b) => a.row - b.row);
  }
}

/** The locators of one evaluation's two sides (households, members), by layout. */
export function locatorsOf(
  criteria: CompiledCriteria,
  layout: 'household-member' | 'person-per-row',
  built: Built,
  memberGroups: IssueGroups,
): { households: IssueLocator; members: IssueLocator } {
  const { state, householdRows, memberRows, householdSheet, memberSheet } = built;
  const conflictRule = criteria.byKind.value_conflict[0]?.index ?? -1;
  if (layout === 'person-per-row') {
    const colOf = memberSheet ? memberSheet.colOf : new Int32Array(criteria.fields.length).fill(-1);
    const shared = {
      memberRows,
      colOf,
      householdColumns: state.householdColumns,
      householdOf: state.householdOfMember,
      conflictRule,
    };
    return {
      households: new PersonRowsHouseholdLocator({
        ...shared,
        householdRows,
        memberStart: state.memberStart,
        memberList: state.memberList,
        table: memberSheet ? memberSheet.table : [],
        tableRows: memberSheet ? memberSheet.rows : new Int32Array(0),
        memberLog: built.logs.members,
        memberGroups,
      }),
      members: new PersonRowsMemberLocator(shared),
    };
  }
  const householdField = Uint8Array.from(criteria.fields, (f) => (f.person ? 0 : 1));
  const householdColOf = householdSheet ? householdSheet.colOf : null;
  return {
    households: new SheetLocator({ sheet: 'households', rows: householdRows, colOf: householdColOf }),
    members: new SheetLocator({
      sheet: 'members',
      rows: memberRows,
      colOf: memberSheet ? memberSheet.colOf : null,
      households: householdColOf
        ? { rows: householdRows, colOf: householdColOf, householdOf: state.householdOfMember, householdField }
        : null,
    }),
  };
}

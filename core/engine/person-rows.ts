import type { CompiledCriteria, CompiledField } from '../criteria/compile';
import { isEmpty, OK, parseText, type TextOut } from '../parse/index';
import type { Cell, Table } from '../types';
import { firstOccurrence } from './buckets';
import { emptyColumn, parseColumn, parseSheet, type ParseContext } from './columns';
import type { Column, EvaluationState } from '../state/index';
import { newLogs } from './issues';
import type { IssueLog, IssueLogs } from '../state/index';
import { groupMembers, newEvaluationState, parsePersonColumns, personsOf, rowNumbers, type Built } from './layout-common';
import type { SheetMap } from './layout';
import type { ArrayPool } from './pool';

/**
 * One row per person (profile §1): rows grouped by 户编号; each household-level value is the
 * 户主 row's cell when not empty, else the first non-empty cell of the household's rows.
 */
export function buildPersonPerRow(
  criteria: CompiledCriteria,
  _householdSheet: SheetMap | null,
  sheet: SheetMap | null,
  ctx: ParseContext,
  trace: (phase: string) => void,
): Built {
  const memberCount = sheet ? sheet.rows.length : 0;
  // Parse the person columns first to learn the households, then size the household side.
  const probe = newEvaluationState(criteria, 0, memberCount, ctx.refYmd);
  const probeLogs = newLogs(criteria, probe);
  if (sheet) parsePersonColumns(criteria, probe, sheet, ctx, probeLogs.members, false);
  else
    for (const f of criteria.fields)
      if (f.person || f.index === criteria.roles.householdId) probe.memberColumns[f.index] = emptyColumn(0, -1);

  const { householdOfMember, householdIds } = groupRows(criteria, probe, ctx);
  const householdCount = householdIds.length;
  const state = newEvaluationState(criteria, householdCount, memberCount, ctx.refYmd);
  state.memberColumns = probe.memberColumns;
  state.age = probe.age;
  state.male = probe.male;
  state.householdOfMember = householdOfMember;
  state.memberFlags = probe.memberFlags;
  state.memberRules = probe.memberRules;
  const logs: IssueLogs = { households: newLogs(criteria, state).households, members: probeLogs.members };
  groupMembers(state);

  const headRow = headRows(criteria, state);
  const hid = criteria.roles.householdId;
  const hidCol = emptyColumn(householdCount, sheet ? sheet.colOf[hid] : -1);
  for (let h = 0; h < householdCount; h++) {
    hidCol.status[h] = OK;
    hidCol.texts[h] = householdIds[h];
  }
  hidCol.sourceRow = headRow;
  // One household per 户编号 by construction: `unique` has nothing to find here.
  hidCol.first = Int32Array.from({ length: householdCount }, (_, h) => h);
  state.householdColumns[hid] = hidCol;
  trace('parse-persons');
  householdValues(criteria, { state, sheet, headRow, ctx, logs, trace });
  headIdColumn(criteria, state, sheet, headRow);
  householdSizes(criteria, state);
  const memberRows = rowNumbers(sheet, memberCount);
  const householdRows = new Int32Array(householdCount);
  for (let h = 0; h < householdCount; h++) householdRows[h] = memberRows[headRow[h]];
  return { state, logs, householdRows, memberRows, householdSheet: sheet, memberSheet: sheet };
}

/** Households in order of their first row; every row joins the household of its 户编号. */
function groupRows(
  criteria: CompiledCriteria,
  probe: EvaluationState,
  ctx: ParseContext,
): { householdOfMember: Int32Array; householdIds: string[] } {
  const ids = probe.memberColumns[criteria.roles.householdId];
  const first = firstOccurrence([{ values: ids.texts, status: ids.status, hash: ids.hash }], ctx.pool, 'group');
  const householdOfMember = new Int32Array(probe.memberCount).fill(-1);
  const householdIds: string[] = [];
  for (let m = 0; m < probe.memberCount; m++) {
    const g = first[m];
    if (g < 0) continue;
    if (g === m) {
      householdOfMember[m] = householdIds.length;
      householdIds.push(ids.texts[m]);
    } else householdOfMember[m] = householdOfMember[g];
  }
  return { householdOfMember, householdIds };
}

/** The row that speaks for each household: its first 户主 row, else its first row. */
function headRows(criteria: CompiledCriteria, state: EvaluationState): Int32Array {
  const relation = state.memberColumns[criteria.roles.relation];
  const headRow = new Int32Array(state.householdCount).fill(-1);
  for (let h = 0; h < state.householdCount; h++) {
    let firstRow = -1;
    for (let p = state.memberStart[h]; p < state.memberStart[h + 1]; p++) {
      const m = state.memberList[p];
      if (firstRow < 0) firstRow = m;
      if (headRow[h] < 0 && relation.status[m] === OK && relation.numbers[m] === criteria.roles.headCode) headRow[h] = m;
    }
    if (headRow[h] < 0) headRow[h] = firstRow;
  }
  return headRow;
}

interface HouseholdValuesJob {
  state: EvaluationState;
  sheet: SheetMap | null;
  headRow: Int32Array;
  ctx: ParseContext;
  logs: IssueLogs;
  trace: (phase: string) => void;
}

/**
 * Each household-level field parsed from the cell that gives the household its value, and
 * household_value_conflict on every other cell whose value differs.
 */
function householdValues(criteria: CompiledCriteria, job: HouseholdValuesJob): void {
  const { state, sheet, headRow, ctx, logs } = job;
  const householdCount = state.householdCount;
  const table = sheet ? sheet.table : [];
  const hid = criteria.roles.householdId;
  const fields = criteria.fields.filter((f) => !f.person && f.index !== hid);
  const columns = fields.map((f) => (sheet ? sheet.colOf[f.index] : -1));
  const sources = sourceRows(state, table, sheet, headRow, columns, ctx.pool);
  job.trace('household-values');
  const rowsOf = sources.source.map((source, k) => {
    const rows = ctx.pool ? ctx.pool.i32(`sourceRows:${k}`, householdCount) : new Int32Array(householdCount);
    for (let h = 0; h < householdCount; h++) rows[h] = source[h] >= 0 ? sheet!.rows[source[h]] : -1;
    return rows;
  });
  const colOf = new Int32Array(criteria.fields.length).fill(-1);
  fields.forEach((f, k) => (colOf[f.index] = columns[k]));
  const parsed = parseSheet(criteria, { fields, table, rows: rowsOf, colOf, context: ctx, log: logs.households, side: 'households' });
  fields.forEach((f, k) => {
    parsed[k].sourceRow = sources.source[k];
    state.householdColumns[f.index] = parsed[k];
  });
  const conflict = criteria.byKind.value_conflict[0];
  if (!conflict) return;
  for (const candidate of sources.differing) {
    const f = fields[candidate.field];
    const column = state.householdColumns[f.index];
    const row = sheet!.rows[candidate.member];
    if (valuesDiffer(criteria, f, column, candidate.household, table, row, columns[candidate.field], ctx)) {
      logs.members.add(candidate.member, conflict.index, f.index);
    }
  }
}

/** Exports without a separate head-ID column carry it on the head's own row. */
function headIdColumn(criteria: CompiledCriteria, state: EvaluationState, sheet: SheetMap | null, headRow: Int32Array): void {
  const headId = criteria.roles.headId;
  if (headId < 0 || (sheet && sheet.colOf[headId] >= 0)) return;
  const ids = state.memberColumns[criteria.roles.personId];
  const relation = state.memberColumns[criteria.roles.relation];
  const col = emptyColumn(state.householdCount, -1);
  for (let h = 0; h < state.householdCount; h++) {
    const m = headRow[h];
    if (m >= 0 && ids.status[m] === OK && relation.status[m] === OK && relation.numbers[m] === criteria.roles.headCode) {
      col.status[h] = OK;
      col.texts[h] = ids.texts[m];
    }
  }
  state.householdColumns[headId] = col;
}

/**
 * Where the size column is optional (monitoring profile §1), 人数 when it parsed, otherwise the
 * number of rows. A required size (the default profile's 家庭人口数) that failed stays unknown,
 * as on a household sheet (spec §5: other rules on it neither pass nor fire).
 */
function householdSizes(criteria: CompiledCriteria, state: EvaluationState): void {
  const size = criteria.roles.householdSize;
  const rowsStandIn = size >= 0 && !criteria.fields[size].def.required;
  for (let h = 0; h < state.householdCount; h++) {
    const rows = state.memberStart[h + 1] - state.memberStart[h];
    if (rowsStandIn) {
      const col = state.householdColumns[size];
      if (col.status[h] !== OK) {
        col.status[h] = OK;
        col.numbers[h] = rows;
      }
    }
    state.persons[h] = size >= 0 ? personsOf(criteria, state, h) : rows;
    state.linked[h] = 1;
  }
}

interface Sources {
  /** Per field: the row (member index) whose cell is the household's value, -1 for none. */
  source: Int32Array[];
  /** Cells whose text differs from the household's value; parsed and compared later. */
  differing: { field: number; household: number; member: number }[];
}

/**
 * Which row gives each household-level value (profile §1): the 户主 row's cell when not empty,
 * else the first non-empty cell among the household's rows. Household by household, fields
 * inner, so a household's few rows stay in cache; identical cells (the common case) are
 * settled by `===` without parsing.
 */
function sourceRows(
  state: EvaluationState,
  table: Table,
  sheet: SheetMap | null,
  headRow: Int32Array,
  columns: number[],
  pool: ArrayPool | null,
): Sources {
  const householdCount = state.householdCount;
  const source = columns.map((_, k) => {
    const a = pool ? pool.i32(`source:${k}`, householdCount) : new Int32Array(householdCount);
    a.fill(-1);
    return a;
  });
  const differing: Sources['differing'] = [];
  if (!sheet) return { source, differing };
  const rows = sheet.rows;
  // The household's row arrays, fetched once for all its fields.
  let cells: Cell[][] = [];
  for (let h = 0; h < householdCount; h++) {
    const head = headRow[h];
    const start = state.memberStart[h];
    const end = state.memberStart[h + 1];
    const size = end - start;
    if (cells.length < size) cells = new Array<Cell[]>(size);
    let headAt = 0;
    for (let p = 0; p < size; p++) {
      const m = state.memberList[start + p];
      cells[p] = table[rows[m]];
      if (m === head) headAt = p;
    }
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k];
      if (column < 0) continue;
      let at = -1;
      let chosen: Cell = cells[headAt][column];
      if (!isEmpty(chosen)) at = headAt;
      else {
        for (let p = 0; p < size; p++) {
          const cell = cells[p][column];
          if (!isEmpty(cell)) {
            at = p;
            chosen = cell;
            break;
          }
        }
      }
      source[k][h] = at < 0 ? -1 : state.memberList[start + at];
      if (at < 0 || size < 2) continue;
      for (let p = 0; p < size; p++) {
        if (p === at) continue;
        const cell = cells[p][column];
        // Cheapest tests first: the same text, then an empty cell, before trimming anything.
        if (cell === chosen || cell === null || cell === '' || isEmpty(cell) || sameText(cell, chosen)) continue;
        differing.push({ field: k, household: h, member: state.memberList[start + p] });
      }
    }
  }
  return { source, differing };
}

const textA: TextOut = { value: '' };
const textB: TextOut = { value: '' };

/**
 * The same text as parseText reads it (trimmed, numbers as decimal text, booleans as TRUE/FALSE):
 * a cheap test before parsing by the field's type.
 */
function sameText(a: Cell, b: Cell): boolean {
  return parseText(a, textA) === OK && parseText(b, textB) === OK && textA.value === textB.value;
}

/** Texts differ: parsed values decide when both parse (3 vs "3.0" is no conflict). */
function valuesDiffer(
  criteria: CompiledCriteria,
  f: CompiledField,
  householdIdColumn: Column,
  h: number,
  table: Table,
  row: number,
  column: number,
  ctx: ParseContext,
): boolean {
  if (householdIdColumn.status[h] !== OK) return true;
  const parsed = parseColumn(criteria, f, { table, rows: Int32Array.of(row), column, context: ctx, log: nullLog });
  if (parsed.status[0] !== OK) return true;
  if (householdIdColumn.texts.length) return parsed.texts[0] !== householdIdColumn.texts[h];
  return parsed.numbers[0] !== householdIdColumn.numbers[h];
}

/** A log that drops what it is given (re-parsing a cell only to compare it). */
const nullLog = { add() {} } as unknown as IssueLog;

import type { CompiledCriteria } from '../criteria/compile';
import { OK } from '../parse/index';
import { groupValues, type Grouping } from './buckets';
import { emptyColumn, parseColumn, parseSheet, type ParseContext } from './columns';
import type { Column, EvaluationState } from '../state/index';
import { newLogs } from './issues';
import { groupMembers, newEvaluationState, parsePersonColumns, personsOf, rowNumbers, type Built } from './layout-common';
import type { SheetMap } from './layout';

/** The household sheet (户表) with the optional member sheet (人表), linked by 户编号. */
export function buildHouseholdMember(
  criteria: CompiledCriteria,
  householdSheet: SheetMap | null,
  memberSheet: SheetMap | null,
  ctx: ParseContext,
  trace: (phase: string) => void,
): Built {
  const householdCount = householdSheet ? householdSheet.rows.length : 0;
  const memberCount = memberSheet ? memberSheet.rows.length : 0;
  const state = newEvaluationState(criteria, householdCount, memberCount, ctx.refYmd);
  const logs = newLogs(criteria, state);
  const noRows = new Int32Array(0);
  const householdFields = criteria.fields.filter((f) => !f.person);
  if (householdSheet) {
    const cols = parseSheet(criteria, {
      fields: householdFields,
      table: householdSheet.table,
      rows: householdSheet.rows,
      colOf: householdSheet.colOf,
      context: ctx,
      log: logs.households,
      side: 'households',
    });
    householdFields.forEach((f, k) => (state.householdColumns[f.index] = cols[k]));
  } else
    for (const f of householdFields)
      state.householdColumns[f.index] = parseColumn(criteria, f, {
        table: [],
        rows: noRows,
        column: -1,
        context: ctx,
        log: logs.households,
      });
  trace('parse-households');
  if (memberSheet) parsePersonColumns(criteria, state, memberSheet, ctx, logs.members, true);
  else
    for (const f of criteria.fields)
      if (f.person || f.index === criteria.roles.householdId) state.memberColumns[f.index] = emptyColumn(0, -1);
  trace('parse-members');

  // Link members to the first household row carrying their 户编号 (spec §5, §9.11).
  const hid = criteria.roles.householdId;
  const householdIdColumn = state.householdColumns[hid];
  const households = groupValues(
    [{ values: householdIdColumn.texts, status: householdIdColumn.status, hash: householdIdColumn.hash }],
    ctx.pool,
    'link',
  );
  ctx.pool?.keep('link', households);
  const first = (householdIdColumn.first = households.first);
  // The member sheet is present only with at least one data row (spec §5).
  if (memberCount > 0) for (let h = 0; h < householdCount; h++) if (first[h] === h) state.linked[h] = 1;
  linkMembers(state, householdIdColumn, state.memberColumns[hid], households);
  groupMembers(state);
  // Where the size column is optional (monitoring profile §1), the member rows give the size.
  const size = criteria.roles.householdSize;
  if (size >= 0 && !criteria.fields[size].def.required) {
    const col = state.householdColumns[size];
    for (let h = 0; h < householdCount; h++) {
      if (state.linked[h] === 1 && col.status[h] !== OK) {
        col.status[h] = OK;
        col.numbers[h] = state.memberStart[h + 1] - state.memberStart[h];
      }
    }
  }
  for (let h = 0; h < householdCount; h++) state.persons[h] = personsOf(criteria, state, h);
  return {
    state,
    logs,
    householdRows: rowNumbers(householdSheet, householdCount),
    memberRows: rowNumbers(memberSheet, memberCount),
    householdSheet,
    memberSheet,
  };
}

/**
 * Each member row to the first household row with its 户编号. Member sheets list households in
 * order, so the next household is tried before a map of all of them is built.
 */
function linkMembers(state: EvaluationState, householdIdColumn: Column, memberHouseholdIds: Column, households: Grouping): void {
  const householdCount = state.householdCount;
  const first = households.first;
  let prevId: string | null = null;
  let prevH = -1;
  let next = 0;
  for (let m = 0; m < state.memberCount; m++) {
    if (memberHouseholdIds.status[m] !== OK) continue;
    const id = memberHouseholdIds.texts[m];
    if (id === prevId) {
      state.householdOfMember[m] = prevH;
      continue;
    }
    while (next < householdCount && householdIdColumn.status[next] !== OK) next++;
    let h = -1;
    if (next < householdCount && householdIdColumn.texts[next] === id) h = next;
    else h = households.find(id);
    if (h >= 0) {
      next = h + 1;
      h = first[h];
    }
    prevId = id;
    prevH = h;
    state.householdOfMember[m] = h;
  }
}

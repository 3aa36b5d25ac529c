import type { CompiledCriteria } from '../criteria/compile';
import { ageAt, OK } from '../parse/index';
import { parseSheet, type IdFacts, type ParseContext } from './columns';
import type { Column, EvaluationState } from '../state/index';
import type { IssueLog, IssueLogs } from '../state/index';
import type { SheetMap } from './layout';

/**
 * What both layouts share: the evaluation state, member grouping, ages, the person columns,
 * and what a layout hands back to the evaluation.
 */

export function newEvaluationState(criteria: CompiledCriteria, householdCount: number, memberCount: number, ref: number): EvaluationState {
  const words = Math.max(1, Math.ceil(criteria.rules.length / 32));
  const nInd = criteria.indicators.length;
  const year = Math.floor(ref / 10000);
  return {
    householdCount,
    memberCount,
    householdColumns: new Array<Column>(criteria.fields.length),
    memberColumns: new Array<Column>(criteria.fields.length),
    memberStart: new Int32Array(householdCount + 1),
    memberList: new Int32Array(memberCount),
    householdOfMember: new Int32Array(memberCount).fill(-1),
    linked: new Uint8Array(householdCount),
    age: new Int16Array(memberCount).fill(-1),
    male: new Uint8Array(memberCount).fill(255),
    indicatorValues: new Uint8Array(householdCount * nInd),
    indicatorCount: nInd,
    householdFlags: new Uint8Array(householdCount),
    memberFlags: new Uint8Array(memberCount),
    householdRules: new Uint32Array(householdCount * words),
    memberRules: new Uint32Array(memberCount * words),
    words,
    score: new Float64Array(householdCount),
    risk: new Uint8Array(householdCount),
    persons: new Float64Array(householdCount).fill(NaN),
    refYmd: ref,
    refYear: year,
    refMonth: year * 12 + (Math.floor(ref / 100) % 100),
  };
}

/** Group member rows by household: counting sort into memStart/memList (sheet order kept). */
export function groupMembers(state: EvaluationState): void {
  const { memberStart: memStart, householdOfMember: memHousehold, memberList: memList, householdCount: H, memberCount: M } = state;
  for (let m = 0; m < M; m++) if (memHousehold[m] >= 0) memStart[memHousehold[m] + 1]++;
  for (let h = 0; h < H; h++) memStart[h + 1] += memStart[h];
  const fill = memStart.slice(0, H);
  for (let m = 0; m < M; m++) if (memHousehold[m] >= 0) memList[fill[memHousehold[m]]++] = m;
}

export function ages(state: EvaluationState, ids: IdFacts): void {
  for (let m = 0; m < state.memberCount; m++) {
    if (ids.birth[m] > 0) {
      state.age[m] = ageAt(ids.birth[m], state.refYmd);
      state.male[m] = ids.male[m];
    }
  }
}

export interface Built {
  state: EvaluationState;
  logs: IssueLogs;
  /** Worksheet row number per household / member. */
  householdRows: Int32Array;
  memberRows: Int32Array;
  householdSheet: SheetMap | null;
  memberSheet: SheetMap | null;
}

/**
 * The person columns of a member sheet or person sheet. On a member sheet the 户编号 only links
 * a member to a household (roster-spec §4: plain text), so the household sheet's length limit
 * does not apply there.
 */
export function parsePersonColumns(
  criteria: CompiledCriteria,
  state: EvaluationState,
  sheet: SheetMap,
  ctx: ParseContext,
  log: IssueLog,
  memberSheet: boolean,
): void {
  const ids: IdFacts = { birth: new Int32Array(state.memberCount), male: new Uint8Array(state.memberCount) };
  ctx.pool?.keep('ids', ids);
  const fields = criteria.fields
    .filter((f) => f.person || f.index === criteria.roles.householdId)
    // …and member rows link by comparing the text with the household sheet's: no hash needed.
    .map((f) =>
      memberSheet && f.index === criteria.roles.householdId ? { ...f, grouped: false, def: { ...f.def, maxLength: undefined } } : f,
    );
  const cols = parseSheet(criteria, {
    fields,
    table: sheet.table,
    rows: sheet.rows,
    colOf: sheet.colOf,
    context: ctx,
    log,
    ids: { field: criteria.roles.personId, facts: ids },
    side: 'members',
  });
  fields.forEach((f, k) => (state.memberColumns[f.index] = cols[k]));
  ages(state, ids);
}

/** Worksheet row numbers (1-based) of a sheet's first `n` data rows. */
export function rowNumbers(sheet: SheetMap | null, n: number): Int32Array {
  const out = new Int32Array(n);
  if (sheet) for (let i = 0; i < n; i++) out[i] = sheet.rows[i] + 1;
  return out;
}

export function personsOf(criteria: CompiledCriteria, state: EvaluationState, h: number): number {
  const k = criteria.roles.householdSize;
  if (k < 0) return NaN;
  const col = state.householdColumns[k];
  return col.status[h] === OK ? col.numbers[h] : NaN;
}

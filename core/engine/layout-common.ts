import type { CompiledCriteria } from '../criteria/compile';
import { ageAt, OK } from '../parse/index';
import { parseSheet, type IdFacts, type ParseContext } from './columns';
import type { Column, Env } from './env';
import type { IssueLog } from './issues';
import type { SheetMap } from './layout';

/**
 * What both layouts share: the evaluation state, member grouping, ages, the person columns,
 * and what a layout hands back to the evaluation.
 */

export function newEnv(c: CompiledCriteria, H: number, M: number, ref: number): Env {
  const words = Math.max(1, Math.ceil(c.rules.length / 32));
  const nInd = c.indicators.length;
  const year = Math.floor(ref / 10000);
  return {
    H,
    M,
    hh: new Array<Column>(c.fields.length),
    mem: new Array<Column>(c.fields.length),
    memStart: new Int32Array(H + 1),
    memList: new Int32Array(M),
    memHousehold: new Int32Array(M).fill(-1),
    linked: new Uint8Array(H),
    age: new Int16Array(M).fill(-1),
    male: new Uint8Array(M).fill(255),
    ind: new Uint8Array(H * nInd),
    nInd,
    hhFlags: new Uint8Array(H),
    memFlags: new Uint8Array(M),
    hhRules: new Uint32Array(H * words),
    memRules: new Uint32Array(M * words),
    words,
    score: new Float64Array(H),
    risk: new Uint8Array(H),
    persons: new Float64Array(H).fill(NaN),
    refYmd: ref,
    refYear: year,
    refMonth: year * 12 + (Math.floor(ref / 100) % 100),
  };
}

/** Group member rows by household: counting sort into memStart/memList (sheet order kept). */
export function groupMembers(env: Env): void {
  const { memStart, memHousehold, memList, H, M } = env;
  for (let m = 0; m < M; m++) if (memHousehold[m] >= 0) memStart[memHousehold[m] + 1]++;
  for (let h = 0; h < H; h++) memStart[h + 1] += memStart[h];
  const fill = memStart.slice(0, H);
  for (let m = 0; m < M; m++) if (memHousehold[m] >= 0) memList[fill[memHousehold[m]]++] = m;
}

export function ages(env: Env, ids: IdFacts): void {
  for (let m = 0; m < env.M; m++) {
    if (ids.birth[m] > 0) {
      env.age[m] = ageAt(ids.birth[m], env.refYmd);
      env.male[m] = ids.male[m];
    }
  }
}

export interface Built {
  env: Env;
  logs: { hh: IssueLog; mem: IssueLog };
  /** Worksheet row number per household / member. */
  hhRow: Int32Array;
  memRow: Int32Array;
  hhSheet: SheetMap | null;
  memSheet: SheetMap | null;
}

/**
 * The person columns of a member sheet or person sheet. On a member sheet the 户编号 only links
 * a member to a household (roster-spec §4: plain text), so the household sheet's length limit
 * does not apply there.
 */
export function parsePersonColumns(
  c: CompiledCriteria,
  env: Env,
  sheet: SheetMap,
  ctx: ParseContext,
  log: IssueLog,
  memberSheet: boolean,
): void {
  const ids: IdFacts = { birth: new Int32Array(env.M), male: new Uint8Array(env.M) };
  c.pool.keep('ids', ids);
  const fields = c.fields
    .filter((f) => f.person || f.index === c.roles.householdId)
    // …and member rows link by comparing the text with the household sheet's: no hash needed.
    .map((f) => (memberSheet && f.index === c.roles.householdId ? { ...f, grouped: false, def: { ...f.def, maxLength: undefined } } : f));
  const cols = parseSheet(c, fields, sheet.table, sheet.rows, sheet.colOf, ctx, log, ids, c.roles.personId, 'm');
  fields.forEach((f, k) => (env.mem[f.index] = cols[k]));
  ages(env, ids);
}

/** Worksheet row numbers (1-based) of a sheet's first `n` data rows. */
export function rowNumbers(sheet: SheetMap | null, n: number): Int32Array {
  const out = new Int32Array(n);
  if (sheet) for (let i = 0; i < n; i++) out[i] = sheet.rows[i] + 1;
  return out;
}

export function personsOf(c: CompiledCriteria, env: Env, h: number): number {
  const k = c.roles.householdSize;
  if (k < 0) return NaN;
  const col = env.hh[k];
  return col.st[h] === OK ? col.num[h] : NaN;
}

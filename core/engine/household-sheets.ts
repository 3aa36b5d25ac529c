import type { CompiledCriteria } from '../criteria/compile';
import { OK } from '../parse/index';
import { groupValues, type Grouping } from './buckets';
import { emptyColumn, parseColumn, parseSheet, type ParseContext } from './columns';
import type { Column, Env } from './env';
import { newLogs } from './issues';
import { groupMembers, newEnv, parsePersonColumns, personsOf, rowNumbers, type Built } from './layout-common';
import type { SheetMap } from './layout';

/** The household sheet (户表) with the optional member sheet (人表), linked by 户编号. */
export function buildHouseholdMember(
  c: CompiledCriteria,
  hhSheet: SheetMap | null,
  memSheet: SheetMap | null,
  ctx: ParseContext,
  trace: (phase: string) => void,
): Built {
  const H = hhSheet ? hhSheet.rows.length : 0;
  const M = memSheet ? memSheet.rows.length : 0;
  const env = newEnv(c, H, M, ctx.refYmd);
  const logs = newLogs(c, env);
  const noRows = new Int32Array(0);
  const hhFields = c.fields.filter((f) => !f.person);
  if (hhSheet) {
    const cols = parseSheet(c, hhFields, hhSheet.table, hhSheet.rows, hhSheet.colOf, ctx, logs.hh, null, -1, 'h');
    hhFields.forEach((f, k) => (env.hh[f.index] = cols[k]));
  } else for (const f of hhFields) env.hh[f.index] = parseColumn(c, f, [], noRows, -1, ctx, logs.hh, null);
  trace('parse-households');
  if (memSheet) parsePersonColumns(c, env, memSheet, ctx, logs.mem, true);
  else for (const f of c.fields) if (f.person || f.index === c.roles.householdId) env.mem[f.index] = emptyColumn(0, -1);
  trace('parse-members');

  // Link members to the first household row carrying their 户编号 (spec §5, §9.11).
  const hid = c.roles.householdId;
  const hcol = env.hh[hid];
  const households = groupValues([{ values: hcol.str, st: hcol.st, hash: hcol.hash }], c.pool, 'link');
  c.pool.keep('link', households);
  const first = (hcol.first = households.first);
  // The member sheet is present only with at least one data row (spec §5).
  if (M > 0) for (let h = 0; h < H; h++) if (first[h] === h) env.linked[h] = 1;
  linkMembers(env, hcol, env.mem[hid], households);
  groupMembers(env);
  // Where the size column is optional (monitoring profile §1), the member rows give the size.
  const size = c.roles.householdSize;
  if (size >= 0 && !c.fields[size].def.required) {
    const col = env.hh[size];
    for (let h = 0; h < H; h++) {
      if (env.linked[h] === 1 && col.st[h] !== OK) {
        col.st[h] = OK;
        col.num[h] = env.memStart[h + 1] - env.memStart[h];
      }
    }
  }
  for (let h = 0; h < H; h++) env.persons[h] = personsOf(c, env, h);
  return {
    env,
    logs,
    hhRow: rowNumbers(hhSheet, H),
    memRow: rowNumbers(memSheet, M),
    hhSheet,
    memSheet,
  };
}

/**
 * Each member row to the first household row with its 户编号. Member sheets list households in
 * order, so the next household is tried before a map of all of them is built.
 */
function linkMembers(env: Env, hcol: Column, mcol: Column, households: Grouping): void {
  const H = env.H;
  const first = households.first;
  let prevId: string | null = null;
  let prevH = -1;
  let next = 0;
  for (let m = 0; m < env.M; m++) {
    if (mcol.st[m] !== OK) continue;
    const id = mcol.str[m];
    if (id === prevId) {
      env.memHousehold[m] = prevH;
      continue;
    }
    while (next < H && hcol.st[next] !== OK) next++;
    let h = -1;
    if (next < H && hcol.str[next] === id) h = next;
    else h = households.find(id);
    if (h >= 0) {
      next = h + 1;
      h = first[h];
    }
    prevId = id;
    prevH = h;
    env.memHousehold[m] = h;
  }
}

import type { CompiledCriteria, CompiledField } from '../criteria/compile';
import { isEmpty, OK, parseText, type TextOut } from '../parse/index';
import type { Cell, Table } from '../types';
import { firstOccurrence } from './buckets';
import { emptyColumn, parseColumn, parseSheet, type ParseContext } from './columns';
import type { Column, Env } from './env';
import { newLogs, type IssueLog } from './issues';
import { groupMembers, newEnv, parsePersonColumns, personsOf, rowNumbers, type Built } from './layout-common';
import type { SheetMap } from './layout';
import type { ArrayPool } from './pool';

/**
 * One row per person (profile §1): rows grouped by 户编号; each household-level value is the
 * 户主 row's cell when not empty, else the first non-empty cell of the household's rows.
 */
export function buildPersonPerRow(
  c: CompiledCriteria,
  _hh: SheetMap | null,
  sheet: SheetMap | null,
  ctx: ParseContext,
  trace: (phase: string) => void,
): Built {
  const M = sheet ? sheet.rows.length : 0;
  // Parse the person columns first to learn the households, then size the household side.
  const probe = newEnv(c, 0, M, ctx.refYmd);
  const probeLogs = newLogs(c, probe);
  if (sheet) parsePersonColumns(c, probe, sheet, ctx, probeLogs.mem, false);
  else for (const f of c.fields) if (f.person || f.index === c.roles.householdId) probe.mem[f.index] = emptyColumn(0, -1);

  const hid = c.roles.householdId;
  const hcol = probe.mem[hid];
  // Households in order of their first row; every row joins the household of its 户编号.
  const first = firstOccurrence([{ values: hcol.str, st: hcol.st, hash: hcol.hash }], c.pool, 'group');
  const memHousehold = new Int32Array(M).fill(-1);
  const householdIds: string[] = [];
  for (let m = 0; m < M; m++) {
    const g = first[m];
    if (g < 0) continue;
    if (g === m) {
      memHousehold[m] = householdIds.length;
      householdIds.push(hcol.str[m]);
    } else memHousehold[m] = memHousehold[g];
  }
  const H = householdIds.length;
  const env = newEnv(c, H, M, ctx.refYmd);
  env.mem = probe.mem;
  env.age = probe.age;
  env.male = probe.male;
  env.memHousehold = memHousehold;
  env.memFlags = probe.memFlags;
  env.memRules = probe.memRules;
  const logs = { hh: newLogs(c, env).hh, mem: probeLogs.mem };
  groupMembers(env);

  // The row that speaks for each household: its first 户主 row, else its first row.
  const rel = env.mem[c.roles.relation];
  const headRow = new Int32Array(H).fill(-1);
  const firstRow = new Int32Array(H).fill(-1);
  for (let h = 0; h < H; h++) {
    for (let p = env.memStart[h]; p < env.memStart[h + 1]; p++) {
      const m = env.memList[p];
      if (firstRow[h] < 0) firstRow[h] = m;
      if (headRow[h] < 0 && rel.st[m] === OK && rel.num[m] === c.roles.headCode) headRow[h] = m;
    }
    if (headRow[h] < 0) headRow[h] = firstRow[h];
  }
  const table = sheet ? sheet.table : [];
  const hidCol = emptyColumn(H, sheet ? sheet.colOf[hid] : -1);
  for (let h = 0; h < H; h++) {
    hidCol.st[h] = OK;
    hidCol.str[h] = householdIds[h];
  }
  hidCol.sourceRow = headRow;
  // One household per 户编号 by construction: `unique` has nothing to find here.
  hidCol.first = Int32Array.from({ length: H }, (_, h) => h);
  env.hh[hid] = hidCol;
  const fields = c.fields.filter((f) => !f.person && f.index !== hid);
  const columns = fields.map((f) => (sheet ? sheet.colOf[f.index] : -1));
  trace('parse-persons');
  const sources = sourceRows(env, table, sheet, headRow, columns, c.pool);
  trace('household-values');
  const conflict = c.byKind.value_conflict[0];
  const rowsOf = sources.source.map((source, k) => {
    const rows = c.pool.i32(`sourceRows:${k}`, H);
    for (let h = 0; h < H; h++) rows[h] = source[h] >= 0 ? sheet!.rows[source[h]] : -1;
    return rows;
  });
  const colOf = new Int32Array(c.fields.length).fill(-1);
  fields.forEach((f, k) => (colOf[f.index] = columns[k]));
  const parsed = parseSheet(c, fields, table, rowsOf, colOf, ctx, logs.hh, null, -1, 'h');
  fields.forEach((f, k) => {
    parsed[k].sourceRow = sources.source[k];
    env.hh[f.index] = parsed[k];
  });
  if (conflict) {
    for (const candidate of sources.differing) {
      const f = fields[candidate.field];
      if (valuesDiffer(c, f, env.hh[f.index], candidate.household, table, sheet!.rows[candidate.member], columns[candidate.field], ctx)) {
        logs.mem.add(candidate.member, conflict.index, f.index);
      }
    }
  }
  // Exports without a separate head-ID column carry it on the head's own row.
  const headId = c.roles.headId;
  if (headId >= 0 && (!sheet || sheet.colOf[headId] < 0)) {
    const pid = env.mem[c.roles.personId];
    const col = emptyColumn(H, -1);
    for (let h = 0; h < H; h++) {
      const m = headRow[h];
      if (m >= 0 && pid.st[m] === OK && rel.st[m] === OK && rel.num[m] === c.roles.headCode) {
        col.st[h] = OK;
        col.str[h] = pid.str[m];
      }
    }
    env.hh[headId] = col;
  }
  // Where the size column is optional (monitoring profile §1), 人数 when it parsed, otherwise the
  // number of rows. A required size (the default profile's 家庭人口数) that failed stays unknown,
  // as on a household sheet (spec §5: other rules on it neither pass nor fire).
  const size = c.roles.householdSize;
  const rowsStandIn = size >= 0 && !c.fields[size].def.required;
  for (let h = 0; h < H; h++) {
    const rows = env.memStart[h + 1] - env.memStart[h];
    if (rowsStandIn) {
      const col = env.hh[size];
      if (col.st[h] !== OK) {
        col.st[h] = OK;
        col.num[h] = rows;
      }
    }
    env.persons[h] = size >= 0 ? personsOf(c, env, h) : rows;
    env.linked[h] = 1;
  }
  const memRow = rowNumbers(sheet, M);
  const hhRow = new Int32Array(H);
  for (let h = 0; h < H; h++) hhRow[h] = memRow[headRow[h]];
  return {
    env,
    logs,
    hhRow,
    memRow,
    hhSheet: sheet,
    memSheet: sheet,
  };
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
function sourceRows(env: Env, table: Table, sheet: SheetMap | null, headRow: Int32Array, columns: number[], pool: ArrayPool): Sources {
  const H = env.H;
  const source = columns.map((_, k) => {
    const a = pool.i32(`source:${k}`, H);
    a.fill(-1);
    return a;
  });
  const differing: Sources['differing'] = [];
  if (!sheet) return { source, differing };
  const rows = sheet.rows;
  // The household's row arrays, fetched once for all its fields.
  let cells: Cell[][] = [];
  for (let h = 0; h < H; h++) {
    const head = headRow[h];
    const start = env.memStart[h];
    const end = env.memStart[h + 1];
    const size = end - start;
    if (cells.length < size) cells = new Array<Cell[]>(size);
    let headAt = 0;
    for (let p = 0; p < size; p++) {
      const m = env.memList[start + p];
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
      source[k][h] = at < 0 ? -1 : env.memList[start + at];
      if (at < 0 || size < 2) continue;
      for (let p = 0; p < size; p++) {
        if (p === at) continue;
        const cell = cells[p][column];
        // Cheapest tests first: the same text, then an empty cell, before trimming anything.
        if (cell === chosen || cell === null || cell === '' || isEmpty(cell) || sameText(cell, chosen)) continue;
        differing.push({ field: k, household: h, member: env.memList[start + p] });
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
  c: CompiledCriteria,
  f: CompiledField,
  hcol: Column,
  h: number,
  table: Table,
  row: number,
  column: number,
  ctx: ParseContext,
): boolean {
  if (hcol.st[h] !== OK) return true;
  const parsed = parseColumn(c, f, table, Int32Array.of(row), column, { ...ctx, pool: null }, nullLog, null);
  if (parsed.st[0] !== OK) return true;
  if (hcol.str.length) return parsed.str[0] !== hcol.str[h];
  return parsed.num[0] !== hcol.num[h];
}

/** A log that drops what it is given (re-parsing a cell only to compare it). */
const nullLog = { add() {} } as unknown as IssueLog;

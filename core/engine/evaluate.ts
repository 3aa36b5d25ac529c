import type { CompiledCriteria, CompiledField } from '../criteria/compile';
import { ageAt, isEmpty, MISSING, OK, ymdFromIso } from '../parse/index';
import { columnLetter } from '../sheet/header';
import { summarise } from '../summary/index';
import type { Cell, HouseholdResult, MemberResult, RosterInput, RosterResult, Table } from '../types';
import { emptyColumn, parseColumn, parseSheet, textAt, type IdFacts, type ParseContext } from './columns';
import {
  type Column,
  type Env,
  FLAG_ELIGIBLE,
  FLAG_ERROR,
  FLAG_ROWS_ERROR,
  FLAG_ROWS_WARNING,
  FLAG_WARNING,
  IND_NULL,
  IND_TRUE,
} from './env';
import { issuesOf, newLogs, NO_ISSUES, type IssueLog } from './issues';
import { readLayout, type SheetMap } from './layout';
import { firstOccurrence, groupValues, type Grouping } from './buckets';
import type { ArrayPool } from './pool';
import { runRules } from './rules';

export interface EvaluateOptions {
  /** Called after each phase with its name (layout, parse, cross-row, person-checks, indicators, household-checks, outcomes, results, summary), for benchmarks. */
  trace?: (phase: string) => void;
}

const noTrace = (): void => {};

/** The reference date: input, criteria parameter, end of the period's year, or today. */
export function referenceDateOf(c: CompiledCriteria, input: RosterInput): string {
  if (input.referenceDate) return input.referenceDate;
  const p = c.params.reference_date;
  if (typeof p === 'string' && p) return p;
  const period = input.period ? /^(\d{4})(?:-?(\d{2}))?/.exec(input.period) : null;
  if (period) {
    const year = Number(period[1]);
    const month = period[2] ? Number(period[2]) : 0;
    if (c.document.referenceDate === 'end_of_period' && month >= 1 && month <= 12) {
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      return `${period[1]}-${period[2]}-${String(last).padStart(2, '0')}`;
    }
    return `${period[1]}-12-31`;
  }
  return new Date().toISOString().slice(0, 10);
}

function newEnv(c: CompiledCriteria, H: number, M: number, ref: number): Env {
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
function groupMembers(env: Env): void {
  const { memStart, memHousehold, memList, H, M } = env;
  for (let m = 0; m < M; m++) if (memHousehold[m] >= 0) memStart[memHousehold[m] + 1]++;
  for (let h = 0; h < H; h++) memStart[h + 1] += memStart[h];
  const fill = memStart.slice(0, H);
  for (let m = 0; m < M; m++) if (memHousehold[m] >= 0) memList[fill[memHousehold[m]]++] = m;
}

function ages(env: Env, ids: IdFacts): void {
  for (let m = 0; m < env.M; m++) {
    if (ids.birth[m] > 0) {
      env.age[m] = ageAt(ids.birth[m], env.refYmd);
      env.male[m] = ids.male[m];
    }
  }
}

/**
 * Evaluate a roster against compiled criteria: parse, every rule, indicators, score,
 * eligibility, risk level and the summary. Pure and deterministic; never throws on cell data.
 *
 * @example
 * const criteria = compileCriteria(defaultCriteria);
 * const { households, summary } = evaluateRoster(criteria, { households: sheet, members, period: '2020' });
 */
export function evaluateRoster(c: CompiledCriteria, input: RosterInput, options: EvaluateOptions = {}): RosterResult {
  const trace = options.trace ?? noTrace;
  const referenceDate = referenceDateOf(c, input);
  const refYmd = ymdFromIso(referenceDate);
  const ctx: ParseContext = { refYmd, refYear: Math.floor(refYmd / 10000), refYyyymm: Math.floor(refYmd / 100), pool: c.pool };
  const layout = readLayout(c, input.households ?? [], input.members);
  const unreadable = layout.sheetIssues.some((s) => s.fatal);
  trace('layout');

  const build = layout.kind === 'person-per-row' ? buildPersonPerRow : buildHouseholdMember;
  const { env, logs, hhRow, memRow, hhSheet, memSheet, hhLetters } = build(c, layout.households, layout.members, ctx, trace);
  trace('parse');
  runRules(c, env, logs, input.expectedTownship ?? null, layout.kind === 'household-member' && memSheet !== null, trace);
  scoreHouseholds(c, env, logs);
  trace('outcomes');

  const hhGroup = logs.hh.byRow(env.H);
  const memGroup = logs.mem.byRow(env.M);
  const households = householdResults(c, env, logs.hh, hhGroup, hhRow, hhLetters);
  const memLetter = lettersOf(memSheet);
  const members: MemberResult[] = new Array(env.M);
  const pid = c.roles.personId;
  const hid = c.roles.householdId;
  const idc = env.mem[pid];
  const hc = env.mem[hid];
  for (let m = 0; m < env.M; m++) {
    members[m] = {
      row: memRow[m],
      householdId: hc.st[m] === OK ? hc.str[m] : null,
      id: idc.st[m] === OK ? idc.str[m] : null,
      issues: memGroup.start[m] === memGroup.start[m + 1] ? NO_ISSUES : issuesOf(c, logs.mem, memGroup, m, memLetter),
    };
  }
  void hhSheet;
  trace('results');
  const summary = summarise(c, env, logs);
  trace('summary');
  return {
    profile: c.profile,
    layout: layout.kind,
    referenceDate,
    sheetIssues: layout.sheetIssues,
    unreadable,
    households,
    members,
    summary,
  };
}

interface Built {
  env: Env;
  logs: { hh: IssueLog; mem: IssueLog };
  /** Worksheet row number per household / member. */
  hhRow: Int32Array;
  memRow: Int32Array;
  hhSheet: SheetMap | null;
  memSheet: SheetMap | null;
  hhLetters: (field: number) => string | null;
}

function parsePersonColumns(c: CompiledCriteria, env: Env, sheet: SheetMap, ctx: ParseContext, log: IssueLog): void {
  const ids: IdFacts = { birth: new Int32Array(env.M), male: new Uint8Array(env.M) };
  const fields = c.fields.filter((f) => f.person || f.index === c.roles.householdId);
  const cols = parseSheet(c, fields, sheet.table, sheet.rows, sheet.colOf, ctx, log, ids, c.roles.personId, 'm');
  fields.forEach((f, k) => (env.mem[f.index] = cols[k]));
  ages(env, ids);
}

function buildHouseholdMember(
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
  if (memSheet) parsePersonColumns(c, env, memSheet, ctx, logs.mem);
  else for (const f of c.fields) if (f.person || f.index === c.roles.householdId) env.mem[f.index] = emptyColumn(0, -1);
  trace('parse-members');

  // Link members to the first household row carrying their 户编号 (spec §5, §9.11).
  const hid = c.roles.householdId;
  const hcol = env.hh[hid];
  const households = groupValues([{ values: hcol.str, st: hcol.st }], c.pool, 'link');
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
  const rowNumbers = (sheet: SheetMap | null, n: number) => {
    const out = new Int32Array(n);
    if (sheet) for (let i = 0; i < n; i++) out[i] = sheet.rows[i] + 1;
    return out;
  };
  return {
    env,
    logs,
    hhRow: rowNumbers(hhSheet, H),
    memRow: rowNumbers(memSheet, M),
    hhSheet,
    memSheet,
    hhLetters: lettersOf(hhSheet),
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

/** Column letters of a sheet's fields, computed once. */
function lettersOf(sheet: SheetMap | null): (field: number) => string | null {
  const letters = sheet ? Array.from(sheet.colOf, (col) => (col >= 0 ? columnLetter(col) : null)) : [];
  return (field) => letters[field] ?? null;
}

function personsOf(c: CompiledCriteria, env: Env, h: number): number {
  const k = c.roles.householdSize;
  if (k < 0) return NaN;
  const col = env.hh[k];
  return col.st[h] === OK ? col.num[h] : NaN;
}

/**
 * One row per person (profile §1): rows grouped by 户编号; each household-level value is the
 * 户主 row's cell when not empty, else the first non-empty cell of the household's rows.
 */
function buildPersonPerRow(
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
  if (sheet) parsePersonColumns(c, probe, sheet, ctx, probeLogs.mem);
  else for (const f of c.fields) if (f.person || f.index === c.roles.householdId) probe.mem[f.index] = emptyColumn(0, -1);

  const hid = c.roles.householdId;
  const hcol = probe.mem[hid];
  // Households in order of their first row; every row joins the household of its 户编号.
  const first = firstOccurrence([{ values: hcol.str, st: hcol.st }], c.pool, 'group');
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
  // 人数 when it parsed, otherwise the number of rows (profile §1).
  const size = c.roles.householdSize;
  for (let h = 0; h < H; h++) {
    const rows = env.memStart[h + 1] - env.memStart[h];
    if (size >= 0) {
      const col = env.hh[size];
      if (col.st[h] !== OK) {
        col.st[h] = OK;
        col.num[h] = rows;
      }
    }
    env.persons[h] = size >= 0 ? env.hh[size].num[h] : rows;
    env.linked[h] = 1;
  }
  const memRow = new Int32Array(M);
  for (let m = 0; m < M; m++) memRow[m] = sheet!.rows[m] + 1;
  const hhRow = new Int32Array(H);
  for (let h = 0; h < H; h++) hhRow[h] = memRow[headRow[h]];
  return {
    env,
    logs,
    hhRow,
    memRow,
    hhSheet: sheet,
    memSheet: sheet,
    hhLetters: lettersOf(sheet),
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
  for (let h = 0; h < H; h++) {
    const head = headRow[h];
    const start = env.memStart[h];
    const end = env.memStart[h + 1];
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k];
      if (column < 0) continue;
      let src = -1;
      let chosen: Cell = null;
      const headCell = table[rows[head]][column];
      if (!isEmpty(headCell)) {
        src = head;
        chosen = headCell;
      } else {
        for (let p = start; p < end; p++) {
          const cell = table[rows[env.memList[p]]][column];
          if (!isEmpty(cell)) {
            src = env.memList[p];
            chosen = cell;
            break;
          }
        }
      }
      source[k][h] = src;
      if (src < 0 || end - start < 2) continue;
      for (let p = start; p < end; p++) {
        const m = env.memList[p];
        if (m === src) continue;
        const cell = table[rows[m]][column];
        if (cell === chosen || isEmpty(cell) || sameText(cell, chosen)) continue;
        differing.push({ field: k, household: h, member: m });
      }
    }
  }
  return { source, differing };
}

/** Equal after trimming (a cheap test before any parsing). */
function sameText(a: Cell, b: Cell): boolean {
  const x = typeof a === 'string' ? a.trim() : String(a);
  const y = typeof b === 'string' ? b.trim() : String(b);
  return x === y;
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

function scoreHouseholds(c: CompiledCriteria, env: Env, logs: { hh: IssueLog; mem: IssueLog }): void {
  void logs;
  for (let h = 0; h < env.H; h++) {
    let rowsFlags = env.hhFlags[h];
    for (let p = env.memStart[h]; p < env.memStart[h + 1]; p++) rowsFlags |= env.memFlags[env.memList[p]];
    if (rowsFlags & FLAG_ERROR) env.hhFlags[h] |= FLAG_ROWS_ERROR;
    if (rowsFlags & FLAG_WARNING) env.hhFlags[h] |= FLAG_ROWS_WARNING;
    if (c.eligibility.when(env, h) === true) env.hhFlags[h] |= FLAG_ELIGIBLE;
    let level = c.riskOtherwise;
    for (let k = 0; k < c.risk.length; k++) {
      if (c.risk[k].when(env, h) === true) {
        level = c.risk[k].level;
        break;
      }
    }
    env.risk[h] = level;
  }
}

function householdResults(
  c: CompiledCriteria,
  env: Env,
  log: IssueLog,
  group: { start: Int32Array; order: Int32Array },
  hhRow: Int32Array,
  letters: (field: number) => string | null,
): HouseholdResult[] {
  const out: HouseholdResult[] = new Array(env.H);
  const { householdId, township, headId, status } = c.roles;
  const text = (k: number, h: number) => (k >= 0 && env.hh[k].st[h] === OK ? textAt(env.hh[k], h) : null);
  const eligibilityKey = c.eligibility.key;
  // Households with the same indicator values share one frozen indicators object: a roster
  // has a few hundred patterns at most, so this saves an object per household.
  const keys = c.indicators.map((i) => i.key);
  const patterns = new Map<number, Readonly<Record<string, boolean | null>>>();
  for (let h = 0; h < env.H; h++) {
    let code = 0;
    for (let j = 0; j < env.nInd; j++) code = code * 3 + env.ind[h * env.nInd + j];
    // Past 30 indicators the code would lose precision: build each object afresh.
    let indicators = env.nInd <= 30 ? patterns.get(code) : undefined;
    if (!indicators) {
      const o: Record<string, boolean | null> = {};
      for (let j = 0; j < env.nInd; j++) {
        const v = env.ind[h * env.nInd + j];
        o[keys[j]] = v === IND_NULL ? null : v === IND_TRUE;
      }
      patterns.set(code, (indicators = Object.freeze(o)));
    }
    const poor = c.statusPoor(env, h) === true;
    const exited = !poor && c.statusExited(env, h) === true;
    const eligible = (env.hhFlags[h] & FLAG_ELIGIBLE) !== 0;
    const result: HouseholdResult = {
      row: hhRow[h],
      householdId: text(householdId, h),
      township: text(township, h),
      headId: text(headId, h),
      persons: Number.isNaN(env.persons[h]) ? null : env.persons[h],
      statusClass: poor ? 'poor' : exited ? 'exited' : null,
      status: text(status, h),
      issues: issuesOf(c, log, group, h, letters),
      indicators: indicators as Record<string, boolean | null>,
      score: env.score[h],
      exitEligible: eligibilityKey === 'exitEligible' ? eligible : false,
      riskLevel: env.risk[h] as 1 | 2 | 3,
    };
    if (eligibilityKey === 'riskEliminable') result.riskEliminable = eligible;
    out[h] = result;
  }
  return out;
}

export { MISSING };

import type { CompiledCriteria, CompiledField } from '../criteria/compile';
import {
  ID,
  MAX_MAGNITUDE,
  MISSING,
  OK,
  RANGE,
  ENUM,
  codePointLength,
  isEmpty,
  parseBool,
  parseId18,
  parseInteger,
  parseMonth,
  parseNumber,
  parseText,
  type IdOut,
} from '../parse/index';
import type { Table, Text } from '../types';
import type { Column } from '../state/index';
import type { IssueLog } from '../state/index';
import type { ArrayPool } from './pool';
import { hashString } from '../parse/hash';

const numOut = { value: 0 };
const textOut = { value: '' };
const boolOut = { value: false };
const monthOut = { value: 0 };
const idOut: IdOut = { value: '', hash: 0, birth: 0, male: false, provinceOk: false, reason: '' };

/** Shared stand-ins for the half of a column a field's type never uses. */
const NO_NUM = new Float64Array(0);
const NO_STR: string[] = [];
/** Stands in for a caller's table in kept working objects, so the table itself can be collected. */
export const NO_TABLE: Table = [];

/** Per-ID facts the rules need beyond the value (birth date for ages, 17th digit for gender). */
export interface IdFacts {
  birth: Int32Array;
  male: Uint8Array;
}

export interface ParseContext {
  refYmd: number;
  refYear: number;
  /** reference month as YYYYMM (for month bounds). */
  refYyyymm: number;
  pool: ArrayPool | null;
}

function resolveBound(criteria: CompiledCriteria, b: number | string | null, ctx: ParseContext, fallback: number): number {
  if (b === null) return fallback;
  if (typeof b === 'number') return b;
  if (b === 'reference_year') return ctx.refYear;
  if (b === 'reference_month') return ctx.refYyyymm;
  const v = criteria.params[b];
  return typeof v === 'number' ? v : fallback;
}

const STRING_TYPES = new Set(['text', 'id18']);

/** The text of a value in a column (enum codes read back as their value). */
export function textAt(col: Column, i: number): string {
  return col.codes ? col.codes[col.numbers[i]] : col.texts[i];
}

/** A column of n missing values, typed for its field; buffers come from the pool when given. */
export function emptyColumn(n: number, column: number, f: CompiledField | null = null, pool: ArrayPool | null = null, key = ''): Column {
  const stringy = f === null || STRING_TYPES.has(f.def.type);
  const numeric = f === null || !stringy;
  const st = pool ? pool.u8(`st:${key}`, n) : new Uint8Array(n);
  st.fill(MISSING);
  return {
    status: st,
    numbers: numeric ? (pool ? pool.f64(`num:${key}`, n) : new Float64Array(n)) : NO_NUM,
    texts: stringy ? (pool ? pool.strings(`str:${key}`, n) : new Array<string>(n).fill('')) : NO_STR,
    codes: f && f.def.type === 'enum' ? f.def.values! : null,
    hash: f && f.grouped && stringy ? (pool ? pool.i32(`hash:${key}`, n) : new Int32Array(n)) : null,
    column,
    sourceRow: null,
    // Declared up front so every column has one hidden class (linking sets it later).
    first: undefined,
  };
}

const ID_HINTS: Record<string, Text> = {
  numeric: {
    zh: '：该单元格是数字，Excel已丢失末几位，请将整列设置为文本格式后重新录入',
    en: ': the cell is a number (Excel has lost the last digits); format the column as text and re-enter it',
  },
  obsolete15: { zh: '：15位旧身份证号已停用，请换成18位号码', en: ': 15-digit IDs are obsolete; use the 18-digit number' },
  length: { zh: '：位数不对', en: ': wrong length' },
  format: { zh: '：含有非法字符', en: ': contains invalid characters' },
  date: { zh: '：出生日期无效', en: ': the birth date is not valid' },
  checksum: { zh: '：校验码错误', en: ': the check digit is wrong' },
};

/** Rows per block when a whole sheet is parsed: a block's row arrays stay in cache across fields. */
const BLOCK = 1024;

interface Bounds {
  min: number;
  max: number;
}

function boundsOf(criteria: CompiledCriteria, f: CompiledField, ctx: ParseContext): Bounds {
  if (f.def.type === 'month') return { min: resolveBound(criteria, f.min, ctx, 0), max: resolveBound(criteria, f.max, ctx, 999912) };
  return { min: resolveBound(criteria, f.min, ctx, -Infinity), max: resolveBound(criteria, f.max, ctx, Infinity) };
}

/** Where one field's cells are and where its issues go. */
export interface ColumnSource {
  table: Table;
  /** Table row per result row; -1 = no cell. */
  rows: Int32Array;
  /** 0-based column of the field, -1 when the sheet has none. */
  column: number;
  context: ParseContext;
  log: IssueLog;
}

/** Parse one field into a fresh Column (never pooled) and log its field issues. */
export function parseColumn(criteria: CompiledCriteria, f: CompiledField, source: ColumnSource): Column {
  const { table, rows, column, context, log } = source;
  const col = emptyColumn(rows.length, column, f);
  if (column >= 0)
    parseRange({ c: criteria, f, table, rows, col, bounds: boundsOf(criteria, f, context), ctx: context, log, ids: null }, 0, rows.length);
  logFieldIssues(criteria, f, col, column, log);
  return col;
}

/** One sheet's fields to parse together (parseSheet). */
export interface SheetSource {
  fields: readonly CompiledField[];
  table: Table;
  /** Table row per result row: one list for the sheet, or one per field (household values from person rows). */
  rows: Int32Array | readonly Int32Array[];
  /** field index → 0-based column (-1 absent). */
  colOf: Int32Array;
  context: ParseContext;
  log: IssueLog;
  /** The ID field whose birth dates and genders are wanted, and where they go. */
  ids?: { field: number; facts: IdFacts } | null;
  /** Which side the columns are for: their pooled buffers are kept apart. */
  side: 'households' | 'members';
}

/**
 * Parse several fields of one sheet, block of rows by block of rows (fields inner), so each
 * row array is read from memory once rather than once per field.
 */
export function parseSheet(criteria: CompiledCriteria, source: SheetSource): Column[] {
  const { fields, table, rows, colOf, context: ctx, log, side } = source;
  const ids = source.ids ?? null;
  // One row list for the whole sheet, or one per field (household values taken from person rows).
  const rowsOf = (k: number): Int32Array => (rows instanceof Int32Array ? rows : rows[k]);
  const n = rowsOf(0)?.length ?? 0;
  const cols = fields.map((f) => emptyColumn(n, colOf[f.index], f, ctx.pool, `${side}:${f.index}`));
  const jobs: ParseJob[] = fields.map((f, k) => ({
    c: criteria,
    f,
    table,
    rows: rowsOf(k),
    col: cols[k],
    bounds: boundsOf(criteria, f, ctx),
    ctx,
    log,
    ids: ids && f.index === ids.field ? ids.facts : null,
  }));
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    for (let k = 0; k < jobs.length; k++) if (cols[k].column >= 0) parseRange(jobs[k], from, to);
  }
  // Kept for their hidden class (ArrayPool.keep), without the caller's table.
  for (const job of jobs) job.table = NO_TABLE;
  ctx.pool?.keep(`jobs:${side}`, jobs);
  for (let k = 0; k < fields.length; k++) logFieldIssues(criteria, fields[k], cols[k], cols[k].column, log);
  return cols;
}

/** Dispatch to one small loop per value type, which V8 optimises (and inlines into) on its own. */
/** One field of one sheet being parsed. */
interface ParseJob {
  c: CompiledCriteria;
  f: CompiledField;
  table: Table;
  rows: Int32Array;
  col: Column;
  bounds: Bounds;
  ctx: ParseContext;
  log: IssueLog;
  ids: IdFacts | null;
}

function parseRange(job: ParseJob, from: number, to: number): void {
  switch (job.f.def.type) {
    case 'integer':
      return parseNumbers(job, from, to, true);
    case 'number':
      return parseNumbers(job, from, to, false);
    case 'bool':
      return parseBools(job, from, to);
    case 'text':
      return parseTexts(job, from, to);
    case 'enum':
      return parseCodes(job, from, to, false);
    case 'enum_set':
      return parseCodes(job, from, to, true);
    case 'id18':
      return parseIds(job, from, to);
    case 'month':
      return parseMonths(job, from, to);
  }
}

/** Number and integer fields: one loop, `integer` telling which parser and fast path apply. */
function parseNumbers(j: ParseJob, from: number, to: number, integer: boolean): void {
  const { table, rows, bounds, col } = j;
  const column = col.column;
  const { status: st, numbers: num } = col;
  for (let i = from; i < to; i++) {
    const r = rows[i];
    const cell = r < 0 ? null : table[r][column];
    let s: number;
    let v: number;
    // Numeric cells (what Excel hands over for numbers) settle here, without a call. NaN fails
    // both comparisons and takes the full parser (which calls it out of range).
    if (typeof cell === 'number' && cell >= -MAX_MAGNITUDE && cell <= MAX_MAGNITUDE && (!integer || Number.isInteger(cell))) {
      s = OK;
      v = cell + 0;
    } else {
      s = integer ? parseInteger(cell, numOut) : parseNumber(cell, numOut);
      v = numOut.value;
    }
    if (s === OK) {
      if (v < bounds.min || v > bounds.max) s = RANGE;
      else num[i] = v;
    }
    st[i] = s;
  }
}

function parseBools(j: ParseJob, from: number, to: number): void {
  const { table, rows, col } = j;
  const column = col.column;
  const { status: st, numbers: num } = col;
  for (let i = from; i < to; i++) {
    const r = rows[i];
    const s = parseBool(r < 0 ? null : table[r][column], boolOut);
    st[i] = s;
    if (s === OK) num[i] = boolOut.value ? 1 : 0;
  }
}

function parseTexts(j: ParseJob, from: number, to: number): void {
  const { f, table, rows, col } = j;
  const column = col.column;
  const { status: st } = col;

  const maxLength = f.def.maxLength ?? Infinity;
  const str = col.texts;
  // Hashing now, while the text is in cache, spares grouping a second pass over every string.
  const hash = col.hash;
  for (let i = from; i < to; i++) {
    const r = rows[i];
    let s = parseText(r < 0 ? null : table[r][column], textOut);
    if (s === OK) {
      const v = textOut.value;
      if (v.length > maxLength && codePointLength(v) > maxLength) s = RANGE;
      else {
        str[i] = v;
        if (hash) hash[i] = hashString(v);
      }
    }
    st[i] = s;
  }
}

const ENUM_SLOTS = 64;
const ENUM_SLOT_TEXT: string[] = new Array<string>(ENUM_SLOTS).fill('');
const ENUM_SLOT_CODE = new Int32Array(ENUM_SLOTS);

/**
 * Enum cells as value codes, enum_set cells as bit masks (`set`). A direct-mapped cache sits in
 * front of the lookup: such a column holds a handful of distinct texts (男/女, 健康/长期慢性病…),
 * usually the same string objects, so a slot hit is one comparison where Map.get hashes and
 * probes (and an enum_set text would be split).
 */
function parseCodes(j: ParseJob, from: number, to: number, set: boolean): void {
  const { f, table, rows, col } = j;
  const column = col.column;
  const { status: st, numbers: num } = col;
  const codeOf = f.codeOf;
  const slotText = ENUM_SLOT_TEXT;
  const slotCode = ENUM_SLOT_CODE;
  slotText.fill('');
  for (let i = from; i < to; i++) {
    const r = rows[i];
    let s = parseText(r < 0 ? null : table[r][column], textOut);
    if (s === OK) {
      const text = textOut.value;
      const slot = (text.charCodeAt(0) + text.length * 7) & (ENUM_SLOTS - 1);
      let code: number;
      if (slotText[slot] === text) code = slotCode[slot];
      else {
        code = set ? parseEnumSet(f, text) : (codeOf!.get(text) ?? -1);
        slotText[slot] = text;
        slotCode[slot] = code;
      }
      if (code < 0) s = ENUM;
      else num[i] = code;
    }
    st[i] = s;
  }
}

function parseIds(j: ParseJob, from: number, to: number): void {
  const { c, f, table, rows, ctx, log, ids, col } = j;
  const column = col.column;
  const { status: st } = col;

  const allowCert = f.def.allowCertificate === true;
  const areaRule = c.fieldRules.id_area;
  const idRule = c.fieldRules.id_number;
  const str = col.texts;
  for (let i = from; i < to; i++) {
    const r = rows[i];
    const s = parseId18(r < 0 ? null : table[r][column], ctx.refYmd, idOut, allowCert);
    st[i] = s;
    if (s === OK) {
      str[i] = idOut.value;
      if (col.hash) col.hash[i] = idOut.hash;
      if (ids) {
        ids.birth[i] = idOut.birth;
        ids.male[i] = idOut.male ? 1 : 0;
      }
      if (!idOut.provinceOk && areaRule >= 0) log.add(i, areaRule, f.index);
    } else if (s === ID && idRule >= 0) log.add(i, idRule, f.index, ID_HINTS[idOut.reason]);
  }
}

function parseMonths(j: ParseJob, from: number, to: number): void {
  const { table, rows, bounds, col } = j;
  const column = col.column;
  const { status: st, numbers: num } = col;
  for (let i = from; i < to; i++) {
    const r = rows[i];
    const s = parseMonth(r < 0 ? null : table[r][column], monthOut, bounds.min, bounds.max);
    st[i] = s;
    if (s === OK) num[i] = monthOut.value;
  }
}

const RULE_OF_STATUS = ['', 'required', 'type', 'range', 'enum', 'id_number', 'month'] as const;

/** Defaults for empty cells, then one issue per cell that is missing (required) or unparsed. */
function logFieldIssues(criteria: CompiledCriteria, f: CompiledField, col: Column, column: number, log: IssueLog): void {
  const { status: st } = col;
  const rules = criteria.fieldRules;
  const required = f.def.required && column >= 0 ? rules.required : -1;
  for (let i = 0; i < st.length; i++) {
    const s = st[i];
    if (s === OK) continue;
    if (s === MISSING) {
      if (f.hasDefault) {
        st[i] = OK;
        if (col.numbers !== NO_NUM) col.numbers[i] = f.defaultNum;
        if (col.texts !== NO_STR) col.texts[i] = f.defaultStr;
      } else if (required >= 0) log.add(i, required, f.index);
      continue;
    }
    // ID problems were logged while parsing, with their reason.
    if (s === ID) continue;
    const rule = rules[RULE_OF_STATUS[s] as keyof typeof rules];
    if (rule >= 0) log.add(i, rule, f.index);
  }
}

/**
 * An enum_set cell ("长期慢性病、残疾") as a bit mask of value positions, -1 when a part is not a
 * value or an exclusive value (健康) is not alone.
 */
function parseEnumSet(f: CompiledField, text: string): number {
  // Most cells hold one value: look it up whole before splitting anything.
  const whole = f.match!(text);
  if (whole !== undefined) return 1 << (f.def.values ?? []).indexOf(whole);
  const seps = f.def.separators ?? [',', '，', '、'];
  let parts: string[] = [text];
  for (const sep of seps) parts = parts.flatMap((p) => p.split(sep));
  const values = f.def.values ?? [];
  const exclusive = f.def.exclusive ?? [];
  let mask = 0;
  for (const raw of parts) {
    const part = raw.trim();
    if (isEmpty(part)) return -1;
    const v = f.match!(part);
    if (v === undefined) return -1;
    mask |= 1 << values.indexOf(v);
    if (parts.length > 1 && exclusive.includes(v)) return -1;
  }
  return mask;
}

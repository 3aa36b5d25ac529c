import type { CompiledCriteria, CompiledField } from '../criteria/compile';
import {
  ID,
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
import type { Cell, Table, Text } from '../types';
import type { Column } from './env';
import type { IssueLog } from './issues';
import type { ArrayPool } from './pool';

const numOut = { value: 0 };
const textOut = { value: '' };
const boolOut = { value: false };
const monthOut = { value: 0 };
const idOut: IdOut = { value: '', birth: 0, male: false, provinceOk: false, reason: '' };

/** Shared stand-ins for the half of a column a field's type never uses. */
const NO_NUM = new Float64Array(0);
const NO_STR: string[] = [];

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

function resolveBound(c: CompiledCriteria, b: number | string | null, ctx: ParseContext, fallback: number): number {
  if (b === null) return fallback;
  if (typeof b === 'number') return b;
  if (b === 'reference_year') return ctx.refYear;
  if (b === 'reference_month') return ctx.refYyyymm;
  const v = c.params[b];
  return typeof v === 'number' ? v : fallback;
}

const STRING_TYPES = new Set(['text', 'id18']);

/** The text of a value in a column (enum codes read back as their value). */
export function textAt(col: Column, i: number): string {
  return col.codes ? col.codes[col.num[i]] : col.str[i];
}

/** A column of n missing values, typed for its field; buffers come from the pool when given. */
export function emptyColumn(n: number, column: number, f: CompiledField | null = null, pool: ArrayPool | null = null, key = ''): Column {
  const stringy = f === null || STRING_TYPES.has(f.def.type);
  const numeric = f === null || !stringy;
  const st = pool ? pool.u8(`st:${key}`, n) : new Uint8Array(n);
  st.fill(MISSING);
  return {
    st,
    num: numeric ? (pool ? pool.f64(`num:${key}`, n) : new Float64Array(n)) : NO_NUM,
    str: stringy ? new Array<string>(n).fill('') : NO_STR,
    codes: f && f.def.type === 'enum' ? f.def.values! : null,
    column,
    sourceRow: null,
  };
}

const ID_HINTS: Record<string, Text> = {
  numeric: { zh: '：该单元格是数字，Excel已丢失末几位，请将整列设置为文本格式后重新录入', en: ': the cell is a number (Excel has lost the last digits); format the column as text and re-enter it' },
  obsolete15: { zh: '：15位旧身份证号已停用，请换成18位号码', en: ': 15-digit IDs are obsolete; use the 18-digit number' },
  length: { zh: '：位数不对', en: ': wrong length' },
  format: { zh: '：含有非法字符', en: ': contains invalid characters' },
  date: { zh: '：出生日期无效', en: ': the birth date is not valid' },
  checksum: { zh: '：校验码错误', en: ': the check digit is wrong' },
};

/** The ID problem of each row (only rows whose status is ID are read). */
type IdReasons = Map<number, Text>;

/**
 * Parse one field over `rows` (table row per result row; -1 = no cell) into a Column and log
 * its field issues. One loop per value type keeps each loop monomorphic.
 */
export function parseColumn(
  c: CompiledCriteria,
  f: CompiledField,
  table: Table,
  rows: Int32Array,
  column: number,
  ctx: ParseContext,
  log: IssueLog,
  ids: IdFacts | null,
  poolKey = '',
): Column {
  const n = rows.length;
  const col = emptyColumn(n, column, f, poolKey ? ctx.pool : null, poolKey);
  if (column >= 0) {
    const cells = new CellReader(table, rows, column);
    switch (f.def.type) {
      case 'integer':
      case 'number':
        parseNumbers(f, cells, col, resolveBound(c, f.min, ctx, -Infinity), resolveBound(c, f.max, ctx, Infinity));
        break;
      case 'bool':
        for (let i = 0; i < n; i++) {
          const s = parseBool(cells.at(i), boolOut);
          col.st[i] = s;
          if (s === OK) col.num[i] = boolOut.value ? 1 : 0;
        }
        break;
      case 'text':
        parseTexts(f, cells, col);
        break;
      case 'enum':
        parseEnums(f, cells, col);
        break;
      case 'enum_set':
        for (let i = 0; i < n; i++) {
          let s = parseText(cells.at(i), textOut);
          if (s === OK) {
            const mask = parseEnumSet(f, textOut.value);
            if (mask < 0) s = ENUM;
            else col.num[i] = mask;
          }
          col.st[i] = s;
        }
        break;
      case 'id18':
        parseIds(f, cells, col, ctx, ids, log, c.fieldRules.id_area, idReasons);
        break;
      case 'month': {
        const min = resolveBound(c, f.min, ctx, 0);
        const max = resolveBound(c, f.max, ctx, 999912);
        for (let i = 0; i < n; i++) {
          const s = parseMonth(cells.at(i), monthOut, min, max);
          col.st[i] = s;
          if (s === OK) col.num[i] = monthOut.value;
        }
        break;
      }
    }
  }
  logFieldIssues(c, f, col, column, log);
  idReasons.clear();
  return col;
}

const idReasons: IdReasons = new Map();

/** Cells of one column over a list of rows (-1 = no cell). */
class CellReader {
  constructor(
    private readonly table: Table,
    private readonly rows: Int32Array,
    private readonly column: number,
  ) {}
  at(i: number): Cell {
    const r = this.rows[i];
    return r < 0 ? null : this.table[r][this.column];
  }
}

function parseNumbers(f: CompiledField, cells: CellReader, col: Column, min: number, max: number): void {
  const integer = f.def.type === 'integer';
  const { st, num } = col;
  for (let i = 0; i < st.length; i++) {
    let s = integer ? parseInteger(cells.at(i), numOut) : parseNumber(cells.at(i), numOut);
    if (s === OK) {
      const v = numOut.value;
      if (v < min || v > max) s = RANGE;
      else num[i] = v;
    }
    st[i] = s;
  }
}

function parseTexts(f: CompiledField, cells: CellReader, col: Column): void {
  const maxLength = f.def.maxLength ?? Infinity;
  const { st, str } = col;
  for (let i = 0; i < st.length; i++) {
    let s = parseText(cells.at(i), textOut);
    if (s === OK) {
      const v = textOut.value;
      if (v.length > maxLength && codePointLength(v) > maxLength) s = RANGE;
      else str[i] = v;
    }
    st[i] = s;
  }
}

function parseEnums(f: CompiledField, cells: CellReader, col: Column): void {
  const codeOf = f.codeOf!;
  const { st, num } = col;
  for (let i = 0; i < st.length; i++) {
    let s = parseText(cells.at(i), textOut);
    if (s === OK) {
      const code = codeOf.get(textOut.value);
      if (code === undefined) s = ENUM;
      else num[i] = code;
    }
    st[i] = s;
  }
}

function parseIds(
  f: CompiledField,
  cells: CellReader,
  col: Column,
  ctx: ParseContext,
  ids: IdFacts | null,
  log: IssueLog,
  areaRule: number,
  reasons: IdReasons,
): void {
  const allowCert = f.def.allowCertificate === true;
  const { st, str } = col;
  for (let i = 0; i < st.length; i++) {
    const s = parseId18(cells.at(i), ctx.refYmd, idOut, allowCert);
    st[i] = s;
    if (s === OK) {
      str[i] = idOut.value;
      if (ids) {
        ids.birth[i] = idOut.birth;
        ids.male[i] = idOut.male ? 1 : 0;
      }
      if (!idOut.provinceOk && areaRule >= 0) log.add(i, areaRule, f.index);
    } else if (s === ID) reasons.set(i, ID_HINTS[idOut.reason]);
  }
}

const RULE_OF_STATUS = ['', 'required', 'type', 'range', 'enum', 'id_number', 'month'] as const;

/** Defaults for empty cells, then one issue per cell that is missing (required) or unparsed. */
function logFieldIssues(c: CompiledCriteria, f: CompiledField, col: Column, column: number, log: IssueLog): void {
  const { st } = col;
  const rules = c.fieldRules;
  const required = f.def.required && column >= 0 ? rules.required : -1;
  for (let i = 0; i < st.length; i++) {
    const s = st[i];
    if (s === OK) continue;
    if (s === MISSING) {
      if (f.hasDefault) {
        st[i] = OK;
        if (col.num !== NO_NUM) col.num[i] = f.defaultNum;
        if (col.str !== NO_STR) col.str[i] = f.defaultStr;
      } else if (required >= 0) log.add(i, required, f.index);
      continue;
    }
    const rule = rules[RULE_OF_STATUS[s] as keyof typeof rules];
    if (rule >= 0) log.add(i, rule, f.index, s === ID ? idReasons.get(i) : undefined);
  }
}

/**
 * An enum_set cell ("长期慢性病、残疾") as a bit mask of value positions, -1 when a part is not a
 * value or an exclusive value (健康) is not alone.
 */
function parseEnumSet(f: CompiledField, text: string): number {
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

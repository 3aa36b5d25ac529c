import type { CompiledCriteria, CompiledField } from '../criteria/compile';
import {
  ENUM,
  ID,
  MISSING,
  MONTH,
  OK,
  RANGE,
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

const numOut = { value: 0 };
const textOut = { value: '' };
const boolOut = { value: false };
const monthOut = { value: 0 };
const idOut: IdOut = { value: '', birth: 0, male: false, provinceOk: false, reason: '' };

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
}

function resolveBound(c: CompiledCriteria, b: number | string | null, ctx: ParseContext, fallback: number): number {
  if (b === null) return fallback;
  if (typeof b === 'number') return b;
  if (b === 'reference_year') return ctx.refYear;
  if (b === 'reference_month') return ctx.refYyyymm;
  const v = c.params[b];
  return typeof v === 'number' ? v : fallback;
}

export function emptyColumn(n: number, column: number): Column {
  return { st: new Uint8Array(n).fill(MISSING), num: new Float64Array(n), str: new Array<string>(n).fill(''), column, sourceRow: null };
}

const ID_HINTS: Record<string, Text> = {
  numeric: { zh: '：该单元格是数字，Excel已丢失末几位，请将整列设置为文本格式后重新录入', en: ': the cell is a number (Excel has lost the last digits); format the column as text and re-enter it' },
  obsolete15: { zh: '：15位旧身份证号已停用，请换成18位号码', en: ': 15-digit IDs are obsolete; use the 18-digit number' },
  length: { zh: '：位数不对', en: ': wrong length' },
  format: { zh: '：含有非法字符', en: ': contains invalid characters' },
  date: { zh: '：出生日期无效', en: ': the birth date is not valid' },
  checksum: { zh: '：校验码错误', en: ': the check digit is wrong' },
};

const RULE_OF_STATUS = ['', 'required', 'type', 'range', 'enum', 'id_number', 'month'] as const;

/**
 * Parse one field over `rows` (table row per result row; -1 = no cell) into a Column and log
 * its field issues. `letterless` issues still name the field; the column letter comes later.
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
): Column {
  const n = rows.length;
  const col = emptyColumn(n, column);
  if (column < 0 && !f.hasDefault) {
    // No column: every value is missing; a required one was reported once for the sheet.
    return col;
  }
  const { st, num, str } = col;
  const def = f.def;
  const min = resolveBound(c, f.min, ctx, -Infinity);
  const max = resolveBound(c, f.max, ctx, Infinity);
  const maxLength = def.maxLength ?? Infinity;
  const allowCert = def.allowCertificate === true;
  const rule = c.fieldRules;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const cell: Cell = r < 0 || column < 0 ? null : table[r][column];
    let s: number;
    switch (def.type) {
      case 'integer':
      case 'number':
        s = def.type === 'integer' ? parseInteger(cell, numOut) : parseNumber(cell, numOut);
        if (s === OK) {
          if (numOut.value < min || numOut.value > max) s = RANGE;
          else num[i] = numOut.value;
        }
        break;
      case 'bool':
        s = parseBool(cell, boolOut);
        if (s === OK) num[i] = boolOut.value ? 1 : 0;
        break;
      case 'text':
        s = parseText(cell, textOut);
        if (s === OK) {
          if (textOut.value.length > maxLength && codePointLength(textOut.value) > maxLength) s = RANGE;
          else str[i] = textOut.value;
        }
        break;
      case 'enum':
        s = parseText(cell, textOut);
        if (s === OK) {
          const v = f.match!(textOut.value);
          if (v === undefined) s = ENUM;
          else str[i] = v;
        }
        break;
      case 'enum_set':
        s = parseText(cell, textOut);
        if (s === OK) {
          const mask = parseEnumSet(f, textOut.value);
          if (mask < 0) s = ENUM;
          else num[i] = mask;
        }
        break;
      case 'id18':
        s = parseId18(cell, ctx.refYmd, idOut, allowCert);
        if (s === OK) {
          str[i] = idOut.value;
          if (ids) {
            ids.birth[i] = idOut.birth;
            ids.male[i] = idOut.male ? 1 : 0;
          }
          if (!idOut.provinceOk && rule.id_area >= 0) log.add(i, rule.id_area, f.index);
        }
        break;
      case 'month':
        s = parseMonth(cell, monthOut, Math.max(typeof f.min === 'number' ? f.min : 0, 0), resolveBound(c, f.max, ctx, 999912));
        if (s === OK) num[i] = monthOut.value;
        break;
    }
    if (s === MISSING) {
      if (f.hasDefault) {
        s = OK;
        num[i] = f.defaultNum;
        str[i] = f.defaultStr;
      } else if (def.required && column >= 0 && rule.required >= 0) {
        log.add(i, rule.required, f.index);
      }
    } else if (s !== OK) {
      const ruleIndex = rule[RULE_OF_STATUS[s] as keyof typeof rule];
      if (ruleIndex >= 0) log.add(i, ruleIndex, f.index, s === ID ? ID_HINTS[idOut.reason] : undefined);
    }
    st[i] = s;
  }
  return col;
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

export { MONTH };

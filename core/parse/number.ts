import type { Cell } from '../types';
import { isWs } from './chars';
import { excelSerialOf } from './date';
import { OK, MISSING, TYPE, RANGE, type ParseStatus } from './status';

export interface NumberOut {
  value: number;
}

/** Largest accepted magnitude (inclusive): beyond it a value is `range`. */
export const MAX_MAGNITUDE = 1e15;
/** Below 2^53 an integer accumulated digit by digit is exact. */
const EXACT_LIMIT = 9007199254740992;
/** Exact powers of ten (10^0 … 10^22 are exactly representable as doubles). */
const POW10: readonly number[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
const COMMAS = /,/g;

const C_MINUS = 45,
  C_COMMA = 44,
  C_DOT = 46,
  C_0 = 48,
  C_9 = 57;
const C_YUAN = 0x5143 /* 元 */,
  C_REN = 0x4eba /* 人 */,
  C_HU = 0x6237; /* 户 */

/**
 * A numeric cell, or text: [-]digits (plain, or with `,` separators in groups of three)
 * [.digits] [one of 元/人/户], after trimming outer whitespace. OK | MISSING | TYPE | RANGE.
 */
export function parseNumber(cell: Cell, out: NumberOut): ParseStatus {
  if (typeof cell === 'number') {
    if (cell !== cell || cell > MAX_MAGNITUDE || cell < -MAX_MAGNITUDE) {
      // NaN, ±Infinity and |n| > 10^15
      out.value = NaN;
      return RANGE;
    }
    out.value = cell + 0; // -0 -> 0
    return OK;
  }
  if (typeof cell !== 'string') {
    if (cell instanceof Date) return parseNumber(excelSerialOf(cell), out);
    out.value = NaN;
    return cell === null || cell === undefined ? MISSING : TYPE;
  }
  return parseNumberText(cell, out);
}

function parseNumberText(s: string, out: NumberOut): ParseStatus {
  let a = 0,
    b = s.length;
  while (a < b && isWs(s.charCodeAt(a))) a++;
  if (a === b) {
    out.value = NaN;
    return MISSING;
  }
  while (isWs(s.charCodeAt(b - 1))) b--;

  let i = a;
  let c = s.charCodeAt(i);
  const neg = c === C_MINUS;
  if (neg) i++;

  // integer part: mantissa accumulates every digit (integer and fraction) of the text
  let mant = 0;
  let hasComma = false;
  const intStart = i;
  while (i < b && (c = s.charCodeAt(i)) >= C_0 && c <= C_9) {
    mant = mant * 10 + (c - C_0);
    i++;
  }
  const firstGroup = i - intStart;
  if (firstGroup === 0) return typeFail(out);
  if (i < b && s.charCodeAt(i) === C_COMMA) {
    if (firstGroup > 3) return typeFail(out);
    hasComma = true;
    while (i < b && s.charCodeAt(i) === C_COMMA) {
      // exactly three digits, then not a digit
      if (i + 3 >= b) return typeFail(out);
      for (let k = 1; k <= 3; k++) {
        c = s.charCodeAt(i + k);
        if (!(c >= C_0 && c <= C_9)) return typeFail(out);
        mant = mant * 10 + (c - C_0);
      }
      i += 4;
      if (i < b && (c = s.charCodeAt(i)) >= C_0 && c <= C_9) return typeFail(out);
    }
  }
  // fraction
  let fracDigits = 0;
  if (i < b && s.charCodeAt(i) === C_DOT) {
    i++;
    while (i < b && (c = s.charCodeAt(i)) >= C_0 && c <= C_9) {
      mant = mant * 10 + (c - C_0);
      fracDigits++;
      i++;
    }
    if (fracDigits === 0) return typeFail(out);
  }
  // optional single unit
  const numEnd = i;
  if (i < b) {
    c = s.charCodeAt(i);
    if (c !== C_YUAN && c !== C_REN && c !== C_HU) return typeFail(out);
    i++;
    if (i !== b) return typeFail(out);
  }
  const exact = mant < EXACT_LIMIT && fracDigits <= 22;

  let v: number;
  if (exact) {
    // both operands exact, so one IEEE division is correctly rounded == Number(text)
    v = fracDigits === 0 ? mant : mant / POW10[fracDigits];
    if (neg) v = -v;
  } else {
    // rare (more than ~16 significant digits): let the engine's own conversion round it
    let t = s.slice(a, numEnd);
    if (hasComma) t = t.replace(COMMAS, '');
    v = Number(t);
  }
  if (!(v <= MAX_MAGNITUDE && v >= -MAX_MAGNITUDE)) {
    out.value = NaN;
    return RANGE;
  }
  out.value = v + 0; // -0 -> 0
  return OK;
}

function typeFail(out: NumberOut): ParseStatus {
  out.value = NaN;
  return TYPE;
}

/** As parseNumber, then the value must be whole ("3.0" is 3) else TYPE. */
export function parseInteger(cell: Cell, out: NumberOut): ParseStatus {
  const st = parseNumber(cell, out);
  if (st !== OK) return st;
  if (!Number.isInteger(out.value)) {
    out.value = NaN;
    return TYPE;
  }
  return OK;
}

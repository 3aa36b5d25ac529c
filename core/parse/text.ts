import type { Cell } from '../types';
import { isWs } from './chars';
import { excelSerialOf } from './date';
import { OK, MISSING, TYPE, type ParseStatus } from './status';

export interface TextOut {
  value: string;
}

/**
 * A number as decimal text, never in exponent form (1e21 → "1000000000000000000000",
 * 1.5e-7 → "0.00000015"): the digits of String(n), with the point moved (spec §9.2).
 */
export function decimalText(n: number): string {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s[0] === '-' ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const point = mantissa.indexOf('.');
  const digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  // Where the decimal point goes, counted in digits from the left.
  const at = (point < 0 ? mantissa.length : point) + Number(s.slice(e + 1));
  if (at <= 0) return `${sign}0.${'0'.repeat(-at)}${digits}`;
  if (at >= digits.length) return `${sign}${digits}${'0'.repeat(at - digits.length)}`;
  return `${sign}${digits.slice(0, at)}.${digits.slice(at)}`;
}

/**
 * Trimmed text. A numeric cell is read as its decimal text (decimalText); a boolean as
 * "TRUE"/"FALSE" (how Excel shows it). OK | MISSING | TYPE (a cell of no Excel type). Length limits are the caller's
 * (codePointLength).
 */
export function parseText(cell: Cell, out: TextOut): ParseStatus {
  if (typeof cell === 'string') {
    let a = 0, b = cell.length;
    while (a < b && isWs(cell.charCodeAt(a))) a++;
    if (a === b) {
      out.value = '';
      return MISSING;
    }
    while (isWs(cell.charCodeAt(b - 1))) b--;
    out.value = a === 0 && b === cell.length ? cell : cell.slice(a, b);
    return OK;
  }
  if (typeof cell === 'number') {
    out.value = decimalText(cell);
    return OK;
  }
  if (typeof cell === 'boolean') {
    out.value = cell ? 'TRUE' : 'FALSE';
    return OK;
  }
  // A Date from a file reader reads as the serial Excel's API would give (excelSerialOf).
  if (cell instanceof Date) return parseText(excelSerialOf(cell), out);
  out.value = '';
  // Anything else (an object) is a value of the wrong type, not empty.
  return cell === null || cell === undefined ? MISSING : TYPE;
}

export interface BoolOut {
  value: boolean;
}

const C_SHI = 0x662f /* 是 */, C_FOU = 0x5426 /* 否 */;

/** Case-insensitive match of s[a..a+word.length) against a lower-case ASCII letter word. */
function matchWord(s: string, a: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(a + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * 是/否, Y/N, yes/no, true/false, 1/0 (text, case-insensitive, trimmed), JS booleans, and the
 * numbers 1 and 0. OK | MISSING | TYPE.
 */
export function parseBool(cell: Cell, out: BoolOut): ParseStatus {
  if (typeof cell === 'boolean') {
    out.value = cell;
    return OK;
  }
  if (typeof cell === 'number') {
    if (cell === 1) {
      out.value = true;
      return OK;
    }
    if (cell === 0) {
      out.value = false;
      return OK;
    }
    out.value = false;
    return TYPE;
  }
  if (cell instanceof Date) return parseBool(excelSerialOf(cell), out);
  out.value = false;
  if (typeof cell !== 'string') return cell === null || cell === undefined ? MISSING : TYPE;
  let a = 0, b = cell.length;
  while (a < b && isWs(cell.charCodeAt(a))) a++;
  if (a === b) return MISSING;
  while (isWs(cell.charCodeAt(b - 1))) b--;
  switch (b - a) {
    case 1: {
      const c = cell.charCodeAt(a);
      if (c === C_SHI || c === 49 /* 1 */ || (c | 0x20) === 121 /* y */) {
        out.value = true;
        return OK;
      }
      if (c === C_FOU || c === 48 /* 0 */ || (c | 0x20) === 110 /* n */) return OK;
      return TYPE;
    }
    case 2:
      return matchWord(cell, a, 'no') ? OK : TYPE;
    case 3:
      if (matchWord(cell, a, 'yes')) {
        out.value = true;
        return OK;
      }
      return TYPE;
    case 4:
      if (matchWord(cell, a, 'true')) {
        out.value = true;
        return OK;
      }
      return TYPE;
    case 5:
      return matchWord(cell, a, 'false') ? OK : TYPE;
    default:
      return TYPE;
  }
}

/**
 * Exact, case-sensitive matcher of already-trimmed text against the allowed values and their
 * aliases; returns the canonical value or undefined. Backed by a Map, so inherited names
 * ("constructor", "toString", "__proto__") are never found. A value always matches itself
 * even if an alias with the same text exists.
 */
export function createEnumMatcher(
  values: readonly string[],
  aliases: Readonly<Record<string, string>>,
): (text: string) => string | undefined {
  const map = new Map<string, string>();
  for (const key of Object.keys(aliases)) map.set(key, aliases[key]);
  for (const v of values) map.set(v, v);
  return (text: string): string | undefined => map.get(text);
}

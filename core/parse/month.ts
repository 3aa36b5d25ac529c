import type { Cell } from '../types';
import { isWs } from './chars';
import { EXCEL_EPOCH_1970, excelSerialOf } from './date';
import { OK, MISSING, MONTH, type ParseStatus } from './status';

export interface MonthOut {
  /** year * 12 + month */
  value: number;
}

const C_0 = 48, C_DOT = 46, C_DASH = 45;
const C_NIAN = 0x5e74 /* 年 */, C_YUE = 0x6708 /* 月 */;
const SERIAL_MIN = 20000, SERIAL_MAX = 60000;

// Year and month of the last conversion (module scratch, so nothing is allocated).
let sy = 0, sm = 0;

/** Days since 1970-01-01 -> sy/sm (H. Hinnant's civil_from_days, integer arithmetic). */
function civilFromDays(days: number): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  sy = yoe + era * 400 + (m <= 2 ? 1 : 0);
  sm = m;
}

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - C_0;
  return d >= 0 && d <= 9 ? d : -1;
}

/**
 * Reads the trimmed text s[a..b) into sy/sm; false when it has none of the accepted shapes:
 * YYYYMM (optionally followed by ".0"), YYYY-M(M), YYYY年M(M)月.
 */
function readMonthText(s: string, a: number, b: number): boolean {
  const len = b - a;
  if (len < 6) return false;
  const y0 = digit(s, a), y1 = digit(s, a + 1), y2 = digit(s, a + 2), y3 = digit(s, a + 3);
  if (y0 < 0 || y1 < 0 || y2 < 0 || y3 < 0) return false;
  sy = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const c4 = s.charCodeAt(a + 4);
  if (c4 === C_DASH || c4 === C_NIAN) {
    const m0 = digit(s, a + 5);
    if (m0 < 0) return false;
    let i = a + 6;
    let m = m0;
    if (i < b) {
      const m1 = digit(s, i);
      if (m1 >= 0) {
        m = m0 * 10 + m1;
        i++;
      }
    }
    if (c4 === C_NIAN) {
      if (i >= b || s.charCodeAt(i) !== C_YUE) return false;
      i++;
    }
    if (i !== b) return false;
    sm = m;
    return true;
  }
  // YYYYMM or YYYYMM.0
  if (len !== 6 && !(len === 8 && s.charCodeAt(a + 6) === C_DOT && s.charCodeAt(a + 7) === C_0)) {
    return false;
  }
  const m0 = digit(s, a + 4), m1 = digit(s, a + 5);
  if (m0 < 0 || m1 < 0) return false;
  sm = m0 * 10 + m1;
  return true;
}

/**
 * A month: YYYYMM (text, also "YYYYMM.0", or a whole number cell), YYYY-M(M), YYYY年M(M)月,
 * or an Excel date serial 20000–60000 from a numeric cell only (fraction ignored) — or a `Date`
 * cell, read as its serial (excelSerialOf).
 * The month must be 1–12 and minYyyymm ≤ YYYYMM ≤ maxYyyymm. out.value = year*12 + month.
 * OK | MISSING | MONTH.
 */
export function parseMonth(
  cell: Cell,
  out: MonthOut,
  minYyyymm: number,
  maxYyyymm: number,
): ParseStatus {
  out.value = NaN;
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 100000 && cell <= 999999) {
      sy = Math.floor(cell / 100);
      sm = cell - sy * 100;
    } else if (cell >= SERIAL_MIN && cell <= SERIAL_MAX) {
      civilFromDays(Math.floor(cell) - EXCEL_EPOCH_1970);
    } else {
      return MONTH;
    }
  } else if (typeof cell === 'string') {
    let a = 0, b = cell.length;
    while (a < b && isWs(cell.charCodeAt(a))) a++;
    if (a === b) return MISSING;
    while (isWs(cell.charCodeAt(b - 1))) b--;
    if (!readMonthText(cell, a, b)) return MONTH;
  } else if (cell === null || cell === undefined) {
    return MISSING;
  } else if (cell instanceof Date) {
    return parseMonth(excelSerialOf(cell), out, minYyyymm, maxYyyymm);
  } else {
    return MONTH;
  }
  if (sm < 1 || sm > 12) return MONTH;
  const yyyymm = sy * 100 + sm;
  if (yyyymm < minYyyymm || yyyymm > maxYyyymm) return MONTH;
  out.value = sy * 12 + sm;
  return OK;
}

import type { Cell } from '../types';
import { isWs } from './chars';
import { excelSerialOf, isValidDate } from './date';
import { HASH_SEED, hashFinish, hashPair } from './hash';
import { OK, MISSING, ID, type ParseStatus } from './status';

export type IdReason = '' | 'numeric' | 'obsolete15' | 'length' | 'format' | 'date' | 'checksum';

export interface IdOut {
  /** The normalised 18-character ID (upper-case X); '' unless OK. */
  value: string;
  /** Birth date as yyyymmdd; 0 unless OK. */
  birth: number;
  /** 17th digit odd. */
  male: boolean;
  /** First two digits are a province code (else the caller's `id_area` warning). */
  provinceOk: boolean;
  /** hashString(value) when OK, computed while the characters were read. */
  hash: number;
  /** Why the ID failed ('' when OK or MISSING). */
  reason: IdReason;
}

const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const MIN_BIRTH = 19000101;
const C_0 = 48,
  C_X = 88,
  C_x = 120;

function fail(out: IdOut, reason: IdReason): ParseStatus {
  out.value = '';
  out.birth = 0;
  out.male = false;
  out.provinceOk = false;
  out.reason = reason;
  return ID;
}

/** Province codes: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65 (a table: read once per ID). */
const PROVINCE = new Uint8Array(100);
for (const [lo, hi] of [
  [11, 15],
  [21, 23],
  [31, 37],
  [41, 46],
  [50, 54],
  [61, 65],
])
  PROVINCE.fill(1, lo, hi + 1);

function missing(out: IdOut): ParseStatus {
  out.value = '';
  out.birth = 0;
  out.male = false;
  out.provinceOk = false;
  out.reason = '';
  return MISSING;
}

/**
 * 居民身份证号码 (GB 11643), checked against `referenceDate` (yyyymmdd). OK | MISSING | ID.
 * With `allowCertificate`, a 20- or 22-character disability certificate number whose first
 * 18 characters are a valid ID is OK, and `value` is that ID part.
 */
export function parseId18(cell: Cell, referenceDate: number, out: IdOut, allowCertificate?: boolean): ParseStatus {
  if (typeof cell !== 'string') {
    if (cell === null || cell === undefined) return missing(out);
    if (cell instanceof Date) return parseId18(excelSerialOf(cell), referenceDate, out, allowCertificate);
    // Excel turned the ID into a number (1.2E+17): digits already lost
    return fail(out, typeof cell === 'number' ? 'numeric' : 'format');
  }
  const s = cell;
  let a = 0,
    b = s.length;
  while (a < b && isWs(s.charCodeAt(a))) a++;
  if (a === b) return missing(out);
  while (isWs(s.charCodeAt(b - 1))) b--;
  const len = b - a;
  if (len !== 18 && !(allowCertificate === true && (len === 20 || len === 22))) {
    if (len === 15) {
      let digits = true;
      for (let i = a; i < b; i++) {
        const d = s.charCodeAt(i) - C_0;
        if (d < 0 || d > 9) {
          digits = false;
          break;
        }
      }
      if (digits) return fail(out, 'obsolete15');
    }
    return fail(out, 'length');
  }

  // 17 digits + digit or X, read in pairs: the check sum and the value's hash in one pass.
  let sum = 0;
  let h = HASH_SEED;
  for (let k = 0; k < 16; k += 2) {
    const c0 = s.charCodeAt(a + k);
    const c1 = s.charCodeAt(a + k + 1);
    const d0 = c0 - C_0;
    const d1 = c1 - C_0;
    if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9) return fail(out, 'format');
    sum += d0 * WEIGHTS[k] + d1 * WEIGHTS[k + 1];
    h = hashPair(h, c0, c1);
  }
  const c16 = s.charCodeAt(a + 16);
  if (c16 < C_0 || c16 > C_0 + 9) return fail(out, 'format');
  sum += (c16 - C_0) * WEIGHTS[16];
  const last = s.charCodeAt(a + 17);
  const lastIsX = last === C_X || last === C_x;
  if (!lastIsX && !(last >= C_0 && last <= C_0 + 9)) return fail(out, 'format');

  // chars 7–14 (1-based): yyyymmdd
  const y =
    (s.charCodeAt(a + 6) - C_0) * 1000 + (s.charCodeAt(a + 7) - C_0) * 100 + (s.charCodeAt(a + 8) - C_0) * 10 + (s.charCodeAt(a + 9) - C_0);
  const m = (s.charCodeAt(a + 10) - C_0) * 10 + (s.charCodeAt(a + 11) - C_0);
  const d = (s.charCodeAt(a + 12) - C_0) * 10 + (s.charCodeAt(a + 13) - C_0);
  const birth = y * 10000 + m * 100 + d;
  if (!isValidDate(y, m, d) || birth < MIN_BIRTH || birth > referenceDate) {
    return fail(out, 'date');
  }

  const expected = CHECK_CHARS.charCodeAt(sum % 11);
  if ((lastIsX ? C_X : last) !== expected) return fail(out, 'checksum');

  out.value = len === 18 && a === 0 && b === s.length && last !== C_x ? s : last === C_x ? s.slice(a, a + 17) + 'X' : s.slice(a, a + 18);
  out.hash = hashFinish(hashPair(h, c16, lastIsX ? C_X : last));
  out.birth = birth;
  out.male = ((s.charCodeAt(a + 16) - C_0) & 1) === 1;
  out.provinceOk = PROVINCE[(s.charCodeAt(a) - C_0) * 10 + (s.charCodeAt(a + 1) - C_0)] === 1;
  out.reason = '';
  return OK;
}

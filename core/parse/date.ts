/** Calendar helpers on yyyymmdd numbers (proleptic Gregorian), and date cells. */

/** Excel serial of 1970-01-01 (serial 1 = 1900-01-01, with Excel's fake 1900-02-29). */
export const EXCEL_EPOCH_1970 = 25569;
const DAY_MS = 86_400_000;

/**
 * Dates as files give them — the one place they are read. Excel's API (Office.js `values`)
 * hands a date cell over as its serial day number (2022-03-01 → 44621); file readers
 * (exceljs, read-excel-file) hand the same cell over as a JavaScript `Date` at UTC midnight of
 * that day. Every cell parser reads a `Date` as this serial, so a month field (and any other)
 * reads the same from a file as from Excel: 2022-03-01 is the month 2022-03 either way, and a
 * Date is never a type error of its own. The time of day stays as the serial's fraction;
 * an invalid Date is NaN (out of range everywhere).
 *
 * @example
 * excelSerialOf(new Date(Date.UTC(2022, 2, 1))) // 44621
 */
export function excelSerialOf(date: Date): number {
  return date.getTime() / DAY_MS + EXCEL_EPOCH_1970;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2020-12-31" -> 20201231. Throws on a malformed string or an impossible date. Not hot. */
export function ymdFromIso(iso: string): number {
  const m = typeof iso === 'string' ? ISO_DATE.exec(iso) : null;
  if (m === null) throw new RangeError(`invalid ISO date (expected YYYY-MM-DD): ${String(iso)}`);
  const y = +m[1], mo = +m[2], d = +m[3];
  if (!isValidDate(y, mo, d)) throw new RangeError(`invalid calendar date: ${iso}`);
  return y * 10000 + mo * 100 + d;
}

/** A "YYYY-MM-DD" string naming a real calendar date. */
export function isIsoDate(s: unknown): boolean {
  const m = typeof s === 'string' ? ISO_DATE.exec(s) : null;
  return m !== null && isValidDate(+m[1], +m[2], +m[3]);
}

/**
 * Completed years between two yyyymmdd dates; the birthday on the reference date counts.
 * (A 29 February birthday is completed on 1 March in common years.) Negative when the
 * reference is before the birth.
 */
export function ageAt(birthYmd: number, referenceYmd: number): number {
  return Math.floor((referenceYmd - birthYmd) / 10000);
}

/** year * 12 + month (month 1–12): months compare and subtract on this index. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + month;
}

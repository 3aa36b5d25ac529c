/** Calendar helpers on yyyymmdd numbers (proleptic Gregorian). */

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

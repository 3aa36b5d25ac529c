/**
 * The roster's period: a year for the default profile ("2024"), a month for monitoring
 * ("2024-06"). The default is the current year, or the month just ended (monthly reports are
 * made after the month closes).
 */
export type PeriodKind = 'year' | 'month';

export function defaultPeriod(kind: PeriodKind, now: Date = new Date()): string {
  const year = now.getFullYear();
  if (kind === 'year') return String(year);
  const month = now.getMonth(); // 0-based: this is the previous month's 1-based number
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

/** A period the pane sends as is: "YYYY" or "YYYY-MM" (the Worker and core accept other spellings too). */
export function normalisePeriod(kind: PeriodKind, text: string): string | null {
  const s = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const m = /^(\d{4})(?:\s*(?:[-/.年]\s*(\d{1,2})\s*(?:月份?)?)|(\d{2}))?\s*年?$/.exec(s);
  if (!m) return null;
  const month = m[2] ?? m[3];
  if (kind === 'year') return month === undefined ? m[1] : null;
  if (month === undefined) return null;
  const n = Number(month);
  return n >= 1 && n <= 12 ? `${m[1]}-${String(n).padStart(2, '0')}` : null;
}

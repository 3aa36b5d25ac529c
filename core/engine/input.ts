import { isIsoDate } from '../parse/index';
import type { RosterInput, Text } from '../types';

/**
 * What evaluateRoster takes, checked before anything is read: cells may hold anything (a bad cell
 * is an issue on its row), but the tables, the period and the reference date are the caller's
 * (the add-in, the command line, the Worker), and a wrong one would silently change every age,
 * ID date and exit year, or drop a whole sheet.
 */

export interface RosterInputProblem {
  /** Where in the input: "period", "members", "households[12]" … */
  path: string;
  message: Text;
}

export class RosterInputError extends Error {
  readonly problems: RosterInputProblem[];
  constructor(problems: RosterInputProblem[]) {
    super(`invalid roster input: ${problems.map((p) => `${p.path}: ${p.message.en}`).join('; ')}`);
    this.name = 'RosterInputError';
    this.problems = problems;
  }
}

/**
 * A roster period as clerks type it: 2020, 2020年, 2024-06, 2024-6, 2024/6, 2024.06, 202406,
 * 2024年6月(份), with spaces or full-width digits (month 1–12, year from 1900). Null when it is
 * none of these.
 */
export function parsePeriod(period: string): { year: number; month: number | null } | null {
  const text = period.replace(/\s+/g, '').replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const m = /^(\d{4})(?:[-/.](\d{1,2})|(\d{2})|年(?:(\d{1,2})月份?)?)?$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ?? m[3] ?? m[4];
  if (year < 1900 || (month !== undefined && (Number(month) < 1 || Number(month) > 12))) return null;
  return { year, month: month === undefined ? null : Number(month) };
}

/** Throws RosterInputError (zh + en) when the input cannot be a roster. */
export function checkRosterInput(input: unknown): asserts input is RosterInput {
  const problems: RosterInputProblem[] = [];
  const add = (path: string, zh: string, en: string) => problems.push({ path, message: { zh, en } });
  if (input === null || typeof input !== 'object') {
    throw new RosterInputError([{ path: '', message: { zh: '花名册输入应为对象', en: 'the roster input must be an object' } }]);
  }
  const { households, members, period, referenceDate, expectedTownship } = input as Record<string, unknown>;
  const table = (value: unknown, name: 'households' | 'members') => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) {
      add(name, `${name === 'households' ? '户表' : '人表'}应为二维数组（行的数组）`, `${name} must be a table: an array of rows`);
      return;
    }
    for (let r = 0; r < value.length; r++) {
      const row: unknown = value[r];
      if (row !== undefined && row !== null && !Array.isArray(row)) {
        add(`${name}[${r}]`, `第 ${r + 1} 行不是单元格数组`, `row ${r + 1} is not an array of cells`);
        return;
      }
    }
  };
  table(households, 'households');
  table(members, 'members');
  // A period given as a number (2024, 202406) reads as its digits; null is no period.
  if (period !== undefined && period !== null && parsePeriod(String(period)) === null) {
    add(
      'period',
      `期间“${String(period)}”无效，应为 2020、2024-06 或 202406 这样的年份或年月`,
      `period "${String(period)}" is not a year or month such as 2020, 2024-06 or 202406`,
    );
  }
  if (referenceDate !== undefined && referenceDate !== null && referenceDate !== '' && !isIsoDate(referenceDate)) {
    add(
      'referenceDate',
      `基准日期“${String(referenceDate)}”应为 YYYY-MM-DD 格式的有效日期`,
      `referenceDate "${String(referenceDate)}" must be a valid YYYY-MM-DD date`,
    );
  }
  if (expectedTownship !== undefined && typeof expectedTownship !== 'string') {
    add('expectedTownship', '本乡镇名称应为文本', 'expectedTownship must be text');
  }
  if (problems.length) throw new RosterInputError(problems);
}

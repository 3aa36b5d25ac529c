import { z } from '@hono/zod-openapi';

/**
 * A roster period: a year ("2020") or a month ("2024-06"), as the spec's examples. Kept strict so
 * "2020" and "2020 " never become two periods of one county.
 */
export const PERIOD_PATTERN = /^(?:19|2\d)\d{2}(?:-(?:0[1-9]|1[0-2]))?$/;

/**
 * The first year of the programme (精准扶贫 from late 2013, 建档立卡 from 2014; the spec's
 * exit_year starts at 2013). An earlier period is accepted with a warning: it is almost always
 * a typing slip (1900 for 2020), but a county may file old figures on purpose.
 */
export const PROGRAMME_START_YEAR = 2013;

/** The latest year a period may name: next year (a plan filed in December), never later. */
export function latestPeriodYear(now: Date = new Date()): number {
  return now.getUTCFullYear() + 1;
}

export function periodYear(period: string): number {
  return Number(period.slice(0, 4));
}

export const periodSchema = z
  .string()
  .regex(PERIOD_PATTERN, 'period must be YYYY or YYYY-MM (a year from 1900)')
  // 2999-12 would be stored and reported as if real: a period cannot lie beyond next year.
  .refine((period) => !PERIOD_PATTERN.test(period) || periodYear(period) <= latestPeriodYear(), {
    message: 'period is after next year (a roster reports a year that has begun, or the next one at the latest)',
  })
  .openapi({ example: '2020', description: '期次: YYYY or YYYY-MM, not after next year' });

/** A warning a stored submission carries back to the clerk (nothing was refused). */
export interface PeriodWarning {
  code: string;
  zh: string;
  en: string;
}

/** Warnings about a valid period: one before the programme began. */
export function periodWarnings(period: string): PeriodWarning[] {
  if (periodYear(period) >= PROGRAMME_START_YEAR) return [];
  return [
    {
      code: 'period_before_programme',
      zh: `期次 ${period} 早于脱贫攻坚建档立卡（${PROGRAMME_START_YEAR} 年起），请核对年份是否填错`,
      en: `Period ${period} is before the programme began (${PROGRAMME_START_YEAR}); check the year`,
    },
  ];
}

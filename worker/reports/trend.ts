import { ProblemError } from '../problem/index';
import type { StampedCache } from '../cache/index';
import type { Storage } from '../storage/index';
import { cachedSummaryReport } from './summary';

/** The counters a trend shows when the profile has them (default and monitoring profiles). */
export const MAIN_COUNTERS = [
  'households',
  'persons',
  'households.exit_eligible',
  'persons.exit_eligible',
  'households.ready_to_exit',
  'households.risk_eliminable',
  'households.risk.1',
  'households.risk.2',
  'households.risk.3',
  'rows_with_errors',
  'households_with_errors',
  'poverty_persons',
] as const;

export interface TrendPoint {
  period: string;
  profile: string;
  /** See SummaryReport: the version that merged the figures, and those they were scored under. */
  criteriaVersion: number;
  scoringVersions: number[];
  /** Townships with a submission in the figures. */
  townshipsCounted: number;
  counters: Record<string, number>;
  rates: Record<string, number | null>;
}

export interface TrendReport {
  township: string | null;
  /** Main counter keys present in at least one period, in MAIN_COUNTERS order. */
  counters: string[];
  rates: string[];
  periods: TrendPoint[];
}

/** At most this many periods in one trend (each is one summary report). */
export const MAX_TREND_PERIODS = 36;

/** The periods with a current submission between from and to (inclusive), oldest first. */
export async function periodsBetween(storage: Storage, from: string, to: string): Promise<string[]> {
  const rows = await storage
    .prepare(
      'SELECT DISTINCT period FROM submissions WHERE superseded_by IS NULL AND period >= ?1 AND period <= ?2 ORDER BY period',
    )
    .bind(from, to)
    .all<{ period: string }>();
  return rows.map((row) => row.period);
}

/**
 * The main counters and every rate of the county (or one township) over several periods: each
 * period's summary report (cached per period), cut down to what a line chart shows.
 *
 * @example
 * const trend = await trendReport(storage, { periods: ['2022', '2023', '2024'], cache: c.var.reportCache });
 */
export async function trendReport(
  storage: Storage,
  options: { periods: readonly string[]; township?: string; cache: StampedCache },
): Promise<TrendReport> {
  const periods = [...new Set(options.periods)].sort();
  if (periods.length === 0) throw new ProblemError('unknown_period');
  if (periods.length > MAX_TREND_PERIODS) {
    throw new ProblemError('invalid_request', { detail: `At most ${MAX_TREND_PERIODS} periods in one trend` });
  }
  const reports = await Promise.all(
    periods.map((period) =>
      cachedSummaryReport({ storage, cache: options.cache, period }).catch((error: unknown) => {
        if (error instanceof ProblemError && error.kind === 'unknown_period') {
          throw new ProblemError('unknown_period', { detail: `Nothing was submitted for period ${period}`, period });
        }
        throw error;
      }),
    ),
  );
  const township = options.township ?? null;
  const points = reports.map(({ report }): TrendPoint => {
    const part = township === null ? report.total : report.townships.find((t) => t.township === township);
    return {
      period: report.period,
      profile: report.profile,
      criteriaVersion: report.criteriaVersion,
      scoringVersions: report.scoringVersions,
      townshipsCounted: report.townships.filter((t) => t.counted).length,
      counters: Object.fromEntries(MAIN_COUNTERS.filter((key) => part && key in part.counters).map((key) => [key, part!.counters[key]])),
      rates: { ...(part?.rates ?? {}) },
    };
  });
  return {
    township,
    counters: MAIN_COUNTERS.filter((key) => points.some((point) => key in point.counters)),
    rates: [...new Set(points.flatMap((point) => Object.keys(point.rates)))],
    periods: points,
  };
}

import type { SummaryPart } from '../../core/types';
import { sha256Hex } from '../digest/index';
import { compiledVersionOf, currentCriteria, type CurrentCriteria } from '../criteria/current';
import { mergeSummaries } from '../engine/index';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { latestSubmissions } from '../submissions/repository';
import type { CsvCell } from '../csv/index';
import type { StampedCache } from '../cache/index';

export interface TownshipSummary {
  township: string;
  submitted: boolean;
  /** The profile its current submission was judged with (null: none submitted). */
  profile: string | null;
  /**
   * Its current submission is in the figures. False when none was submitted, or when it was judged
   * under another profile than the report's: its counters then hold only rows of other rosters
   * naming it, and a zero must not read as "no households".
   */
  counted: boolean;
  submissionId: string | null;
  criteriaVersion: number | null;
  submittedAt: string | null;
  counters: Record<string, number>;
  rates: Record<string, number | null>;
}

/** Which townships the county poverty incidence covers (spec §7), and which of them have not submitted. */
export interface PopulationCoverage {
  townships: string[];
  of: number;
  /** Covered townships without a counted submission: their population is in the denominator, no poor person in the numerator. */
  notCounted: string[];
}

export interface SummaryReport {
  period: string;
  /**
   * The criteria version whose township list, populations and rate definitions put the figures
   * together. The figures themselves were scored when each submission came in (or was re-scored):
   * see scoringVersions and each township's criteriaVersion.
   */
  criteriaVersion: number;
  /** The criteria versions the counted submissions were scored under, ascending. */
  scoringVersions: number[];
  /** Townships whose counted submission was scored under an older version than the one in force: re-score the period. */
  outdated: string[];
  /** The version in force now. */
  currentCriteriaVersion: number;
  profile: string;
  townships: TownshipSummary[];
  total: SummaryPart;
  missing: string[];
  populationCoverage: PopulationCoverage;
}

/**
 * The county summary of a period: core's mergeSummaries over the Summary each township's latest
 * submission stored when it came in — no household row is read, so the report costs the same
 * for 100 or 100,000 households. Rows count for the township they name, as in core's own
 * summary (spec §7 "same definitions everywhere", §9.13): a row naming another township counts
 * there, a row without a valid, configured township in the county total only. Each row is in
 * exactly one current submission, so each is counted once.
 */
async function buildSummaryReport(storage: Storage, period: string): Promise<{ report: SummaryReport; key: string }> {
  // Independent reads, issued together: this report is the one many clients poll at once.
  const [current, latest] = await Promise.all([currentCriteria(storage), latestSubmissions(storage, period)]);
  if (latest.length === 0) throw new ProblemError('unknown_period');
  const criteria = await periodCriteria(storage, current, latest);
  // Counters of one profile only: another profile's have other definitions under the same keys.
  const counted = (submission: (typeof latest)[number]) => submission.summary.profile === criteria.compiled.profile;
  const merged = mergeSummaries(
    criteria.compiled,
    latest.filter(counted).map((submission) => submission.summary),
  );
  const byTownship = new Map(latest.map((submission) => [submission.township, submission]));
  const names = [...criteria.compiled.townships];
  for (const submission of latest) if (!names.includes(submission.township)) names.push(submission.township);

  const townships = names.map((township): TownshipSummary => {
    const submission = byTownship.get(township);
    // A township dropped from the current criteria is absent from the merge (its rows count in the
    // total only): show what its own submission counted for it.
    const part = merged.townships[township] ?? submission?.summary.townships[township];
    return {
      township,
      submitted: submission !== undefined,
      profile: submission?.summary.profile ?? null,
      counted: submission !== undefined && counted(submission),
      submissionId: submission?.id ?? null,
      criteriaVersion: submission?.criteriaVersion ?? null,
      submittedAt: submission?.createdAt ?? null,
      counters: part?.counters ?? {},
      rates: part?.rates ?? {},
    };
  });
  const countedSubmissions = latest.filter(counted);
  const covered = merged.populationCoverage?.townships ?? [];
  const report: SummaryReport = {
    period,
    criteriaVersion: criteria.version,
    scoringVersions: [...new Set(countedSubmissions.map((submission) => submission.criteriaVersion))].sort((a, b) => a - b),
    outdated: countedSubmissions.filter((submission) => submission.criteriaVersion !== current.version).map((s) => s.township),
    currentCriteriaVersion: current.version,
    profile: criteria.compiled.profile,
    townships,
    total: merged.total,
    missing: townships.filter((t) => !t.submitted).map((t) => t.township),
    populationCoverage: {
      townships: covered,
      of: criteria.compiled.townships.length,
      notCounted: covered.filter((name) => !townships.some((t) => t.township === name && t.counted)),
    },
  };
  // The key of exactly what was read (latest is in township order, as the stamp query's).
  return {
    report,
    key: summaryKey(
      `${current.version}@${current.createdAt}`,
      latest.map((submission) => submission.id),
    ),
  };
}

/**
 * The criteria a period's summary is read with: the current version when the newest version any
 * of the period's submissions was judged with has the current profile (so a corrected population
 * or a renamed rate applies), otherwise that newest version. After a county switches profile, an
 * earlier period keeps its own profile's counters and rates instead of adding up two profiles'
 * counters under the same keys; in a period with submissions under both, only those of the chosen
 * profile are added up (the others show their profile: resubmit them).
 */
async function periodCriteria(
  storage: Storage,
  current: CurrentCriteria,
  latest: readonly { criteriaVersion: number; summary: { profile: string } }[],
): Promise<CurrentCriteria> {
  const newest = latest.reduce((a, b) => (b.criteriaVersion > a.criteriaVersion ? b : a));
  if (newest.summary.profile === current.compiled.profile) return current;
  return (await compiledVersionOf(storage, newest.criteriaVersion)) ?? current;
}

/**
 * What decides a period's summary: the newest criteria version and the current submissions.
 * `criteria version@created_at|submission id,…` (in township order); equal keys, equal reports.
 */
function summaryKey(criteria: string, ids: readonly string[]): string {
  return `${criteria}|${ids.join(',')}`;
}

/**
 * One small query instead of the report's two (the criteria stamp, and every latest submission
 * with its whole Summary, about 30 KB of JSON each): the ids of the current submissions and the
 * newest criteria version, in one statement so they come from one snapshot. Null: none submitted.
 */
async function summaryStamp(storage: Storage, period: string): Promise<string | null> {
  const rows = await storage
    .prepare(
      `SELECT id, (SELECT version || '@' || created_at FROM criteria_versions ORDER BY version DESC LIMIT 1) AS criteria
       FROM submissions WHERE period = ?1 AND superseded_by IS NULL ORDER BY township`,
    )
    .bind(period)
    .all<{ id: string; criteria: string | null }>();
  if (rows.length === 0) return null;
  return summaryKey(
    rows[0].criteria ?? '',
    rows.map((row) => row.id),
  );
}

/** A built report with its stamp and ETag. */
export interface CachedSummary {
  key: string;
  etag: string;
  report: SummaryReport;
  /** The report as JSON text, serialised once. */
  json: string;
}

async function build(storage: Storage, period: string): Promise<CachedSummary> {
  const { report, key } = await buildSummaryReport(storage, period);
  return {
    key,
    etag: `"summary-${(await sha256Hex(`${period}\n${key}`)).slice(0, 32)}"`,
    report,
    json: JSON.stringify(report),
  };
}

/**
 * The county summary of a period, with its ETag: from `cache` when the current submissions and
 * criteria are those it was built from (one small query), built otherwise. A report is a pure
 * function of its stamp: stored submissions and criteria versions are immutable.
 *
 * @example
 * const { json, etag } = await cachedSummaryReport({ storage: c.var.storage, cache: c.var.reportCache, period: '2024-06' });
 */
export async function cachedSummaryReport(options: { storage: Storage; cache: StampedCache; period: string }): Promise<CachedSummary> {
  const { storage, cache, period } = options;
  const summary = await cache.get({
    database: storage.database,
    name: `summary:${period}`,
    stamp: () => summaryStamp(storage, period),
    build: () => build(storage, period),
  });
  if (summary === null) throw new ProblemError('unknown_period');
  return summary;
}

/** The county summary of a period, built afresh (see `cachedSummaryReport`). */
export async function summaryReport(storage: Storage, period: string): Promise<SummaryReport> {
  return (await buildSummaryReport(storage, period)).report;
}

/** The summary as a table: one row per township and a total, every counter and rate a column. */
export function summaryTable(report: SummaryReport): CsvCell[][] {
  const counterKeys = [...new Set([...Object.keys(report.total.counters), ...report.townships.flatMap((t) => Object.keys(t.counters))])];
  const rateKeys = [...new Set([...Object.keys(report.total.rates), ...report.townships.flatMap((t) => Object.keys(t.rates))])];
  const header: CsvCell[] = [
    '乡镇 township',
    '已提交 submitted',
    '标准类型 profile',
    '计入合计 counted',
    '标准版本 criteria_version',
    '提交时间 submitted_at',
    ...counterKeys,
    ...rateKeys,
  ];
  const rows = report.townships.map((t): CsvCell[] => [
    t.township,
    t.submitted ? '是' : '否',
    t.profile,
    t.counted ? '是' : '否',
    t.criteriaVersion,
    t.submittedAt,
    ...counterKeys.map((key) => t.counters[key] ?? 0),
    ...rateKeys.map((key) => t.rates[key] ?? null),
  ]);
  // The total's figures come from the versions its submissions were scored under, not the one in force.
  const total: CsvCell[] = [
    '合计 total',
    null,
    report.profile,
    null,
    report.scoringVersions.join('、'),
    null,
    ...counterKeys.map((key) => report.total.counters[key] ?? 0),
    ...rateKeys.map((key) => report.total.rates[key] ?? null),
  ];
  // The total says what its poverty incidence covers, in a last column (earlier columns keep their places).
  const coverage = report.populationCoverage;
  header.push('说明 note');
  for (const row of rows) row.push(null);
  total.push(
    `贫困发生率仅覆盖已配置户籍人口的 ${coverage.townships.length}/${coverage.of} 个乡镇（${coverage.townships.join('、') || '无'}）; poverty incidence covers ${coverage.townships.length} of ${coverage.of} townships`,
  );
  return [header, ...rows, total];
}

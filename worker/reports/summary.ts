import type { SummaryPart } from '../../core/types';
import { currentCriteria } from '../criteria/current';
import { mergeSummaries } from '../engine/index';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { latestSubmissions } from '../submissions/repository';
import type { CsvCell } from '../csv/index';

export interface TownshipSummary {
  township: string;
  submitted: boolean;
  submissionId: string | null;
  criteriaVersion: number | null;
  submittedAt: string | null;
  counters: Record<string, number>;
  rates: Record<string, number | null>;
}

export interface SummaryReport {
  period: string;
  criteriaVersion: number;
  profile: string;
  townships: TownshipSummary[];
  total: SummaryPart;
  missing: string[];
}

/**
 * The county summary of a period: core's mergeSummaries over the Summary each township's latest
 * submission stored when it came in — no household row is read, so the report costs the same
 * for 100 or 100,000 households.
 */
export async function summaryReport(storage: Storage, period: string): Promise<SummaryReport> {
  // Independent reads, issued together: this report is the one many clients poll at once.
  const [current, latest] = await Promise.all([currentCriteria(storage), latestSubmissions(storage, period)]);
  if (latest.length === 0) throw new ProblemError('unknown_period');
  const merged = mergeSummaries(
    current.compiled,
    latest.map((submission) => submission.summary),
  );
  const byTownship = new Map(latest.map((submission) => [submission.township, submission]));
  const names = [...current.compiled.townships];
  for (const submission of latest) if (!names.includes(submission.township)) names.push(submission.township);

  const townships = names.map((township): TownshipSummary => {
    const submission = byTownship.get(township);
    // A township dropped from the current criteria is absent from the merge: show its own figures.
    const part = merged.townships[township] ?? submission?.summary.townships[township] ?? submission?.summary.total;
    return {
      township,
      submitted: submission !== undefined,
      submissionId: submission?.id ?? null,
      criteriaVersion: submission?.criteriaVersion ?? null,
      submittedAt: submission?.createdAt ?? null,
      counters: part?.counters ?? {},
      rates: part?.rates ?? {},
    };
  });
  return {
    period,
    criteriaVersion: current.version,
    profile: current.compiled.profile,
    townships,
    total: merged.total,
    missing: townships.filter((t) => !t.submitted).map((t) => t.township),
  };
}

/** The summary as a table: one row per township and a total, every counter and rate a column. */
export function summaryTable(report: SummaryReport): CsvCell[][] {
  const counterKeys = [...new Set([...Object.keys(report.total.counters), ...report.townships.flatMap((t) => Object.keys(t.counters))])];
  const rateKeys = [...new Set([...Object.keys(report.total.rates), ...report.townships.flatMap((t) => Object.keys(t.rates))])];
  const header: CsvCell[] = ['乡镇 township', '已提交 submitted', '标准版本 criteria_version', '提交时间 submitted_at', ...counterKeys, ...rateKeys];
  const rows = report.townships.map((t): CsvCell[] => [
    t.township,
    t.submitted ? '是' : '否',
    t.criteriaVersion,
    t.submittedAt,
    ...counterKeys.map((key) => (t.submitted ? (t.counters[key] ?? 0) : null)),
    ...rateKeys.map((key) => t.rates[key] ?? null),
  ]);
  const total: CsvCell[] = [
    '合计 total',
    null,
    report.criteriaVersion,
    null,
    ...counterKeys.map((key) => report.total.counters[key] ?? 0),
    ...rateKeys.map((key) => report.total.rates[key] ?? null),
  ];
  return [header, ...rows, total];
}

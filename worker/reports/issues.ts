import type { CsvCell } from '../csv/index';
import { maskedAtSql, recordStartSql } from '../ids/person-record';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import type { StoredIssue } from '../submissions/rows';

/** One household on the rectification list (整改清单). */
export interface RectificationItem {
  township: string;
  submissionId: string;
  row: number;
  householdId: string | null;
  headIdMasked: string | null;
  status: string | null;
  score: number;
  riskLevel: number;
  exitEligible: boolean;
  failingIndicators: string[];
  rules: string[];
  issues: StoredIssue[];
}

interface Row {
  township: string;
  submission_id: string;
  row: number;
  household_id: string | null;
  head_masked: string | null;
  status: string | null;
  score: number;
  risk_level: number;
  exit_eligible: number;
  failing_hard: string;
  issues: string;
}

/**
 * Households of the period's latest submissions that have an error (their own or a member's) or
 * fail a hard indicator, with the rule ids to fix; a clerk's list is their township's only.
 */
export async function rectificationList(storage: Storage, period: string, township?: string): Promise<RectificationItem[]> {
  const submitted = await storage
    .prepare('SELECT COUNT(*) AS n FROM submissions WHERE period = ?1 AND superseded_by IS NULL AND (?2 IS NULL OR township = ?2)')
    .bind(period, township ?? null)
    .first<{ n: number }>();
  if (!submitted?.n) throw new ProblemError('unknown_period');
  const rows = await storage
    .prepare(
      `SELECT s.township, h.submission_id, h.row, h.household_id,
              COALESCE(h.head_masked, ${maskedAtSql('h.person_ids', recordStartSql('h.head_person'))}) AS head_masked,
              h.status, h.score, h.risk_level,
              h.exit_eligible, h.failing_hard, h.issues
       FROM submissions s JOIN households h ON h.submission_id = s.id
       WHERE s.period = ?1 AND s.superseded_by IS NULL AND (?2 IS NULL OR s.township = ?2)
         AND (h.has_error = 1 OR h.failing_hard <> '[]')
       ORDER BY s.township, h.row`,
    )
    .bind(period, township ?? null)
    .all<Row>();
  return rows.map((row) => {
    const issues = JSON.parse(row.issues) as StoredIssue[];
    return {
      township: row.township,
      submissionId: row.submission_id,
      row: row.row,
      householdId: row.household_id,
      headIdMasked: row.head_masked,
      status: row.status,
      score: row.score,
      riskLevel: row.risk_level,
      exitEligible: row.exit_eligible === 1,
      failingIndicators: JSON.parse(row.failing_hard) as string[],
      rules: [...new Set(issues.map((issue) => issue.rule))],
      issues,
    };
  });
}

/** The list as a printable table (one row per household). */
export function rectificationTable(items: RectificationItem[]): CsvCell[][] {
  return [
    ['乡镇 township', '行号 row', '户编号 household_id', '户主证件号码 head_id', '脱贫状态 status', '得分 score', '风险等级 risk_level', '未达标指标 failing_indicators', '问题规则 rules'],
    ...items.map((item): CsvCell[] => [
      item.township,
      item.row,
      item.householdId,
      item.headIdMasked,
      item.status,
      item.score,
      item.riskLevel,
      item.failingIndicators.join(' '),
      item.rules.join(' '),
    ]),
  ];
}

import type { RosterResult } from '../../core/types';
import type { SubmissionRows } from './rows';
import type { SubmissionReceipt } from './schemas';

export interface ReceiptOptions {
  id: string;
  period: string;
  township: string;
  criteriaVersion: number;
  profile: string;
  createdAt: string;
  result: RosterResult;
  rows: SubmissionRows;
}

/** What a stored submission answers (a clerk's submission and a re-scoring alike). */
export function submissionReceipt(options: ReceiptOptions): SubmissionReceipt {
  const { result, rows } = options;
  return {
    id: options.id,
    period: options.period,
    township: options.township,
    criteriaVersion: options.criteriaVersion,
    profile: options.profile,
    referenceDate: result.referenceDate,
    createdAt: options.createdAt,
    households: rows.households.length,
    persons: rows.personsTotal,
    rowsWithErrors: rows.rowsWithErrors,
    sheetIssues: result.sheetIssues,
    summary: result.summary,
  };
}

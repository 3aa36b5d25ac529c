/** Messages between the offline page and its Web Worker (plain data, structured-cloned). */
import type { Text } from '../core/types';
import type { SummaryLine } from '../cli/roster/check';

export type ToEngine =
  | {
      op: 'check';
      bytes: ArrayBuffer;
      fileName: string;
      /** The county's document, or null for the built-in `profile`. */
      criteria: unknown | null;
      profile: string;
      criteriaLabel: string;
      period: string | null;
    }
  | { op: 'report'; lang: 'zh' | 'en' }
  | { op: 'annotate'; bytes: ArrayBuffer };

/** One issue as the page lists it. */
export interface IssueLine {
  sheet: string;
  row: number | null;
  column: string;
  householdId: string | null;
  township: string | null;
  rule: string;
  severity: 'error' | 'warning';
  message: Text;
}

export interface CheckedView {
  fileName: string;
  summary: SummaryLine;
  eligibleKey: 'exitEligible' | 'riskEliminable';
  sheets: { households: string; members: string | null };
  referenceDate: string;
  fatal: Text[];
  lines: IssueLine[];
  ms: number;
}

export type FromEngine =
  | { op: 'progress'; phase: 'households' | 'members' | 'check'; fraction: number }
  | { op: 'checked'; view: CheckedView }
  | { op: 'file'; kind: 'report' | 'annotated'; parts: Uint8Array[] }
  | { op: 'failed'; message: Text };

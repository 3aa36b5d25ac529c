/**
 * Messages between the pane and its Web Worker (core runs there, so Excel never waits on it).
 * Plain data only: everything crosses postMessage unchanged.
 */
import type { RosterSheet, SheetMarks } from '../../../core/marks/types';
import type { Cell, SheetIssue, Summary, Table, Text } from '../../../core/types';
import type { ResultSheetSpec, TemplateSheetSpec } from '../../host/types';

export interface CriteriaFacts {
  profile: string;
  periodKind: 'year' | 'month';
  headerMinMatches: number;
  headerScanRows: number;
  outcome: 'exitEligible' | 'riskEliminable';
  template: TemplateSheetSpec[];
}

/** The first rows of a worksheet, for finding its header. */
export interface SheetHead {
  name: string;
  head: Cell[][];
}

export interface Detection {
  households: string | null;
  members: string | null;
  scores: { name: string; household: number; person: number }[];
}

export interface EvaluateRequest {
  /** The tables, or null for the one sent before with a `table` call (sent while the next is read). */
  households: Table | null;
  members: Table | null;
  names: { households: string; members: string | null };
  period: string;
  expectedTownship?: string | null;
}

/** Cells of one edited range of a roster sheet (row 1-based, column 0-based). */
export interface PatchRequest {
  sheet: RosterSheet;
  row: number;
  column: number;
  values: Cell[][];
}

export interface RosterView {
  layout: 'household-member' | 'person-per-row';
  unreadable: boolean;
  sheetIssues: SheetIssue[];
  summary: Summary;
  households: number;
  /** Marks of the sheets in `changed` (null for a sheet whose marks did not change). */
  marks: Record<RosterSheet, SheetMarks | null>;
  changed: RosterSheet[];
  counts: { errors: number; warnings: number };
  /** Each rule's message (its first issue's), so the summary names problems in words, not rule ids. */
  ruleMessages: Record<string, Text>;
  /** Milliseconds core (evaluate + marks) took in the worker. */
  coreMs: number;
}

export type EngineCall =
  | { op: 'criteria'; document: unknown }
  | { op: 'detect'; sheets: SheetHead[] }
  | { op: 'table'; part: RosterSheet; table: Table }
  | { op: 'evaluate'; request: EvaluateRequest }
  | { op: 'patch'; patch: PatchRequest }
  | { op: 'submissionBody'; period: string; township: string }
  | { op: 'resultSheets'; options: { lang: 'zh' | 'en'; checkTitle?: string; scoreTitle?: string } };

export interface EngineReplies {
  criteria: CriteriaFacts;
  detect: Detection;
  table: null;
  evaluate: RosterView;
  patch: RosterView;
  submissionBody: string;
  resultSheets: { check: ResultSheetSpec; score: ResultSheetSpec };
}

export type EngineRequest = EngineCall & { id: number };
export type EngineResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; zh?: string; en?: string } };

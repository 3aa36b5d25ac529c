/**
 * The Worker's county answers as the pane receives them (JSON): the Worker's own types, imported
 * as types only so nothing of the Worker reaches the pane's bundle.
 */
export type { SummaryReport, TownshipSummary } from '../../worker/reports/summary';
export type { TrendReport, TrendPoint } from '../../worker/reports/trend';
export type { DynamicsReport, MovementCounts } from '../../worker/reports/dynamics';
export type { RectificationItem } from '../../worker/reports/issues';
export type { DuplicatePerson } from '../../worker/reports/duplicates';
export type { CriteriaPreview } from '../../worker/preview/index';
export type { RescoreOutcome } from '../../worker/rescore/index';
export type { TownshipTokens } from '../../worker/tokens/index';

import type { RectificationItem } from '../../worker/reports/issues';
import type { DuplicatePerson } from '../../worker/reports/duplicates';

export interface RectificationReport {
  period: string;
  township: string | null;
  households: RectificationItem[];
}

export interface DuplicatesReport {
  period: string;
  count: number;
  persons: DuplicatePerson[];
}

export interface TokenInfo {
  id: string;
  role: 'clerk' | 'county' | 'admin';
  township: string | null;
  label: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface CriteriaVersionInfo {
  version: number;
  profile: string;
  author: string;
  note: string | null;
  createdAt: string;
}

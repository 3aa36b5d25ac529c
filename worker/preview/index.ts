import type { Summary } from '../../core/types';
import { evaluateRoster, mergeSummaries } from '../engine/index';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { latestSubmissions } from '../submissions/repository';
import { submittedTables } from '../submissions/tables';
import { compileCandidate } from '../criteria/candidate';
import { MAX_CHANGED } from '../criteria/schemas';
import { currentCriteria } from '../criteria/current';

interface Changes {
  households: number;
  exitEligible: number;
  riskLevel: number;
  score: number;
  any: number;
}

/** One household's outcome, as stored or as the candidate judges it. */
export interface Outcome {
  score: number;
  exitEligible: boolean;
  riskLevel: number;
}

export interface ChangedHousehold {
  row: number;
  householdId: string | null;
  before: Outcome | null;
  after: Outcome;
}

export interface CriteriaPreview {
  period: string;
  currentVersion: number;
  townships: (Changes & {
    township: string;
    submissionId: string;
    criteriaVersion: number;
    changed: ChangedHousehold[];
    changedTruncated: boolean;
  })[];
  total: Changes;
  before: Summary;
  after: Summary;
}

interface StoredOutcome {
  row: number;
  household_id: string | null;
  exit_eligible: number;
  risk_level: number;
  score: number;
}

/**
 * What a candidate criteria document would change for a period: each township's latest
 * submission is decrypted, judged again by core with the candidate, and compared household by
 * household (same table, so the same worksheet rows) with the outcome stored at submission.
 */
export async function previewCriteria(options: {
  storage: Storage;
  /** The ID_HMAC_KEY secret the tables were sealed with. */
  secret: string;
  /** The candidate criteria document (already validated). */
  document: unknown;
  period: string;
}): Promise<CriteriaPreview> {
  const { storage, secret, document, period } = options;
  const candidate = compileCandidate(document);
  const current = await currentCriteria(storage);
  const latest = await latestSubmissions(storage, period);
  if (latest.length === 0) throw new ProblemError('unknown_period');

  const total: Changes = { households: 0, exitEligible: 0, riskLevel: 0, score: 0, any: 0 };
  const afterParts: Summary[] = [];
  const townships: CriteriaPreview['townships'] = [];
  for (const submission of latest) {
    const [tables, stored] = await Promise.all([
      submittedTables(storage, secret, submission.tablesOf),
      storage
        .prepare('SELECT row, household_id, exit_eligible, risk_level, score FROM households WHERE submission_id = ?')
        .bind(submission.id)
        .all<StoredOutcome>(),
    ]);
    const result = evaluateRoster(candidate, {
      households: tables.households,
      members: tables.members ?? null,
      period,
      expectedTownship: submission.expectedTownship ?? undefined,
    });
    afterParts.push(result.summary);
    const before = new Map(stored.map((row) => [row.row, row]));
    const changes: Changes = { households: result.households.length, exitEligible: 0, riskLevel: 0, score: 0, any: 0 };
    const changed: ChangedHousehold[] = [];
    for (const household of result.households) {
      const old = before.get(household.row);
      const eligible = !old || (old.exit_eligible === 1) !== household.exitEligible;
      const risk = !old || old.risk_level !== household.riskLevel;
      const score = !old || old.score !== household.score;
      if (eligible) changes.exitEligible++;
      if (risk) changes.riskLevel++;
      if (score) changes.score++;
      if (eligible || risk || score) {
        changes.any++;
        if (changed.length < MAX_CHANGED) {
          changed.push({
            row: household.row,
            householdId: household.householdId,
            before: old ? { score: old.score, exitEligible: old.exit_eligible === 1, riskLevel: old.risk_level } : null,
            after: { score: household.score, exitEligible: household.exitEligible, riskLevel: household.riskLevel },
          });
        }
      }
    }
    for (const key of Object.keys(total) as (keyof Changes)[]) total[key] += changes[key];
    townships.push({
      township: submission.township,
      submissionId: submission.id,
      criteriaVersion: submission.criteriaVersion,
      ...changes,
      changed,
      changedTruncated: changes.any > changed.length,
    });
  }
  return {
    period,
    currentVersion: current.version,
    townships,
    total,
    before: mergeSummaries(
      current.compiled,
      latest.map((submission) => submission.summary),
    ),
    after: mergeSummaries(candidate, afterParts),
  };
}

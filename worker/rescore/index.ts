import type { Principal } from '../auth/index';
import { currentCriteria, type CurrentCriteria } from '../criteria/current';
import { evaluateRoster, hardIndicators } from '../engine/index';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { type AuditActor, recordAudit } from '../audit/index';
import { submissionAudit } from '../submissions/service';
import { insertSubmission, latestSubmissions, type LatestSubmission } from '../submissions/repository';
import { submissionRows } from '../submissions/rows';
import type { SubmissionReceipt } from '../submissions/schemas';
import { submissionReceipt } from '../submissions/receipt';
import { submittedTables } from '../submissions/tables';

/** One submission judged again. */
export interface Rescored {
  township: string;
  /** The submission re-scored (it stays in history, superseded). */
  from: string;
  fromVersion: number;
  /** The new current submission. */
  to: string;
  households: number;
  ms: number;
  /** D1 statements it took: the read of its sealed tables and the one batch that stored it. */
  statements: number;
}

/** A submission that could not be re-scored, and why (it stays current, under its version). */
export interface NotRescored {
  township: string;
  submissionId: string;
  reason: 'unknown_township' | 'unreadable_roster' | 'superseded';
}

export interface RescoreOutcome {
  period: string;
  criteriaVersion: number;
  rescored: Rescored[];
  skipped: NotRescored[];
  /** Townships still judged under an older version: call again (the budget ran out). */
  remaining: string[];
  done: boolean;
  /** D1 statements of this request (reads included). */
  statements: number;
}

export interface RescoreOptions {
  period: string;
  /** At most this many submissions in this request (default: as many as the time budget allows). */
  maxSubmissions?: number;
  /**
   * No further submission is started after this many milliseconds (default 2 s): a 20,000-household
   * submission takes a second or two and a few hundred MB of short-lived objects, as much as one
   * submission request, so large townships go one per request and small ones share one.
   */
  budgetMs?: number;
  /** The client's address, for the audit log. */
  address?: string | null;
  /** Called once something was re-scored, e.g. to clear the reports cached from the old scoring. */
  onStored?: () => void;
}

/**
 * Re-scores the period's current submissions judged under an older criteria version with the
 * criteria now in force, from the tables sealed at submission (no township resubmits). Each
 * becomes a new current submission that supersedes the old one, which stays in history with its
 * own scoring; each is stored as one D1 batch (all of it or nothing). Stops starting new ones when
 * the budget is spent: `remaining` says who is left, and calling again continues.
 *
 * @example
 * let outcome; do outcome = await rescorePeriod(storage, env.ID_HMAC_KEY, principal, { period: '2024' }); while (!outcome.done);
 */
export async function rescorePeriod(
  storage: Storage,
  secret: string,
  principal: Principal,
  options: RescoreOptions,
): Promise<RescoreOutcome> {
  const started = performance.now();
  const actor: AuditActor = { label: principal.label, role: principal.role, address: options.address ?? null };
  const budget = options.budgetMs ?? 2_000;
  const max = options.maxSubmissions ?? Number.POSITIVE_INFINITY;
  const [current, latest] = await Promise.all([currentCriteria(storage), latestSubmissions(storage, options.period)]);
  if (latest.length === 0) throw new ProblemError('unknown_period');
  const outdated = latest.filter((submission) => submission.criteriaVersion !== current.version);

  const rescored: Rescored[] = [];
  const skipped: NotRescored[] = [];
  const remaining: string[] = [];
  for (const submission of outdated) {
    const attempted = rescored.length + skipped.length;
    if (attempted >= max || (attempted > 0 && performance.now() - started > budget)) {
      remaining.push(submission.township);
      continue;
    }
    const outcome = await rescoreOne(storage, secret, principal, current, submission, actor);
    if ('reason' in outcome) skipped.push(outcome);
    else rescored.push(outcome);
  }
  if (rescored.length > 0) options.onStored?.();
  if (rescored.length + skipped.length > 0) {
    await recordAudit(storage, actor, {
      action: 'period.rescored',
      target: options.period,
      detail: { criteriaVersion: current.version, rescored: rescored.length, skipped: skipped.length, remaining: remaining.length },
    });
  }
  // The current criteria (one or two reads), the period's submissions, then each submission's own.
  const statements = 3 + rescored.reduce((n, r) => n + r.statements, 0) + skipped.length;
  return { period: options.period, criteriaVersion: current.version, rescored, skipped, remaining, done: remaining.length === 0, statements };
}

async function rescoreOne(
  storage: Storage,
  secret: string,
  principal: Principal,
  current: CurrentCriteria,
  submission: LatestSubmission,
  actor: AuditActor,
): Promise<Rescored | NotRescored> {
  const started = performance.now();
  const { compiled, version } = current;
  const refused = (reason: NotRescored['reason']): NotRescored => ({ township: submission.township, submissionId: submission.id, reason });
  // A township the county dropped or renamed cannot be submitted for now, so it is not re-scored either.
  if (!compiled.townships.includes(submission.township)) return refused('unknown_township');
  const tables = await submittedTables(storage, secret, submission.tablesOf);
  const expectedTownship = submission.expectedTownship ?? undefined;
  const result = evaluateRoster(compiled, {
    households: tables.households,
    members: tables.members ?? null,
    period: submission.period,
    expectedTownship,
  });
  // New criteria may rename a header the roster used: such a roster keeps its old scoring.
  if (result.unreadable) return refused('unreadable_roster');
  const rows = await submissionRows(result, { hardIndicators: hardIndicators(compiled), secret, township: submission.township });
  const id = crypto.randomUUID();
  const createdAt = new Date().toISOString();
  const receipt: SubmissionReceipt = submissionReceipt({
    id,
    period: submission.period,
    township: submission.township,
    criteriaVersion: version,
    profile: compiled.profile,
    createdAt,
    result,
    rows,
  });
  let batch: number;
  try {
    batch = await insertSubmission(storage, {
      id,
      period: submission.period,
      township: submission.township,
      criteriaVersion: version,
      profile: compiled.profile,
      referenceDate: result.referenceDate,
      expectedTownship: submission.expectedTownship,
      tokenId: principal.tokenId,
      author: `${principal.label} (${principal.role}), re-scored`,
      createdAt,
      households: rows.households,
      personsTotal: rows.personsTotal,
      rowsWithErrors: rows.rowsWithErrors,
      summary: result.summary,
      tables: [],
      tablesOf: submission.tablesOf,
      rescoredFrom: submission.id,
      supersedes: submission.id,
      idempotencyKey: null,
      requestHash: null,
      response: JSON.stringify(receipt),
    }, submissionAudit(storage, actor, receipt, { rescoredFrom: submission.id }));
  } catch (error) {
    // The township submitted again meanwhile (judged under the current criteria): the unique index
    // on the current submission refused our whole batch, and theirs stands.
    if (/UNIQUE|constraint/i.test(String(error))) return refused('superseded');
    throw error;
  }
  return {
    township: submission.township,
    from: submission.id,
    fromVersion: submission.criteriaVersion,
    to: id,
    households: rows.households.length,
    ms: Math.round(performance.now() - started),
    statements: 1 + batch,
  };
}

import type { Table } from '../../core/types';
import type { Principal } from '../auth/index';
import { currentCriteria } from '../criteria/current';
import { sha256Hex } from '../digest/index';
import { evaluateRoster, hardIndicators } from '../engine/index';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { seal } from '../vault/index';
import { forgetSummaries } from '../reports/summary';
import { findIdempotent, insertSubmission } from './repository';
import { submissionRows } from './rows';
import type { SubmissionReceipt } from './schemas';

export interface SubmissionInput {
  period: string;
  township: string;
  households: Table;
  members?: Table | null;
}

export interface SubmissionOutcome {
  receipt: SubmissionReceipt;
  /** True when an earlier answer was replayed for the same Idempotency-Key. */
  replayed: boolean;
  /** Milliseconds per phase (empty for a replay). */
  timing: { evaluate?: number; prepare?: number; store?: number };
}

/**
 * `JSON.stringify(input)`, the fingerprint an Idempotency-Key is checked against (as stored
 * before), assembled from the tables' JSON already made for sealing instead of serialising
 * 10 MB again. Key order is the schema's (period, township, households, members), as zod outputs it.
 */
export function requestJson(input: SubmissionInput, householdsJson: string, membersJson: string): string {
  const members = input.members === undefined ? '' : `,"members":${membersJson}`;
  return `{"period":${JSON.stringify(input.period)},"township":${JSON.stringify(input.township)},"households":${householdsJson}${members}}`;
}

/** A stored answer for this key, or a 422 when the key came with another body. */
async function replayed(storage: Storage, tokenId: string, key: string, requestHash: string): Promise<SubmissionOutcome | null> {
  const previous = await findIdempotent(storage, tokenId, key);
  if (!previous) return null;
  if (previous.requestHash !== requestHash) throw new ProblemError('idempotency_mismatch');
  return { receipt: JSON.parse(previous.response) as SubmissionReceipt, replayed: true, timing: {} };
}

/**
 * Accepts a township's roster for a period: core judges it again with the current criteria
 * (client scores are never trusted), IDs are keyed, tables sealed, and everything is stored in
 * one transaction that also supersedes the township's previous submission for the period.
 * The caller has already checked that the principal may submit for this township.
 *
 * @example
 * const { receipt } = await submitRoster(storage, env.ID_HMAC_KEY, principal, body, idempotencyKey);
 */
export async function submitRoster(
  storage: Storage,
  secret: string,
  principal: Principal,
  input: SubmissionInput,
  idempotencyKey: string | null,
): Promise<SubmissionOutcome> {
  const started = performance.now();
  // The tables are serialised once: for the sealed copy, and inside the request fingerprint.
  const householdsJson = JSON.stringify(input.households);
  const membersJson = JSON.stringify(input.members ?? null);
  const tablesJson = `{"households":${householdsJson},"members":${membersJson}}`;
  const requestHash = idempotencyKey ? await sha256Hex(requestJson(input, householdsJson, membersJson)) : null;
  if (idempotencyKey && requestHash) {
    const previous = await replayed(storage, principal.tokenId, idempotencyKey, requestHash);
    if (previous) return previous;
  }

  const { version, compiled } = await currentCriteria(storage);
  if (!compiled.townships.includes(input.township)) throw new ProblemError('unknown_township');
  const expectedTownship = principal.role === 'clerk' ? input.township : undefined;
  const members = input.members ?? null;
  const result = evaluateRoster(compiled, { households: input.households, members, period: input.period, expectedTownship });
  if (result.unreadable) {
    throw new ProblemError('unreadable_roster', {
      errors: result.sheetIssues
        .filter((issue) => issue.fatal)
        .map((issue) => ({
          path: issue.field ? `${issue.sheet}.${issue.field}` : issue.sheet,
          zh: issue.message.zh,
          en: issue.message.en,
          rule: issue.rule,
          columns: issue.columns,
        })),
    });
  }
  const evaluated = performance.now();

  const id = crypto.randomUUID();
  const [rows, tables] = await Promise.all([
    submissionRows(result, hardIndicators(compiled), secret),
    seal(secret, id, tablesJson),
  ]);
  const prepared = performance.now();

  const createdAt = new Date().toISOString();
  const receipt: SubmissionReceipt = {
    id,
    period: input.period,
    township: input.township,
    criteriaVersion: version,
    profile: compiled.profile,
    referenceDate: result.referenceDate,
    createdAt,
    households: rows.households.length,
    persons: rows.personsTotal,
    rowsWithErrors: rows.rowsWithErrors,
    sheetIssues: result.sheetIssues,
    summary: result.summary,
  };
  try {
    await insertSubmission(storage, {
      id,
      period: input.period,
      township: input.township,
      criteriaVersion: version,
      profile: compiled.profile,
      referenceDate: result.referenceDate,
      expectedTownship: expectedTownship ?? null,
      tokenId: principal.tokenId,
      author: `${principal.label} (${principal.role})`,
      createdAt,
      households: rows.households,
      personsTotal: rows.personsTotal,
      rowsWithErrors: rows.rowsWithErrors,
      summary: result.summary,
      tables,
      idempotencyKey,
      requestHash,
      response: JSON.stringify(receipt),
    });
  } catch (error) {
    // A concurrent request with the same key won the unique index (and our batch rolled back).
    if (idempotencyKey && requestHash && /UNIQUE/i.test(String(error))) {
      const previous = await replayed(storage, principal.tokenId, idempotencyKey, requestHash);
      if (previous) return previous;
    }
    throw error;
  }
  forgetSummaries();
  const stored = performance.now();
  return {
    receipt,
    replayed: false,
    timing: { evaluate: evaluated - started, prepare: prepared - evaluated, store: stored - prepared },
  };
}

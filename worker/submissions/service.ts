import type { Table } from '../../core/types';
import type { Principal } from '../auth/index';
import { currentCriteria } from '../criteria/current';
import { sha256Hex } from '../digest/index';
import { evaluateRoster, hardIndicators } from '../engine/index';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { auditStatement, auditSupersededStatement, type AuditActor } from '../audit/index';
import { periodWarnings } from '../periods/index';
import { seal } from '../vault/index';
import { findIdempotent, insertSubmission, latestSubmissions } from './repository';
import { submissionRows } from './rows';
import type { SubmissionReceipt } from './schemas';
import { submissionReceipt } from './receipt';

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
  timing: { seal?: number; evaluate?: number; prepare?: number; store?: number };
}

/** Where an Idempotency-Key's first answer is looked up. */
interface IdempotencyLookup {
  storage: Storage;
  tokenId: string;
  key: string;
  /** SHA-256 of the body as sent. */
  requestHash: string;
}

/** A stored answer for this key, or a 422 when the key came with another body. */
async function replayed({ storage, tokenId, key, requestHash }: IdempotencyLookup): Promise<SubmissionOutcome | null> {
  const previous = await findIdempotent(storage, tokenId, key);
  if (!previous) return null;
  if (previous.requestHash !== requestHash) throw new ProblemError('idempotency_mismatch');
  return { receipt: JSON.parse(previous.response) as SubmissionReceipt, replayed: true, timing: {} };
}

/** The audit rows of a stored submission, for its batch: the one it superseded (if any), and itself. */
export function submissionAudit(storage: Storage, actor: AuditActor, receipt: SubmissionReceipt, extra: Record<string, unknown> = {}) {
  const { id, period, township, criteriaVersion, households, persons, rowsWithErrors, createdAt } = receipt;
  return [
    auditSupersededStatement(storage, actor, id, createdAt),
    auditStatement(
      storage,
      actor,
      { action: 'submission.stored', target: id, detail: { period, township, criteriaVersion, households, persons, rowsWithErrors, ...extra } },
      createdAt,
    ),
  ];
}

export interface SubmitRosterOptions {
  storage: Storage;
  /** The ID_HMAC_KEY secret: keys the person IDs and seals the tables. */
  secret: string;
  principal: Principal;
  /** The validated request. */
  input: SubmissionInput;
  /** The request body as sent, of which `input` is the parse. */
  body: Uint8Array<ArrayBuffer>;
  idempotencyKey: string | null;
  /** Called once the submission is stored, e.g. to clear the reports cached from earlier ones. */
  onStored?: () => void;
  /** The client's address, for the audit log. */
  address?: string | null;
}

/**
 * Accepts a township's roster for a period: core judges it again with the current criteria
 * (client scores are never trusted), IDs are keyed, tables sealed, and everything is stored in
 * one transaction that also supersedes the township's previous submission for the period.
 * The caller has already checked that the principal may submit for this township.
 *
 * Both the Idempotency-Key fingerprint and the sealed copy are taken from the body's bytes,
 * not from `JSON.stringify(input)` again (12 MB for 20,000 households): a retry sends the same
 * bytes, and the sealed JSON has the tables under the same keys.
 *
 * @example
 * const { receipt } = await submitRoster({ storage, secret: env.ID_HMAC_KEY, principal, input, body, idempotencyKey, onStored });
 */
export async function submitRoster(options: SubmitRosterOptions): Promise<SubmissionOutcome> {
  const { storage, secret, principal, input, body, idempotencyKey } = options;
  const address = options.address ?? null;
  const started = performance.now();
  const requestHash = idempotencyKey ? await sha256Hex(body) : null;
  const idempotency = idempotencyKey && requestHash ? { storage, tokenId: principal.tokenId, key: idempotencyKey, requestHash } : null;
  if (idempotency) {
    const previous = await replayed(idempotency);
    if (previous) return previous;
  }

  const { version, compiled } = await currentCriteria(storage);
  if (!compiled.townships.includes(input.township)) throw new ProblemError('unknown_township');
  // Sealed before core runs, so the 12 MB of body bytes are garbage while the roster is judged
  // (measured: less garbage collection later in the request than sealing after evaluation).
  const id = crypto.randomUUID();
  const tables = await seal(secret, id, body);
  const sealed = performance.now();
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
  // A township may have no household to report, but an empty roster must not silently replace one
  // that has households (a sheet copied without its rows).
  if (result.households.length === 0) {
    const [current] = await latestSubmissions(storage, input.period, input.township);
    if (current && current.households > 0) throw new ProblemError('empty_roster', { households: current.households });
  }
  const evaluated = performance.now();

  const rows = await submissionRows(result, { hardIndicators: hardIndicators(compiled), secret, township: input.township });
  const prepared = performance.now();

  const createdAt = new Date().toISOString();
  const receipt: SubmissionReceipt = submissionReceipt({
    id,
    period: input.period,
    township: input.township,
    criteriaVersion: version,
    profile: compiled.profile,
    createdAt,
    result,
    rows,
  });
  const warnings = periodWarnings(input.period);
  if (warnings.length > 0) receipt.warnings = warnings;
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
    }, submissionAudit(storage, { label: principal.label, role: principal.role, address }, receipt));
  } catch (error) {
    // A concurrent request with the same key won the unique index (and our batch rolled back).
    if (idempotency && /UNIQUE/i.test(String(error))) {
      const previous = await replayed(idempotency);
      if (previous) return previous;
    }
    throw error;
  }
  options.onStored?.();
  const stored = performance.now();
  return {
    receipt,
    replayed: false,
    timing: { seal: sealed - started, evaluate: evaluated - sealed, prepare: prepared - evaluated, store: stored - prepared },
  };
}

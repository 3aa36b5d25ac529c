import type { Summary } from '../../core/types';
import { jsonChunks, type Statement, type Storage } from '../storage/index';
import type { HouseholdRow } from './rows';

/** A submission as listed (history included). */
export interface SubmissionInfo {
  id: string;
  period: string;
  township: string;
  criteriaVersion: number;
  profile: string;
  referenceDate: string;
  author: string;
  createdAt: string;
  superseded: boolean;
  supersededBy: string | null;
  households: number;
  persons: number;
  rowsWithErrors: number;
  /** The submission this one re-scored (see rescore); null: sent by a township. */
  rescoredFrom: string | null;
}

interface SubmissionRow {
  id: string;
  period: string;
  township: string;
  criteria_version: number;
  profile: string;
  reference_date: string;
  author: string;
  created_at: string;
  superseded_by: string | null;
  households: number;
  persons: number;
  rows_with_errors: number;
  rescored_from: string | null;
}

const INFO_COLUMNS =
  'id, period, township, criteria_version, profile, reference_date, author, created_at, superseded_by, households, persons, rows_with_errors, rescored_from';

function toInfo(row: SubmissionRow): SubmissionInfo {
  return {
    id: row.id,
    period: row.period,
    township: row.township,
    criteriaVersion: row.criteria_version,
    profile: row.profile,
    referenceDate: row.reference_date,
    author: row.author,
    createdAt: row.created_at,
    superseded: row.superseded_by !== null,
    supersededBy: row.superseded_by,
    households: row.households,
    persons: row.persons,
    rowsWithErrors: row.rows_with_errors,
    rescoredFrom: row.rescored_from,
  };
}

/** Submissions, newest first, optionally for one period and/or township. */
export async function listSubmissions(storage: Storage, filter: { period?: string; township?: string }): Promise<SubmissionInfo[]> {
  const rows = await storage
    .prepare(
      `SELECT ${INFO_COLUMNS} FROM submissions
       WHERE (?1 IS NULL OR period = ?1) AND (?2 IS NULL OR township = ?2)
       ORDER BY period DESC, township, created_at DESC, rowid DESC`,
    )
    .bind(filter.period ?? null, filter.township ?? null)
    .all<SubmissionRow>();
  return rows.map(toInfo);
}

export interface LatestSubmission extends SubmissionInfo {
  summary: Summary;
  expectedTownship: string | null;
  tablesChunks: number;
  /** The submission whose sealed tables these are (its id is their associated data). */
  tablesOf: string;
}

/** The current (not superseded) submission of every township that submitted for the period. */
export async function latestSubmissions(storage: Storage, period: string, township?: string): Promise<LatestSubmission[]> {
  const rows = await storage
    .prepare(
      `SELECT ${INFO_COLUMNS}, summary, expected_township, tables_chunks, COALESCE(tables_of, id) AS tables_of FROM submissions
       WHERE period = ?1 AND superseded_by IS NULL AND (?2 IS NULL OR township = ?2)
       ORDER BY township`,
    )
    .bind(period, township ?? null)
    .all<SubmissionRow & { summary: string; expected_township: string | null; tables_chunks: number; tables_of: string }>();
  return rows.map((row) => ({
    ...toInfo(row),
    summary: JSON.parse(row.summary) as Summary,
    expectedTownship: row.expected_township,
    tablesChunks: row.tables_chunks,
    tablesOf: row.tables_of,
  }));
}

/** The stored answer for a token's Idempotency-Key, if that key was used. */
export async function findIdempotent(
  storage: Storage,
  tokenId: string,
  key: string,
): Promise<{ requestHash: string | null; response: string } | null> {
  const row = await storage
    .prepare('SELECT request_hash, response FROM submissions WHERE token_id = ? AND idempotency_key = ?')
    .bind(tokenId, key)
    .first<{ request_hash: string | null; response: string }>();
  return row ? { requestHash: row.request_hash, response: row.response } : null;
}

/** The encrypted table chunks of a submission, in order (base64 text, see the vault). */
export async function submissionChunks(storage: Storage, id: string): Promise<string[]> {
  const rows = await storage
    .prepare('SELECT data FROM submission_tables WHERE submission_id = ? ORDER BY chunk')
    .bind(id)
    .all<{ data: string }>();
  return rows.map(({ data }) => data);
}

export interface NewSubmission {
  id: string;
  period: string;
  township: string;
  criteriaVersion: number;
  profile: string;
  referenceDate: string;
  expectedTownship: string | null;
  tokenId: string;
  author: string;
  createdAt: string;
  households: HouseholdRow[];
  personsTotal: number;
  rowsWithErrors: number;
  summary: Summary;
  /** Sealed tables, base64 text chunks (see vault); none when `tablesOf` names whose they are. */
  tables: string[];
  /** A re-scoring keeps the tables sealed with the submission it re-scores: that submission's id. */
  tablesOf?: string | null;
  rescoredFrom?: string | null;
  /**
   * Supersede exactly this submission (a re-scoring), not whichever is current: when a township
   * submitted in between, the unique index on the current submission refuses the whole batch.
   */
  supersedes?: string;
  idempotencyKey: string | null;
  requestHash: string | null;
  response: string;
}

/**
 * Each row's JSON is made once (MATERIALIZED) and every column is read from that copy: with
 * `json_each(?) … value ->> n` SQLite renders `value` again for each of the 16 references, and
 * the extraction cost more than the insert itself (measured in workerd's local D1, 20,000
 * households: 520 → 310 ms for the household statements).
 */
const INSERT_HOUSEHOLDS = `WITH r AS MATERIALIZED (SELECT value AS v FROM json_each(?2))
INSERT INTO households (submission_id, row, household_id, township, status, status_class, persons,
  score, exit_eligible, risk_level, indicators_not_true, issues, has_error, failing_hard, head_hmac, head_masked, person_ids,
  head_person)
SELECT ?1, v ->> 0, v ->> 1, v ->> 2, v ->> 3, v ->> 4, v ->> 5, v ->> 6, v ->> 7, v ->> 8, v -> 9, v -> 10, v ->> 11,
  v -> 12, v ->> 13, v ->> 14, v ->> 15, v ->> 16
FROM r`;

/**
 * Stores a submission as one D1 batch (one transaction): the older current submission of the same
 * period and township is marked superseded, then the new one goes in with all its rows and its
 * encrypted tables, and `also` (its audit rows). Rows travel as JSON arrays in a few large parameters (json_each), so even
 * 20,000 households are a handful of statements, each far below D1's limits.
 */
/** Returns the number of statements in the batch (for benchmarks: D1 bills and limits them). */
export async function insertSubmission(storage: Storage, s: NewSubmission, also: Statement[] = []): Promise<number> {
  const supersede = s.supersedes
    ? storage.prepare('UPDATE submissions SET superseded_by = ?1 WHERE id = ?2 AND superseded_by IS NULL').bind(s.id, s.supersedes)
    : storage
        .prepare('UPDATE submissions SET superseded_by = ?1 WHERE period = ?2 AND township = ?3 AND superseded_by IS NULL')
        .bind(s.id, s.period, s.township);
  const statements: Statement[] = [
    supersede,
    storage
      .prepare(
        `INSERT INTO submissions (id, period, township, criteria_version, profile, reference_date, expected_township,
           token_id, author, created_at, households, persons, rows_with_errors, summary, tables_chunks,
           idempotency_key, request_hash, response, tables_of, rescored_from)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        s.id,
        s.period,
        s.township,
        s.criteriaVersion,
        s.profile,
        s.referenceDate,
        s.expectedTownship,
        s.tokenId,
        s.author,
        s.createdAt,
        s.households.length,
        s.personsTotal,
        s.rowsWithErrors,
        JSON.stringify(s.summary),
        s.tables.length,
        s.idempotencyKey,
        s.requestHash,
        s.response,
        s.tablesOf ?? null,
        s.rescoredFrom ?? null,
      ),
  ];
  for (const chunk of jsonChunks(s.households)) statements.push(storage.prepare(INSERT_HOUSEHOLDS).bind(s.id, chunk));
  s.tables.forEach((data, index) => {
    statements.push(storage.prepare('INSERT INTO submission_tables (submission_id, chunk, data) VALUES (?, ?, ?)').bind(s.id, index, data));
  });
  // Audit rows go last: the one for a superseded submission reads the UPDATE above.
  statements.push(...also);
  await storage.batch(statements);
  return statements.length;
}

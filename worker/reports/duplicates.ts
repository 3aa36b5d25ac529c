import { hmacAtSql, maskedAtSql, PERSON_RECORD, rowAtSql } from '../ids/person-record';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';

export interface DuplicatePerson {
  idMasked: string;
  townships: string[];
  occurrences: { township: string; householdId: string | null; row: number }[];
}

interface Row {
  id_hmac: string;
  id_masked: string;
  township: string;
  household_id: string | null;
  row: number;
}

/**
 * The persons of the period's latest submissions, one row each: person_ids is cut into its
 * fixed-width records by a recursive CTE (a household has a handful), then grouped by HMAC.
 */
const DUPLICATES_SQL = `WITH RECURSIVE split (township, household_id, record, rest) AS (
    SELECT s.township, h.household_id, substr(h.person_ids, 1, ${PERSON_RECORD}), substr(h.person_ids, ${PERSON_RECORD + 1})
    FROM submissions s JOIN households h ON h.submission_id = s.id
    WHERE s.period = ?1 AND s.superseded_by IS NULL AND h.person_ids <> ''
    UNION ALL
    SELECT township, household_id, substr(rest, 1, ${PERSON_RECORD}), substr(rest, ${PERSON_RECORD + 1}) FROM split WHERE rest <> ''),
  people AS MATERIALIZED (
    SELECT ${hmacAtSql('record', '1')} AS id_hmac, ${maskedAtSql('record', '1')} AS id_masked, township, household_id,
           ${rowAtSql('record', '1')} AS row
    FROM split)
  SELECT * FROM people
  WHERE id_hmac IN (SELECT id_hmac FROM people GROUP BY id_hmac HAVING COUNT(DISTINCT township) > 1)
  ORDER BY id_hmac, township, row`;

/**
 * Spec §8: one person ID (compared by its HMAC) in the latest submissions of two or more
 * townships of the period.
 */
export async function duplicatePersons(storage: Storage, period: string): Promise<DuplicatePerson[]> {
  const submitted = await storage
    .prepare('SELECT COUNT(*) AS n FROM submissions WHERE period = ? AND superseded_by IS NULL')
    .bind(period)
    .first<{ n: number }>();
  if (!submitted?.n) throw new ProblemError('unknown_period');
  const rows = await storage.prepare(DUPLICATES_SQL).bind(period).all<Row>();
  const byPerson = new Map<string, DuplicatePerson>();
  for (const row of rows) {
    let person = byPerson.get(row.id_hmac);
    if (!person) {
      person = { idMasked: row.id_masked, townships: [], occurrences: [] };
      byPerson.set(row.id_hmac, person);
    }
    if (!person.townships.includes(row.township)) person.townships.push(row.township);
    person.occurrences.push({ township: row.township, householdId: row.household_id, row: row.row });
  }
  return [...byPerson.values()];
}

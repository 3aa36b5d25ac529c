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
 * Spec §8: one person ID (compared by its HMAC) in the latest submissions of two or more
 * townships of the period. The grouping runs in SQL over the persons index.
 */
export async function duplicatePersons(storage: Storage, period: string): Promise<DuplicatePerson[]> {
  const submitted = await storage
    .prepare('SELECT COUNT(*) AS n FROM submissions WHERE period = ? AND superseded_by IS NULL')
    .bind(period)
    .first<{ n: number }>();
  if (!submitted?.n) throw new ProblemError('unknown_period');
  const rows = await storage
    .prepare(
      `WITH latest AS (SELECT id, township FROM submissions WHERE period = ?1 AND superseded_by IS NULL),
            people AS (SELECT p.id_hmac, p.id_masked, l.township, p.household_id, p.row
                       FROM persons p JOIN latest l ON l.id = p.submission_id)
       SELECT * FROM people
       WHERE id_hmac IN (SELECT id_hmac FROM people GROUP BY id_hmac HAVING COUNT(DISTINCT township) > 1)
       ORDER BY id_hmac, township, row`,
    )
    .bind(period)
    .all<Row>();
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

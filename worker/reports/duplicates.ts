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
 * townships of the period. The households' person_ids are unnested and grouped in SQL.
 */
export async function duplicatePersons(storage: Storage, period: string): Promise<DuplicatePerson[]> {
  const submitted = await storage
    .prepare('SELECT COUNT(*) AS n FROM submissions WHERE period = ? AND superseded_by IS NULL')
    .bind(period)
    .first<{ n: number }>();
  if (!submitted?.n) throw new ProblemError('unknown_period');
  const rows = await storage
    .prepare(
      `WITH people AS MATERIALIZED (
         SELECT p.value ->> '$[1]' AS id_hmac, p.value ->> '$[2]' AS id_masked, s.township, h.household_id,
                p.value ->> '$[0]' AS row
         FROM submissions s JOIN households h ON h.submission_id = s.id, json_each(h.person_ids) p
         WHERE s.period = ?1 AND s.superseded_by IS NULL)
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

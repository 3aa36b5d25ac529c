import type { AuditActor } from '../audit/index';
import type { Storage } from '../storage/index';

/** One stored criteria version (the document kept as the JSON text accepted). */
export interface CriteriaVersion {
  version: number;
  profile: string;
  author: string;
  note: string | null;
  createdAt: string;
}

export interface StoredCriteria extends CriteriaVersion {
  /** The document as JSON text, exactly as stored. */
  json: string;
}

interface Row {
  version: number;
  profile: string;
  author: string;
  note: string | null;
  created_at: string;
  document?: string;
}

function toVersion(row: Row): CriteriaVersion {
  return { version: row.version, profile: row.profile, author: row.author, note: row.note, createdAt: row.created_at };
}

function toStored(row: Row): StoredCriteria {
  return { ...toVersion(row), json: row.document ?? 'null' };
}

const COLUMNS = 'version, profile, author, note, created_at';

/** The newest version with its document, or null before the first seed. */
export async function latestCriteria(storage: Storage): Promise<StoredCriteria | null> {
  const row = await storage
    .prepare(`SELECT ${COLUMNS}, document FROM criteria_versions ORDER BY version DESC LIMIT 1`)
    .first<Row>();
  return row ? toStored(row) : null;
}

/** The newest version number (0 when none): cheap, no document. */
export async function latestVersionNumber(storage: Storage): Promise<number> {
  const row = await storage.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM criteria_versions').first<{
    version: number;
  }>();
  return row?.version ?? 0;
}

/** The newest version's number and creation time (no document), or null before the first seed. */
export async function latestVersionStamp(storage: Storage): Promise<{ version: number; createdAt: string } | null> {
  const row = await storage
    .prepare('SELECT version, created_at FROM criteria_versions ORDER BY version DESC LIMIT 1')
    .first<{ version: number; created_at: string }>();
  return row ? { version: row.version, createdAt: row.created_at } : null;
}

export async function criteriaVersion(storage: Storage, version: number): Promise<StoredCriteria | null> {
  const row = await storage
    .prepare(`SELECT ${COLUMNS}, document FROM criteria_versions WHERE version = ?`)
    .bind(version)
    .first<Row>();
  return row ? toStored(row) : null;
}

/** Every version, newest first, without documents. */
export async function listCriteriaVersions(storage: Storage): Promise<CriteriaVersion[]> {
  const rows = await storage.prepare(`SELECT ${COLUMNS} FROM criteria_versions ORDER BY version DESC`).all<Row>();
  return rows.map(toVersion);
}

export interface NewCriteria {
  /** The validated document as JSON text. */
  json: string;
  profile: string;
  author: string;
  note?: string | null;
}

/**
 * Stores version `expected + 1` only if `expected` is still the newest version — the check and the
 * insert are one statement, so two writers holding the same If-Match cannot both win; the
 * PRIMARY KEY on `version` is the second lock should the check ever race. Returns the new version,
 * or null when someone else got there first.
 *
 * @example
 * const version = await insertCriteriaVersion(storage, 3, { json, profile: 'default', author: '县扶贫办' });
 * if (version === null) return problemJson(c, 'precondition_failed');
 */
export async function insertCriteriaVersion(
  storage: Storage,
  expected: number,
  input: NewCriteria,
  /** Who publishes, for the audit log: its row is written in the same transaction as the version. */
  actor?: AuditActor,
): Promise<number | null> {
  const createdAt = new Date().toISOString();
  const insert = storage
    .prepare(
      `INSERT INTO criteria_versions (version, profile, document, author, note, created_at)
       SELECT ?1 + 1, ?2, ?3, ?4, ?5, ?6
       WHERE (SELECT COALESCE(MAX(version), 0) FROM criteria_versions) = ?1`,
    )
    .bind(expected, input.profile, input.json, input.author, input.note ?? null, createdAt);
  try {
    if (!actor) {
      const { changes } = await insert.run();
      return changes === 1 ? expected + 1 : null;
    }
    // The audit row only when the version went in (the insert above may have found a newer one).
    const audit = storage
      .prepare(
        `INSERT INTO audit_log (at, actor_label, actor_role, address, action, target, detail)
         SELECT ?1, ?2, ?3, ?4, 'criteria.published', CAST(version AS TEXT), json_object('profile', profile, 'note', note)
         FROM criteria_versions WHERE version = ?5 AND created_at = ?1`,
      )
      .bind(createdAt, actor.label, actor.role, actor.address, expected + 1);
    const [{ changes }] = await storage.batch([insert, audit]);
    return changes === 1 ? expected + 1 : null;
  } catch (error) {
    if (/UNIQUE|PRIMARY KEY|constraint/i.test(String(error))) return null;
    throw error;
  }
}

/** Stores version 1 when there is no version at all (idempotent: `npm start` runs it every time). */
export async function seedCriteria(storage: Storage, input: NewCriteria): Promise<boolean> {
  return (await insertCriteriaVersion(storage, 0, input)) === 1;
}

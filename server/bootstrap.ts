import { defaultCriteria } from '../core/index';
import { latestVersionNumber, seedCriteria } from '../worker/criteria/repository';
import { d1Storage } from '../worker/storage/index';
import { createToken } from '../worker/tokens/index';
import type { IdHmacAlgorithm } from './ids/algorithm';
import type { NodeDatabase } from './storage/d1-compatible';
import { applyMigrations, readMigrations } from './storage/migrations';

/**
 * PostgreSQL sorts text by the database's collation; D1 and SQLite by bytes (the `C` collation).
 * Another collation (zh_CN sorts by pinyin) reorders report rows: null when it is byte order.
 */
export async function collationWarning(db: NodeDatabase): Promise<string | null> {
  if (db.dialect !== 'postgres') return null;
  const row = await db.prepare('SELECT datcollate AS collation FROM pg_database WHERE datname = current_database()').first<{ collation: string }>();
  const collation = row?.collation ?? '';
  if (/^(C|POSIX)(\.|$)/i.test(collation)) return null;
  return `the database collation is ${collation}; create it with LC_COLLATE 'C' so text sorts as on D1 and SQLite`;
}

export interface Prepared {
  /** Migrations applied by this start. */
  migrations: string[];
  /** Criteria version 1 was seeded (the database had none). */
  seeded: boolean;
  /** The first admin token, when the database had no token: shown once, never stored in clear. */
  adminToken: string | null;
}

/** Raised when the database was keyed with another person-ID algorithm: starting would split people. */
export class AlgorithmMismatchError extends Error {
  constructor(recorded: string, configured: string) {
    super(
      `This database keys person IDs with ${recorded}; ID_HMAC_ALGORITHM is ${configured}. ` +
        `The algorithm is fixed for a deployment's life (本部署的身份证号 HMAC 算法为 ${recorded}，不能更改).`,
    );
    this.name = 'AlgorithmMismatchError';
  }
}

/** Records the deployment's algorithm on first start; refuses another one afterwards. */
export async function checkIdAlgorithm(db: NodeDatabase, algorithm: IdHmacAlgorithm): Promise<void> {
  const recorded = await db
    .prepare("SELECT value FROM deployment_settings WHERE key = 'id_hmac_algorithm'")
    .first<{ value: string }>();
  if (recorded && recorded.value !== algorithm) throw new AlgorithmMismatchError(recorded.value, algorithm);
  if (!recorded) {
    await db
      .prepare("INSERT INTO deployment_settings (key, value, created_at) VALUES ('id_hmac_algorithm', ?, ?)")
      .bind(algorithm, new Date().toISOString())
      .run();
  }
}

/**
 * Brings a database to what the app needs: migrations, the ID algorithm check, criteria version 1
 * (core's default document) and, on an empty database, a first admin token.
 *
 * @example
 * const { adminToken } = await prepareDatabase(db, { algorithm: 'HMAC-SHA256' });
 */
export async function prepareDatabase(db: NodeDatabase, options: { algorithm: IdHmacAlgorithm }): Promise<Prepared> {
  const migrations = await applyMigrations(db.engine, readMigrations());
  await checkIdAlgorithm(db, options.algorithm);
  const storage = d1Storage(db.asD1());
  let seeded = false;
  if ((await latestVersionNumber(storage)) === 0) {
    seeded = await seedCriteria(storage, { json: JSON.stringify(defaultCriteria), profile: 'default', author: 'npm run serve' });
  }
  const tokens = await db.prepare('SELECT COUNT(*) AS n FROM tokens').first<{ n: number }>();
  let adminToken: string | null = null;
  if (!tokens?.n) {
    adminToken = (await createToken(storage, { role: 'admin', label: '首个管理员 first admin', createdBy: 'npm run serve' })).token;
  }
  return { migrations, seeded, adminToken };
}

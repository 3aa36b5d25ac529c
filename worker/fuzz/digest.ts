import { sha256Hex } from '../digest/index';
import type { Storage } from '../storage/index';

/** The application's tables: everything but SQLite's, D1's and the migrations' bookkeeping. */
export async function appTables(storage: Storage): Promise<string[]> {
  const rows = await storage
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
         AND name NOT IN ('d1_migrations', 'fuzz_changes') ORDER BY name`,
    )
    .all<{ name: string }>();
  return rows.map((row) => row.name);
}

/**
 * Bookkeeping a request may write without changing the county's data: when a token was last
 * used (noted at most once a minute by authentication, refused request or not).
 */
export const BOOKKEEPING_COLUMNS = new Set(['last_used_at']);

async function columnsOf(storage: Storage, table: string): Promise<string[]> {
  const rows = await storage.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>();
  return rows.map((row) => row.name).filter((name) => !BOOKKEEPING_COLUMNS.has(name));
}

/** SHA-256 of every row of every application table, per table (a test's before/after picture). */
export async function tablesDigest(storage: Storage): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of await appTables(storage)) {
    const columns = (await columnsOf(storage, table)).map((name) => `"${name}"`).join(', ');
    const rows = await storage.prepare(`SELECT ${columns} FROM "${table}" ORDER BY 1, 2`).all();
    digest[table] = `${rows.length}:${await sha256Hex(JSON.stringify(rows))}`;
  }
  return digest;
}

/**
 * A counter every INSERT, UPDATE and DELETE on an application table increments (test-only
 * triggers): reading one number after each request shows whether it wrote anything.
 */
export async function installChangeCounter(storage: Storage): Promise<() => Promise<number>> {
  await storage.prepare('CREATE TABLE IF NOT EXISTS fuzz_changes (n INTEGER NOT NULL)').run();
  await storage.prepare('INSERT INTO fuzz_changes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM fuzz_changes)').run();
  for (const table of await appTables(storage)) {
    const columns = (await columnsOf(storage, table)).map((name) => `"${name}"`).join(', ');
    for (const op of ['INSERT', `UPDATE OF ${columns}`, 'DELETE']) {
      await storage
        .prepare(`CREATE TRIGGER IF NOT EXISTS "fuzz_${table}_${op.split(' ')[0]}" AFTER ${op} ON "${table}" BEGIN UPDATE fuzz_changes SET n = n + 1; END`)
        .run();
    }
  }
  return async function changes() {
    return (await storage.prepare('SELECT n FROM fuzz_changes').first<{ n: number }>())!.n;
  };
}

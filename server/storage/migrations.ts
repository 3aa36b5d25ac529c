import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config';
import type { Engine } from './d1-compatible';
import { installShims } from './postgres';
import { splitStatements } from './sql-text';

/** A migration as wrangler reads it: its file name and its statements. */
export interface Migration {
  name: string;
  queries: string[];
}

/** worker/migrations of this project (sources and the dist/server bundle alike). */
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'worker', 'migrations');

/** The migration files in order (0001_…, 0002_…), split into statements. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, queries: splitStatements(readFileSync(join(dir, name), 'utf8')) }));
}

// The same table wrangler keeps on D1, so a database says which migrations it has wherever it lives.
const TRACKING = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT UNIQUE,
  applied_at TEXT NOT NULL
)`;

/**
 * Applies the migrations the database does not have yet, each in one transaction with its
 * record in d1_migrations; returns the names applied. On PostgreSQL the dialect's shim functions
 * are (re)created first and every statement passes the dialect step.
 *
 * @example
 * const applied = await applyMigrations(engine, readMigrations());
 */
export async function applyMigrations(engine: Engine, migrations: readonly Migration[]): Promise<string[]> {
  if (engine.dialect === 'postgres') await installShims(engine);
  await engine.query(TRACKING, []);
  const { rows } = await engine.query('SELECT name FROM d1_migrations', []);
  const done = new Set(rows.map((row) => String(row.name)));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    await engine.transaction([
      ...migration.queries.map((sql) => ({ sql, values: [] })),
      { sql: 'INSERT INTO d1_migrations (name, applied_at) VALUES (?, ?)', values: [migration.name, new Date().toISOString()] },
    ]);
    applied.push(migration.name);
  }
  return applied;
}

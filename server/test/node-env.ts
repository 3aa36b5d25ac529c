import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { NodeDatabase } from '../storage/d1-compatible';
import { readMigrations } from '../storage/migrations';
import { postgresEngine } from '../storage/postgres';
import { sqliteEngine } from '../storage/sqlite';

/**
 * The bindings the Worker's tests see when they run on Node: a fresh database per test file (as
 * D1 is in workerd) on the backend the vitest project names, and the same vars as wrangler.toml
 * plus the secrets worker/vitest.config.ts gives workerd.
 */

export type Backend = 'sqlite' | 'postgres';

export const backend = (process.env.ROSTER_TEST_BACKEND ?? 'sqlite') as Backend;

/** wrangler.toml's [vars]: KEY = "value" lines of that table. */
function wranglerVars(): Record<string, string> {
  const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
  const section = /^\[vars\]\s*$([\s\S]*?)(?=^\[)/m.exec(toml)?.[1] ?? '';
  return Object.fromEntries([...section.matchAll(/^(\w+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1], m[2]]));
}

async function freshDatabase(): Promise<{ db: NodeDatabase; dispose: () => Promise<void> }> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'roster-sqlite-'));
    const db = new NodeDatabase(sqliteEngine({ file: join(dir, 'roster.db') }));
    return { db, dispose: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const url = inject('postgresUrl' as never) as string;
  if (!url) throw new Error('no PostgreSQL server: the worker-postgres project starts one in its globalSetup');
  const name = `roster_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = new NodeDatabase(postgresEngine({ connectionString: url.replace(/\/[^/]*$/, `/${name}`), max: 4 }));
  return { db, dispose: () => db.close() };
}

const database = await freshDatabase();

export const dispose = database.dispose;

export const env = {
  ...wranglerVars(),
  DB: database.db.asD1(),
  ID_HMAC_KEY: 'test-only-hmac-key-0123456789abcdef',
  ADDIN_ORIGINS: 'https://addin.example.test',
  TEST_MIGRATIONS: readMigrations(),
};

import { resolve } from 'node:path';
import { NodeDatabase } from './storage/d1-compatible';
import { postgresEngine } from './storage/postgres';
import { sqliteEngine } from './storage/sqlite';

/**
 * Opens the database a DATABASE_URL names: `postgres://…` / `postgresql://…` (PostgreSQL,
 * KingbaseES, openGauss), else SQLite (`sqlite:path`, `file:path` or a plain path).
 *
 * @example
 * const db = openDatabase('sqlite:data/roster.db');
 */
export function openDatabase(url: string): NodeDatabase {
  if (/^postgres(ql)?:\/\//i.test(url)) return new NodeDatabase(postgresEngine({ connectionString: url }));
  const file = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  return new NodeDatabase(sqliteEngine({ file: file === ':memory:' ? file : resolve(file) }));
}

/** The URL with any password replaced, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

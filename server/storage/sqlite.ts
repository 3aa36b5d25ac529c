import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlValue } from '../../worker/storage/index';
import type { Engine, QueryResult } from './d1-compatible';
import { numberPlaceholders } from './sql-text';

export interface SqliteOptions {
  /** A file path, or ':memory:' (tests). */
  file: string;
}

function toSqlite(value: SqlValue | boolean): unknown {
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * SQLite through better-sqlite3: the embedded default of a county's own server (one process, one
 * file). WAL lets readers run beside the writer; `synchronous = FULL` because an accepted
 * submission must survive a power cut. better-sqlite3 is synchronous: a statement runs to its end
 * before the event loop moves on, so a batch inside `db.transaction` is one transaction that no
 * other request can interleave with.
 *
 * @example
 * const db = new NodeDatabase(sqliteEngine({ file: 'data/roster.db' }));
 */
export function sqliteEngine(options: SqliteOptions): Engine {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON'); // as D1 does
  db.pragma('busy_timeout = 5000');
  const cache = new Map<string, { statement: Database.Statement; count: number }>();

  function prepared(sql: string) {
    let entry = cache.get(sql);
    if (!entry) {
      // D1 numbers `?` and `?n` as SQLite does; better-sqlite3 binds `?n` from an object keyed by n.
      const numbered = numberPlaceholders(sql, (n) => `?${n}`);
      entry = { statement: db.prepare(numbered.sql), count: numbered.count };
      if (cache.size > 500) cache.clear();
      cache.set(sql, entry);
    }
    return entry;
  }

  function query(sql: string, values: readonly SqlValue[]): QueryResult {
    const { statement, count } = prepared(sql);
    if (values.length !== count) throw new RangeError(`D1_ERROR: ${values.length} values for ${count} parameters`);
    const params: Record<number, unknown> = {};
    values.forEach((value, i) => (params[i + 1] = toSqlite(value)));
    const args = count === 0 ? [] : [params];
    if (statement.reader) {
      const rows = statement.all(...args) as Record<string, unknown>[];
      return { rows, changes: 0, lastRowId: 0 };
    }
    const info = statement.run(...args);
    return { rows: [], changes: info.changes, lastRowId: Number(info.lastInsertRowid) };
  }

  return {
    dialect: 'sqlite',
    query: async (sql, values) => query(sql, values),
    transaction: async (statements) => db.transaction(() => statements.map(({ sql, values }) => query(sql, values)))(),
    exec: async (sql) => {
      db.exec(sql);
      cache.clear();
    },
    close: async () => {
      db.close();
    },
  };
}

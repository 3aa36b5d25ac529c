import type { SqlValue } from '../../worker/storage/index';

/**
 * The part of D1's API the Worker uses (prepare → bind → first/all/run/raw, batch), over a
 * database on the county's own server. The Worker's storage seam (`d1Storage`) wraps it as is, so
 * routes and repositories run unchanged on Node, and so does every test that reaches `env.DB`.
 */

export interface QueryResult {
  rows: Record<string, unknown>[];
  changes: number;
  lastRowId: number;
}

/** What a backend (SQLite, PostgreSQL) implements; NodeDatabase gives it D1's shape. */
export interface Engine {
  readonly dialect: 'sqlite' | 'postgres';
  query(sql: string, values: readonly SqlValue[]): Promise<QueryResult>;
  /** Runs the statements in order, all or none. */
  transaction(statements: readonly { sql: string; values: readonly SqlValue[] }[]): Promise<QueryResult[]>;
  /** Runs SQL text of one or more statements with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface D1LikeResult<T = Record<string, unknown>> {
  results: T[];
  success: true;
  meta: { changes: number; last_row_id: number; duration: number; rows_read: number; rows_written: number; changed_db: boolean };
}

function result<T>(query: QueryResult, started: number): D1LikeResult<T> {
  return {
    results: query.rows as T[],
    success: true,
    meta: {
      changes: query.changes,
      last_row_id: query.lastRowId,
      duration: performance.now() - started,
      rows_read: query.rows.length,
      rows_written: query.changes,
      changed_db: query.changes > 0,
    },
  };
}

export class NodeStatement {
  constructor(
    readonly engine: Engine,
    readonly sql: string,
    readonly values: readonly SqlValue[] = [],
  ) {}

  bind(...values: SqlValue[]): NodeStatement {
    for (const value of values) if (value === undefined) throw new TypeError('D1_TYPE_ERROR: undefined is not a SQL value');
    return new NodeStatement(this.engine, this.sql, values);
  }

  async first<T = Record<string, unknown>>(column?: string): Promise<T | null> {
    const { rows } = await this.engine.query(this.sql, this.values);
    const row = rows[0];
    if (!row) return null;
    return (column === undefined ? row : row[column]) as T;
  }

  async all<T = Record<string, unknown>>(): Promise<D1LikeResult<T>> {
    const started = performance.now();
    return result<T>(await this.engine.query(this.sql, this.values), started);
  }

  async run<T = Record<string, unknown>>(): Promise<D1LikeResult<T>> {
    return this.all<T>();
  }

  async raw<T = unknown[]>(): Promise<T[]> {
    const { rows } = await this.engine.query(this.sql, this.values);
    return rows.map((row) => Object.values(row) as T);
  }
}

/**
 * A D1-shaped database over an engine.
 *
 * @example
 * const db = new NodeDatabase(await sqliteEngine({ file: 'data/roster.db' }));
 * const app = createApp(); app.fetch(request, { DB: db as unknown as D1Database, ... });
 */
export class NodeDatabase {
  constructor(readonly engine: Engine) {}

  get dialect(): Engine['dialect'] {
    return this.engine.dialect;
  }

  prepare(sql: string): NodeStatement {
    return new NodeStatement(this.engine, sql);
  }

  async batch<T = Record<string, unknown>>(statements: NodeStatement[]): Promise<D1LikeResult<T>[]> {
    const started = performance.now();
    for (const statement of statements) {
      if (statement.engine !== this.engine) throw new TypeError('statement from another database');
    }
    const results = await this.engine.transaction(statements.map(({ sql, values }) => ({ sql, values })));
    return results.map((query) => result<T>(query, started));
  }

  exec(sql: string): Promise<void> {
    return this.engine.exec(sql);
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  /** For `d1Storage`, whose parameter is typed as Cloudflare's D1Database. */
  asD1(): D1Database {
    return this as unknown as D1Database;
  }
}

import { Buffer } from 'node:buffer';

/**
 * The only door between Worker code and the database. Routes and repositories see this small
 * interface (prepare/bind/first/all/run/batch), never `env.DB`, so the same Hono app can run on
 * Node with SQLite behind an adapter with the same shape (county servers, 政务云).
 */

export type SqlValue = string | number | null | ArrayBuffer | Uint8Array;

/** D1 refuses statements with more bound parameters than this. */
export const MAX_BOUND_PARAMETERS = 100;
/** D1's largest string/BLOB/row; chunked payloads stay well under it. */
export const MAX_VALUE_BYTES = 1_000_000;

export interface RunResult {
  /** Rows written by the statement. */
  changes: number;
}

export interface Statement {
  bind(...values: SqlValue[]): Statement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<T[]>;
  run(): Promise<RunResult>;
}

export interface Storage {
  /**
   * The same object for every Storage over the same database (D1: the binding), so per-isolate
   * caches that share work between concurrent requests never mix two databases.
   */
  readonly database: object;
  prepare(sql: string): Statement;
  /** Runs the statements in order as one transaction: all of them or none. */
  batch(statements: Statement[]): Promise<RunResult[]>;
}

/** Raised by `bind` before the database would refuse the statement, so tests catch it early. */
export class TooManyParametersError extends Error {
  constructor(count: number) {
    super(`${count} bound parameters; the database allows ${MAX_BOUND_PARAMETERS} per statement`);
    this.name = 'TooManyParametersError';
  }
}

class D1Statement implements Statement {
  constructor(readonly inner: D1PreparedStatement) {}

  bind(...values: SqlValue[]): Statement {
    if (values.length > MAX_BOUND_PARAMETERS) throw new TooManyParametersError(values.length);
    return new D1Statement(this.inner.bind(...values));
  }

  first<T>(): Promise<T | null> {
    return this.inner.first<T>();
  }

  async all<T>(): Promise<T[]> {
    const { results } = await this.inner.all<T>();
    return results;
  }

  async run(): Promise<RunResult> {
    const { meta } = await this.inner.run();
    return { changes: meta.changes ?? 0 };
  }
}

/**
 * Wraps a D1 binding (or a D1 Sessions API session, which has the same prepare/batch) as Storage.
 *
 * @example
 * const storage = d1Storage(env.DB);
 * const row = await storage.prepare('SELECT 1 AS one').first<{ one: number }>();
 */
export function d1Storage(db: Pick<D1Database, 'prepare' | 'batch'>): Storage {
  return {
    database: db,
    prepare: function prepare(sql) {
      return new D1Statement(db.prepare(sql));
    },
    batch: async function batch(statements) {
      if (statements.length === 0) return [];
      const inner = statements.map((statement) => {
        if (!(statement instanceof D1Statement)) throw new TypeError('statement from another storage');
        return statement.inner;
      });
      const results = await db.batch(inner);
      return results.map((result) => ({ changes: result.meta.changes ?? 0 }));
    },
  };
}

/**
 * Splits rows into JSON arrays of at most `maxBytes` each (UTF-8), for
 * `INSERT … SELECT … FROM json_each(?)`: one bound parameter carries hundreds of rows, so a
 * 20,000-household submission is a handful of statements instead of thousands of 5-row INSERTs,
 * and still within D1's 100 parameters and 1 MB per value.
 *
 * @example
 * for (const chunk of jsonChunks(rows)) statements.push(insert.bind(chunk));
 */
export function jsonChunks(rows: readonly unknown[], maxBytes = MAX_VALUE_BYTES * 0.9): string[] {
  // Whole slices go through one JSON.stringify each (measured ≈ 1.7× faster than a stringify per
  // row and a join); each slice's size is guessed from the previous one's bytes per row and
  // shrunk until it fits.
  const chunks: string[] = [];
  let start = 0;
  let guess = 256;
  while (start < rows.length) {
    let end = Math.min(rows.length, start + guess);
    let json = JSON.stringify(rows.slice(start, end));
    let bytes = utf8Length(json);
    while (bytes > maxBytes) {
      if (end - start === 1) throw new RangeError(`one row is ${bytes - 2} bytes, over the ${maxBytes}-byte chunk`);
      end = start + Math.max(1, Math.min(end - start - 1, Math.floor(((end - start) * maxBytes * 0.95) / bytes)));
      json = JSON.stringify(rows.slice(start, end));
      bytes = utf8Length(json);
    }
    chunks.push(json);
    guess = Math.max(1, Math.floor(((end - start) * maxBytes * 0.97) / bytes));
    start = end;
  }
  return chunks;
}

/**
 * UTF-8 byte length without encoding: Buffer.byteLength counts natively (node:buffer, which
 * the Worker has through nodejs_compat). A JavaScript loop over the characters took ≈ 50 ms of
 * a 20,000-household submission (7.6 MB of row JSON); TextEncoder would allocate the bytes.
 */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

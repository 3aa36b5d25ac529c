import pg from 'pg';
import type { SqlValue } from '../../worker/storage/index';
import type { Engine, QueryResult } from './d1-compatible';
import { castInsertSelect, insertTarget, isSchemaChange, SHIM_SQL, translateToPostgres, typeParameters, type WeakParameters } from './postgres-dialect';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database (KingbaseES and openGauss take the same form). */
  connectionString: string;
  /** Connections kept open (default 10). */
  max?: number;
}

// Values come back as SQLite/D1 hands them: 64-bit integers and NUMERIC as numbers (the Worker's
// counts and sums are far below 2^53), booleans as 1/0, JSON and times as the text stored.
const PARSERS: Record<number, (text: string) => unknown> = {
  20: Number, // int8
  1700: Number, // numeric
  16: (text) => (text === 't' ? 1 : 0), // bool
  114: (text) => text, // json
  3802: (text) => text, // jsonb
  1082: (text) => text, // date
  1114: (text) => text, // timestamp
  1184: (text) => text, // timestamptz
};

const types = {
  getTypeParser(oid: number, format?: string) {
    return PARSERS[oid] ?? (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  },
} as pg.CustomTypesConfig;

/** Binary values go in as base64 text: BLOB columns are TEXT on PostgreSQL (see the dialect). */
function toPostgres(value: SqlValue | boolean): unknown {
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('base64');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value === 'boolean') return value ? 1 : 0;
  // PostgreSQL text cannot hold NUL (SQLite's can): it becomes U+2400 ␀, visible and never equal
  // to a stored value, so a lookup by such a string finds nothing, as it does on SQLite.
  if (typeof value === 'string' && value.includes('\u0000')) return value.replace(/\u0000/g, '\u2400');
  return value;
}

interface Translated {
  text: string;
  count: number;
  weak: WeakParameters;
  /** A prepared statement's name: each connection parses the statement once. */
  name?: string;
}

/**
 * PostgreSQL through `pg` (pure JavaScript): for 政务云 databases and the PostgreSQL-compatible
 * KingbaseES and openGauss. The Worker's SQL passes the dialect step (postgres-dialect.ts) once per
 * statement text; a batch is one transaction on one connection.
 *
 * @example
 * const db = new NodeDatabase(postgresEngine({ connectionString: process.env.DATABASE_URL }));
 */
export function postgresEngine(options: PostgresOptions): Engine {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, types });
  const translations = new Map<string, Translated>();
  const columnTypes = new Map<string, { name: string; type: string }[]>();
  let names = 0;

  async function columnsOf(runner: pg.Pool | pg.PoolClient, table: string, listed: string[] | null) {
    let columns = columnTypes.get(table);
    if (!columns) {
      const { rows } = await runner.query<{ name: string; type: string }>(
        `SELECT column_name AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM information_schema.columns c
         JOIN pg_attribute a ON a.attrelid = to_regclass(quote_ident(c.table_name)) AND a.attname = c.column_name
         WHERE c.table_schema = current_schema() AND c.table_name = $1 ORDER BY c.ordinal_position`,
        [table],
      );
      if (rows.length === 0) throw new Error(`no table ${table}`);
      columns = rows;
      columnTypes.set(table, columns);
    }
    if (!listed) return columns.filter((column) => column.name !== 'rowid');
    return listed.map((name) => {
      const column = columns!.find((c) => c.name === name.toLowerCase());
      if (!column) throw new Error(`no column ${name} in ${table}`);
      return column;
    });
  }

  async function translate(runner: pg.Pool | pg.PoolClient, sql: string, values: readonly SqlValue[]): Promise<Translated> {
    const general = await translateOnce(runner, sql);
    const typed = typeParameters(general.text, general.weak, values);
    if (!typed.key) return general;
    const key = `${sql}\u0000${typed.key}`;
    let known = translations.get(key);
    if (!known) {
      known = { ...general, text: typed.sql, name: `rc${++names}` };
      translations.set(key, known);
    }
    return known;
  }

  async function translateOnce(runner: pg.Pool | pg.PoolClient, sql: string): Promise<Translated> {
    const known = translations.get(sql);
    if (known) return known;
    const { sql: text, count, ...weak } = translateToPostgres(sql);
    const target = insertTarget(text);
    const translated: Translated = { text, count, weak };
    if (target) translated.text = castInsertSelect(text, await columnsOf(runner, target.table, target.columns));
    if (isSchemaChange(sql)) {
      columnTypes.clear();
      translations.clear();
      return translated;
    }
    translated.name = `rc${++names}`;
    translations.set(sql, translated);
    return translated;
  }

  async function query(runner: pg.Pool | pg.PoolClient, sql: string, values: readonly SqlValue[]): Promise<QueryResult> {
    const translated = await translate(runner, sql, values);
    if (values.length !== translated.count) throw new RangeError(`D1_ERROR: ${values.length} values for ${translated.count} parameters`);
    const result =
      translated.count === 0 && !translated.name
        ? await runner.query(translated.text)
        : await runner.query({ text: translated.text, values: values.map(toPostgres), name: translated.name });
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    const reads = last.command === 'SELECT';
    return { rows: last.rows ?? [], changes: reads ? 0 : (last.rowCount ?? 0), lastRowId: 0 };
  }

  return {
    dialect: 'postgres',
    query: (sql, values) => query(pool, sql, values),
    async transaction(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const results: QueryResult[] = [];
        for (const { sql, values } of statements) results.push(await query(client, sql, values));
        await client.query('COMMIT');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
      columnTypes.clear();
      translations.clear();
    },
    close: () => pool.end(),
  };
}

/** Creates (or replaces) the functions the dialect step relies on. */
export async function installShims(engine: Engine): Promise<void> {
  await engine.exec(SHIM_SQL);
}

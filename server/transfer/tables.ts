import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config';
import type { NodeDatabase } from '../storage/d1-compatible';

/** A database seen as tables of rows: what moving a county's data needs from each host. */
export interface TableStore {
  /** The application's tables (not d1_migrations, not the engine's own). */
  tables(): Promise<string[]>;
  /** Migrations the database has. */
  migrations(): Promise<string[]>;
  /** Every row of a table, in insertion order where the table keeps one. */
  rows(table: string): Promise<Record<string, unknown>[]>;
  /** Writes rows into empty tables, all in one go (one transaction where the host has them). */
  write(tables: { table: string; rows: Record<string, unknown>[] }[]): Promise<void>;
}

const SKIP = /^(sqlite_|_cf_|d1_migrations$)/;
const TABLES_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";

/** Binary values travel as {"$bytes": base64}; PostgreSQL keeps BLOB columns as base64 text. */
export function encodeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (value instanceof ArrayBuffer) return { $bytes: Buffer.from(value).toString('base64') };
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (value && typeof value === 'object' && '$bytes' in value) return Buffer.from(String((value as { $bytes: string }).$bytes), 'base64');
  return value;
}

function withoutRowid(row: Record<string, unknown>): Record<string, unknown> {
  const { rowid: _rowid, ...rest } = row;
  return rest;
}

/** A Node database (SQLite or PostgreSQL). */
export function nodeStore(db: NodeDatabase): TableStore {
  return {
    async tables() {
      const { results } = await db.prepare(TABLES_SQL).all<{ name: string }>();
      return results.map((row) => row.name).filter((name) => !SKIP.test(name));
    },
    async migrations() {
      const { results } = await db.prepare('SELECT name FROM d1_migrations ORDER BY name').all<{ name: string }>();
      return results.map((row) => row.name);
    },
    async rows(table) {
      try {
        return (await db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()).results.map(withoutRowid);
      } catch {
        return (await db.prepare(`SELECT * FROM "${table}"`).all()).results.map(withoutRowid);
      }
    },
    async write(tables) {
      const statements = [];
      for (const { table, rows } of tables) {
        for (const row of rows) {
          const columns = Object.keys(row);
          statements.push(
            db
              .prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
              .bind(...(columns.map((c) => decodeValue(row[c])) as never[])),
          );
        }
      }
      await db.batch(statements);
      if (db.dialect === 'postgres') await resetIdentities(db);
    },
  };
}

/** After explicit ids went in, PostgreSQL's identity sequences must continue after them. */
async function resetIdentities(db: NodeDatabase): Promise<void> {
  const { results } = await db
    .prepare(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES' AND column_name <> 'rowid'",
    )
    .all<{ table_name: string; column_name: string }>();
  for (const { table_name: table, column_name: column } of results) {
    await db.exec(
      `SELECT setval(pg_get_serial_sequence('"${table}"', '${column}'), COALESCE((SELECT MAX("${column}") FROM "${table}"), 0) + 1, false)`,
    );
  }
}

export interface D1Target {
  /** Cloudflare's D1 (`wrangler … --remote`) or the local one `npm start` uses. */
  remote: boolean;
  /** A local D1's state folder (wrangler's --persist-to); the project's .wrangler/state by default. */
  persistTo?: string;
}

function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** D1 through wrangler (`d1 execute --json`): the Worker's database, local or on Cloudflare. */
export function d1Store(target: D1Target): TableStore {
  function execute(args: string[]): unknown {
    const place = target.remote ? ['--remote'] : ['--local', ...(target.persistTo ? ['--persist-to', target.persistTo] : [])];
    const out = execFileSync('npx', ['wrangler', 'd1', 'execute', 'DB', ...place, '--json', '--yes', ...args], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out.slice(out.indexOf('[')));
  }
  const queries = (sql: string) => (execute(['--command', sql]) as { results: Record<string, unknown>[] }[]).map((r) => r.results);
  // Each wrangler run costs seconds: the schema comes in one run and all rows in one more.
  let schema: { tables: string[]; migrations: string[] } | null = null;
  let dump: Map<string, Record<string, unknown>[]> | null = null;
  async function readSchema() {
    if (!schema) {
      const [tables, migrations] = queries(`${TABLES_SQL}; SELECT name FROM d1_migrations ORDER BY name`);
      schema = { tables: tables.map((row) => String(row.name)).filter((name) => !SKIP.test(name)), migrations: migrations.map((row) => String(row.name)) };
    }
    return schema;
  }
  return {
    async tables() {
      return (await readSchema()).tables;
    },
    async migrations() {
      return (await readSchema()).migrations;
    },
    async rows(table) {
      if (!dump) {
        const { tables } = await readSchema();
        const results = queries(tables.map((name) => `SELECT * FROM "${name}"`).join('; '));
        // BLOBs come back as arrays of bytes.
        dump = new Map(
          tables.map((name, i) => [
            name,
            results[i].map((row) =>
              Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Array.isArray(value) ? new Uint8Array(value as number[]) : value])),
            ),
          ]),
        );
      }
      return dump.get(table) ?? [];
    },
    async write(tables) {
      const dir = mkdtempSync(join(tmpdir(), 'roster-d1-import-'));
      try {
        const lines: string[] = [];
        for (const { table, rows } of tables) {
          for (const row of rows) {
            const columns = Object.keys(row);
            lines.push(
              `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => sqlLiteral(decodeValue(row[c]))).join(', ')});`,
            );
          }
        }
        const file = join(dir, 'import.sql');
        writeFileSync(file, `${lines.join('\n')}\n`);
        execute(['--file', file]);
        dump = null;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../storage/d1-compatible';
import { applyMigrations, readMigrations } from '../storage/migrations';
import { postgresEngine } from '../storage/postgres';
import { sqliteEngine } from '../storage/sqlite';
import { countyReports, fillCounty } from '../test/county';
import { type RunningPostgres, startPostgres } from '../test/postgres-server';
import { exportData, fromJsonLines, importData, toJsonLines, TransferError } from './index';
import { d1Store, nodeStore } from './tables';

let server: RunningPostgres;
const dir = mkdtempSync(join(tmpdir(), 'roster-transfer-'));
const open: NodeDatabase[] = [];

function sqlite(name: string): NodeDatabase {
  const db = new NodeDatabase(sqliteEngine({ file: join(dir, `${name}.db`) }));
  open.push(db);
  return db;
}

async function postgres(name: string): Promise<NodeDatabase> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = new NodeDatabase(postgresEngine({ connectionString: server.url.replace(/\/postgres$/, `/${name}`) }));
  open.push(db);
  return db;
}

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  for (const db of open) await db.close();
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('moving a county', () => {
  it('SQLite → PostgreSQL → D1 → SQLite: every report identical, every row kept', async () => {
    const source = sqlite('source');
    const token = await fillCounty(source);
    const before = await countyReports(source, token);
    expect((before['/api/v1/reports/duplicates?period=2023'] as { body: { persons: unknown[] } }).body).toBeTruthy();

    const exported = fromJsonLines(toJsonLines(await exportData(nodeStore(source))));
    const rows = exported.tables.find((t) => t.table === 'households')!.rows.length;
    expect(rows).toBe(6 + 4 + 5 + 4);

    const target = await postgres('moved_county');
    await applyMigrations(target.engine, readMigrations());
    expect(await importData(nodeStore(target), exported)).toBeGreaterThan(rows);
    expect(await countyReports(target, token)).toEqual(before);

    // On to a local D1 (wrangler, as `npm start` keeps it) and back into a new SQLite file.
    const d1Dir = join(dir, 'd1');
    const { execFileSync } = await import('node:child_process');
    execFileSync('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', d1Dir], {
      stdio: 'ignore',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    });
    const d1 = d1Store({ remote: false, persistTo: d1Dir });
    await importData(d1, fromJsonLines(toJsonLines(await exportData(nodeStore(target)))), { toWorker: true });
    const fromD1 = fromJsonLines(toJsonLines(await exportData(d1, { fromWorker: true })));
    const back = sqlite('back');
    await applyMigrations(back.engine, readMigrations());
    await importData(nodeStore(back), fromD1);
    expect(await countyReports(back, token)).toEqual(before);
  }, 240_000);

  it('refuses a target that is not empty, or at another migration', async () => {
    const source = sqlite('refuse-source');
    await fillCounty(source);
    const data = await exportData(nodeStore(source));
    const full = sqlite('refuse-full');
    await fillCounty(full);
    await expect(importData(nodeStore(full), data)).rejects.toThrow(/not empty/);
    const older = sqlite('refuse-older');
    await applyMigrations(older.engine, readMigrations().slice(0, 2));
    await expect(importData(nodeStore(older), data)).rejects.toThrow(TransferError);
  });

  it('refuses HMAC-SM3 data for the Worker, which keys IDs with HMAC-SHA256 only', async () => {
    const db = sqlite('sm3');
    await applyMigrations(db.engine, readMigrations());
    await db.prepare("INSERT INTO deployment_settings (key, value, created_at) VALUES ('id_hmac_algorithm', 'HMAC-SM3', 'now')").run();
    const data = await exportData(nodeStore(db));
    const target = { ...nodeStore(sqlite('sm3-target')), migrations: async () => data.header.migrations, tables: async () => data.header.tables, rows: async () => [] };
    await expect(importData(target, data, { toWorker: true })).rejects.toThrow(/HMAC-SHA256 only/);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../config';
import { openDatabase } from '../database';
import { applyMigrations, readMigrations } from '../storage/migrations';
import { exportData, fromJsonLines, importData, toJsonLines } from './index';
import { d1Store, nodeStore, type TableStore } from './tables';

/**
 * npm run data -- export --from <place> --out county.jsonl
 * npm run data -- import --to <place> --in county.jsonl
 *
 * <place>: d1:local (the D1 of `npm start`), d1:remote (Cloudflare's), d1:local:<folder> (a D1
 * state folder), sqlite:<file>, or postgres://user:password@host/database.
 */

function argument(args: string[], name: string): string {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? args[at + 1] : undefined;
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

async function open(place: string, migrate: boolean): Promise<{ store: TableStore; worker: boolean; close: () => Promise<void> }> {
  const d1 = /^d1:(local|remote)(?::(.+))?$/.exec(place);
  if (d1) {
    const target = { remote: d1[1] === 'remote', persistTo: d1[2] };
    if (migrate) {
      const where = target.remote ? ['--remote'] : ['--local', ...(target.persistTo ? ['--persist-to', target.persistTo] : [])];
      execFileSync('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', ...where], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
      });
    }
    return { store: d1Store(target), worker: true, close: async () => {} };
  }
  const db = openDatabase(place);
  if (migrate) await applyMigrations(db.engine, readMigrations());
  return { store: nodeStore(db), worker: false, close: () => db.close() };
}

async function main(args: string[]): Promise<void> {
  const [command] = args;
  if (command === 'export') {
    const source = await open(argument(args, 'from'), false);
    try {
      const data = await exportData(source.store, { fromWorker: source.worker });
      writeFileSync(argument(args, 'out'), toJsonLines(data));
      const rows = data.tables.reduce((sum, t) => sum + t.rows.length, 0);
      process.stdout.write(`exported ${rows} rows of ${data.tables.length} tables (migrations up to ${data.header.migrations.at(-1)})\n`);
    } finally {
      await source.close();
    }
    return;
  }
  if (command === 'import') {
    const data = fromJsonLines(readFileSync(argument(args, 'in'), 'utf8'));
    const target = await open(argument(args, 'to'), true);
    try {
      const rows = await importData(target.store, data, { toWorker: target.worker });
      process.stdout.write(`imported ${rows} rows of ${data.tables.length} tables\n`);
    } finally {
      await target.close();
    }
    return;
  }
  throw new Error('usage: npm run data -- export --from <place> --out <file> | import --to <place> --in <file>');
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

#!/usr/bin/env node
// `npm run backup`: exports the local D1 database (the one `npm start` uses) to a SQL file —
// schema, every row, the migrations table — with `wrangler d1 export`.
//
//   npm run backup                                  → backups/roster-check-<UTC time>.sql
//   npm run backup -- --output my.sql
//   npm run backup -- --config other/wrangler.toml  the local database beside another config
//   npm run backup -- --remote                      the production database (Cloudflare D1)
//
// Restore into an empty database: `npx wrangler d1 execute DB --local --file <export>.sql`
// (README, "Reliability and operations"). Exports hold person-ID HMACs and sealed tables, not
// ID numbers; keep them as carefully as the database, with the ID_HMAC_KEY kept apart.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, root, wrangler } from './worker-lib.mjs';

/**
 * Exports a D1 database to `output`; returns the file's path.
 *
 * @example
 * exportDatabase({ output: 'backups/today.sql' });
 */
export function exportDatabase({ output, config = join(root, 'wrangler.toml'), remote = false } = {}) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = resolve(output ?? join(root, 'backups', `roster-check-${remote ? 'remote' : 'local'}-${stamp}.sql`));
  mkdirSync(dirname(file), { recursive: true });
  wrangler(['d1', 'export', 'DB', remote ? '--remote' : '--local', '--config', config, '--output', file, '--skip-confirmation'], { quiet: true });
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  try {
    const file = exportDatabase({
      output: typeof args.output === 'string' ? args.output : undefined,
      config: typeof args.config === 'string' ? resolve(args.config) : undefined,
      remote: args.remote === true,
    });
    console.log(`exported ${args.remote ? 'the production' : 'the local'} database to ${file}`);
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    process.exit(1);
  }
}

#!/usr/bin/env node
// Seeds criteria version 1 from a document core ships, when the database has no version yet
// (`npm start` does this locally; run it once with --remote after the first deploy).
//
//   node scripts/seed-criteria.mjs [--profile default|monitoring] [--remote]
import { criteriaSeedSql, executeSql, parseArgs, shippedCriteria } from './worker-lib.mjs';

const args = parseArgs(process.argv.slice(2));
try {
  const document = shippedCriteria(typeof args.profile === 'string' ? args.profile : 'default');
  executeSql(criteriaSeedSql(document, 'scripts/seed-criteria.mjs'), { remote: Boolean(args.remote) });
  console.log(`criteria version 1 = shipped "${document.profile}" document (unless a version already existed)`);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exit(1);
}

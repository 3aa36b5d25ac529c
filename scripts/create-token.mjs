#!/usr/bin/env node
// Creates a bearer token directly in D1 — the way to get the first admin token (after that,
// admins use POST /api/v1/admin/tokens). Prints the secret once; only its SHA-256 is stored.
//
//   node scripts/create-token.mjs --role admin --label "县扶贫办 管理员" [--remote]
//   node scripts/create-token.mjs --role clerk --township 新哨镇 --label "新哨镇 录入员"
import { executeSql, newToken, parseArgs, tokenSql } from './worker-lib.mjs';

const args = parseArgs(process.argv.slice(2));
if (!args.role || args.help) {
  console.error('usage: node scripts/create-token.mjs --role admin|county|clerk [--township 乡镇] [--label text] [--remote]');
  process.exit(args.help ? 0 : 2);
}
try {
  const token = newToken({ role: args.role, township: args.township ?? null, label: args.label ?? `${args.role} token` });
  executeSql(tokenSql(token, 'scripts/create-token.mjs'), { remote: Boolean(args.remote) });
  console.log(`${token.role} token${token.township ? ` for ${token.township}` : ''} (id ${token.id}); shown only now:`);
  console.log(token.token);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exit(1);
}

#!/usr/bin/env node
// `npm start`: the Worker locally, ready to use on a fresh clone after `npm install`.
//  1. .dev.vars with a generated ID_HMAC_KEY (git-ignored) unless one exists;
//  2. D1 migrations applied to the local database (.wrangler/state);
//  3. criteria version 1 seeded from core's default document (only if no version exists);
//  4. development tokens — one clerk per default township, one county, one admin — inserted,
//     printed and written to .dev-tokens.json (git-ignored; reused on the next start);
//  5. `wrangler dev` (local D1, no telemetry) until Ctrl-C or SIGTERM, which stop wrangler and
//     workerd too.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyMigrations,
  criteriaSeedSql,
  executeSql,
  newToken,
  root,
  shippedCriteria,
  signalGroup,
  tokenSql,
  wranglerLive,
} from './worker-lib.mjs';

const devVars = join(root, '.dev.vars');
const tokensFile = join(root, '.dev-tokens.json');
const port = process.env.PORT ?? '8787';

function ensureSecret() {
  const current = existsSync(devVars) ? readFileSync(devVars, 'utf8') : '';
  if (/^ID_HMAC_KEY\s*=/m.test(current)) return;
  const line = `ID_HMAC_KEY=${randomBytes(32).toString('hex')}\n`;
  writeFileSync(devVars, current && !current.endsWith('\n') ? `${current}\n${line}` : current + line);
  console.log('• generated ID_HMAC_KEY in .dev.vars');
}

function devTokens(townships) {
  if (existsSync(tokensFile)) {
    const saved = JSON.parse(readFileSync(tokensFile, 'utf8'));
    if (Array.isArray(saved.tokens) && saved.tokens.length > 0) return saved.tokens;
  }
  return [
    newToken({ role: 'admin', label: '开发 管理员 admin' }),
    newToken({ role: 'county', label: '开发 县级 county' }),
    ...townships.map((township) => newToken({ role: 'clerk', township, label: `开发 ${township} 录入员` })),
  ];
}

function main() {
  ensureSecret();
  console.log('• applying D1 migrations (local)…');
  applyMigrations();
  const criteria = shippedCriteria('default');
  const tokens = devTokens(criteria.townships.map((t) => t.name));
  console.log('• seeding criteria version 1 (if absent) and development tokens…');
  executeSql(criteriaSeedSql(criteria) + tokens.map((token) => tokenSql(token, 'npm start')).join(''));
  writeFileSync(
    tokensFile,
    `${JSON.stringify({ note: 'Development tokens for the local Worker only. Never use in production.', baseUrl: `http://localhost:${port}`, tokens }, null, 2)}\n`,
  );

  console.log('\nDevelopment tokens (also in .dev-tokens.json):');
  for (const t of tokens) console.log(`  ${t.role.padEnd(6)} ${(t.township ?? '').padEnd(6, '　')}  ${t.token}`);
  console.log(`\nAPI: http://localhost:${port}/api/v1   docs: http://localhost:${port}/api/docs\n`);

  const inspector = process.env.INSPECTOR_PORT ? ['--inspector-port', process.env.INSPECTOR_PORT] : [];
  const dev = wranglerLive(['dev', '--local', '--port', port, ...inspector, '--show-interactive-dev-session=false']);
  // A service manager stops us with SIGTERM, a terminal with SIGINT (Ctrl-C), a closed session
  // with SIGHUP: each is passed to wrangler and workerd (their own process group), SIGKILL
  // after 10 s, and whatever of the group outlives wrangler is ended when it exits.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    signalGroup(dev, 'SIGTERM');
    setTimeout(() => signalGroup(dev, 'SIGKILL'), 10_000).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
  // `npm start` runs us through `sh -c "exec node …"` so npm's forwarded SIGTERM reaches this
  // process; should whoever started us die without a word (SIGKILL), stop rather than linger.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop(), 1000).unref();
  dev.on('exit', (code) => {
    signalGroup(dev, 'SIGKILL');
    process.exit(stopping ? 0 : (code ?? 1));
  });
}

try {
  main();
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exit(1);
}

// Shared helpers for the Worker's local tools (start, tokens, criteria seed): run wrangler,
// build the few SQL statements they need, make tokens exactly as the Worker does
// (worker/tokens: "rc_" + 32 random bytes base64url, stored as hex SHA-256).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wranglerBin = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const tsxBin = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** wrangler's environment: no telemetry, never an interactive prompt. */
export const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '1' };

/** Runs wrangler to completion; throws with its output when it fails. */
export function wrangler(args, { quiet = false } = {}) {
  const result = spawnSync(process.execPath, [wranglerBin, ...args], {
    cwd: root,
    env: wranglerEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  if (!quiet) process.stdout.write(result.stdout);
  return result.stdout;
}

/**
 * Starts a long-running wrangler (dev) printing to the terminal, in its own process group
 * (wrangler and the workerd it starts), so `stopGroup` can end both at once. Its stdin is not
 * the terminal: a process group in the background that reads the terminal would be stopped.
 */
export function wranglerLive(args) {
  return spawn(process.execPath, [wranglerBin, ...args], { cwd: root, env: wranglerEnv, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
}

/** Sends a signal to a child's whole process group; false when it is gone already. */
export function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Runs SQL against the D1 binding DB, locally or on Cloudflare (--remote), through a temp file. */
export function executeSql(sql, { remote = false } = {}) {
  const file = join(root, '.wrangler', 'tmp', `roster-${process.pid}-${Date.now()}.sql`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, sql);
  return wrangler(['d1', 'execute', 'DB', remote ? '--remote' : '--local', '--file', file, '--yes'], { quiet: true });
}

export function applyMigrations({ remote = false } = {}) {
  return wrangler(['d1', 'migrations', 'apply', 'DB', remote ? '--remote' : '--local'], { quiet: true });
}

/** A SQL string literal (single quotes doubled); NULL for null/undefined. */
export function sqlString(value) {
  return value === null || value === undefined ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`;
}

export function generateToken() {
  return `rc_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token) {
  return createHash('sha256').update(token).digest('hex');
}

/** A token record ready to insert (the secret is only in the returned object). */
export function newToken({ role, township = null, label }) {
  if (!['clerk', 'county', 'admin'].includes(role)) throw new Error(`unknown role ${role}`);
  if (role === 'clerk' && !township) throw new Error('a clerk token needs --township');
  return { id: randomUUID(), token: generateToken(), role, township: role === 'clerk' ? township : null, label };
}

/** INSERT OR IGNORE: re-running with the same token (from .dev-tokens.json) changes nothing. */
export function tokenSql({ id, token, role, township, label }, createdBy = 'scripts') {
  return `INSERT OR IGNORE INTO tokens (id, hash, role, township, label, created_at, created_by) VALUES (${[
    id,
    hashToken(token),
    role,
    township,
    label,
    new Date().toISOString(),
    createdBy,
  ]
    .map(sqlString)
    .join(', ')});\n`;
}

/** Version 1 from a shipped document, only when no version exists (never overwrites). */
export function criteriaSeedSql(document, author = 'npm start') {
  return `INSERT INTO criteria_versions (version, profile, document, author, note, created_at)
SELECT 1, ${sqlString(document.profile)}, ${sqlString(JSON.stringify(document))}, ${sqlString(author)}, ${sqlString(
    `shipped ${document.profile} criteria`,
  )}, ${sqlString(new Date().toISOString())}
WHERE NOT EXISTS (SELECT 1 FROM criteria_versions);\n`;
}

/** A shipped criteria document from core, read through tsx (core is TypeScript). */
export function shippedCriteria(profile = 'default') {
  const code = `import { profiles } from './core/index.ts'; process.stdout.write(JSON.stringify(profiles[${JSON.stringify(
    profile,
  )}] ?? null));`;
  const result = spawnSync(process.execPath, [tsxBin, '--eval', code], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not load the ${profile} criteria from core:\n${result.stderr}`);
  const document = JSON.parse(result.stdout);
  if (!document) throw new Error(`core ships no criteria profile "${profile}"`);
  return document;
}

/** `--name value` and `--flag` arguments. */
export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args[arg.slice(2)] = true;
    else {
      args[arg.slice(2)] = next;
      i++;
    }
  }
  return args;
}

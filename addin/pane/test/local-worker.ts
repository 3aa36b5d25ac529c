/**
 * The real Worker, run locally for the pane's browser tests and bench: `wrangler dev` on free
 * loopback ports with its own fresh D1 (migrations applied, criteria seeded, tokens created),
 * serving the built pane from dist/public exactly as `npm start` does.
 *
 * @example
 * const worker = await startLocalWorker();
 * await page.goto(worker.url);              // the pane, same origin as /api
 * await worker.stop();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCriteria } from '../../../core/index';

const root = join(import.meta.dirname, '..', '..', '..');
const wranglerBin = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' };

export interface LocalWorker {
  url: string;
  tokens: { clerk: string; otherClerk: string; county: string; admin: string };
  clerkTownship: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function wrangler(args: string[]): string {
  const r = spawnSync(process.execPath, [wranglerBin, ...args], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const sql = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);

function tokenRow(role: string, township: string | null): { token: string; statement: string } {
  const token = `rc_${randomBytes(32).toString('base64url')}`;
  const hash = createHash('sha256').update(token).digest('hex');
  const values = [randomUUID(), hash, role, township, `test ${role} ${township ?? ''}`.trim(), new Date().toISOString(), 'pane tests'];
  return { token, statement: `INSERT INTO tokens (id, hash, role, township, label, created_at, created_by) VALUES (${values.map(sql).join(', ')});\n` };
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`wrangler dev did not answer within 90 s:\n${log()}`);
}

/** Starts the Worker with a fresh local D1; the pane must have been built into dist/public. */
export async function startLocalWorker(options: { clerkTownship?: string } = {}): Promise<LocalWorker> {
  const state = mkdtempSync(join(tmpdir(), 'roster-pane-d1-'));
  const clerkTownship = options.clerkTownship ?? '新哨镇';
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);
  const tokens = {
    clerk: tokenRow('clerk', clerkTownship),
    otherClerk: tokenRow('clerk', '虹溪镇'),
    county: tokenRow('county', null),
    admin: tokenRow('admin', null),
  };
  const seed = `INSERT INTO criteria_versions (version, profile, document, author, note, created_at) VALUES (1, 'default', ${sql(
    JSON.stringify(defaultCriteria),
  )}, 'pane tests', 'shipped default criteria', ${sql(new Date().toISOString())});\n`;
  const file = join(state, 'seed.sql');
  writeFileSync(file, seed + Object.values(tokens).map((t) => t.statement).join(''));
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', state, '--file', file, '--yes']);

  const port = await freePort();
  const inspector = await freePort();
  const child = spawn(
    process.execPath,
    [wranglerBin, 'dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', state, '--var', `ID_HMAC_KEY:${randomBytes(16).toString('hex')}`, '--show-interactive-dev-session=false'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output.slice(-4000));
  return {
    url,
    clerkTownship,
    tokens: { clerk: tokens.clerk.token, otherClerk: tokens.otherClerk.token, county: tokens.county.token, admin: tokens.admin.token },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(state, { recursive: true, force: true });
    },
  };
}

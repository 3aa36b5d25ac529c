import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { readPersons } from '../worker/ids/person-record';
import { townshipRoster } from '../worker/test/roster';
import { freePort } from './test/postgres-server';

/**
 * `npm run serve`'s entry as a real process: what an operator sees on the first and later starts,
 * what a gateway sees over HTTP, and what SIGTERM does to a request in flight.
 */

const KEY = 'self-hosting-main-test-key-0123456789abcdef';
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roster-serve-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'public', 'offline'), { recursive: true });
  writeFileSync(join(dir, 'public', 'index.html'), '<!doctype html><title>花名册校验</title>');
  writeFileSync(join(dir, 'public', 'offline', 'index.html'), '<!doctype html><title>离线校验</title>');
  return dir;
}

const SOURCE = ['--import', 'tsx', join(import.meta.dirname, 'main.ts')];

async function start(dir: string, env: Record<string, string> = {}, entry = SOURCE): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, entry, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, PUBLIC_DIR: join(dir, 'public'), ID_HMAC_KEY: KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const running = { child, port, stdout: () => out, stderr: () => err, exited };
  await Promise.race([
    (async () => {
      while (!out.includes('"event":"listening"')) await new Promise((resolve) => setTimeout(resolve, 50));
    })(),
    exited.then((code) => {
      throw new Error(`the server exited (${code}): ${err}`);
    }),
  ]);
  return running;
}

function url(server: Running, path: string): string {
  return `http://127.0.0.1:${server.port}${path}`;
}

function adminToken(server: Running): string {
  return /(rc_[\w-]+)/.exec(server.stderr())![1];
}

async function countyToken(server: Running, admin: string): Promise<string> {
  const res = await fetch(url(server, '/api/v1/admin/tokens'), {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'county', label: '县 county' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe('npm run serve', () => {
  it('prepares an empty database, prints the first admin token once, serves the pane and the API, logs JSON without secrets', async () => {
    const dir = dataDir();
    const server = await start(dir);
    const admin = adminToken(server);
    const pane = await fetch(url(server, '/'));
    expect(pane.status).toBe(200);
    expect(await pane.text()).toContain('花名册校验');
    expect(pane.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await (await fetch(url(server, '/offline/'))).text()).toContain('离线校验');
    expect((await fetch(url(server, '/../../etc/passwd'))).status).toBe(404);
    const criteria = await fetch(url(server, '/api/v1/criteria'), { headers: { authorization: `Bearer ${admin}` } });
    expect(criteria.status).toBe(200);
    expect(((await criteria.json()) as { version: number }).version).toBe(1);
    expect((await fetch(url(server, '/api/v1/criteria'))).status).toBe(401);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const lines = server.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.event === 'database_ready')).toMatchObject({ dialect: 'sqlite', criteriaSeeded: true, idHmacAlgorithm: 'HMAC-SHA256' });
    expect(lines.filter((line) => line.event === 'request').map((line) => [line.method, line.path, line.status])).toContainEqual([
      'GET',
      '/api/v1/criteria',
      200,
    ]);
    expect(server.stdout() + server.stderr()).not.toContain(KEY);
    expect(server.stdout()).not.toContain(admin);

    const again = await start(dir);
    expect(again.stderr()).not.toContain('rc_');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('finishes a submission in flight on SIGTERM and keeps it', async () => {
    const dir = dataDir();
    const server = await start(dir);
    const county = await countyToken(server, adminToken(server));
    const body = Buffer.from(JSON.stringify({ period: '2024', township: '新哨镇', ...townshipRoster('新哨镇', 1, 200) }));
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(url(server, '/api/v1/submissions'), {
        method: 'POST',
        headers: { authorization: `Bearer ${county}`, 'content-type': 'application/json', 'content-length': body.length },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      // Half the body now, SIGTERM, the rest after: the request is in flight when the signal comes.
      req.write(body.subarray(0, body.length >> 1));
      setTimeout(() => server.child.kill('SIGTERM'), 200);
      setTimeout(() => req.end(body.subarray(body.length >> 1)), 700);
    });
    const { status, text } = await answer;
    expect(status, text).toBe(201);
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('"event":"stopping"');

    const again = await start(dir);
    const list = await fetch(url(again, '/api/v1/submissions?period=2024'), { headers: { authorization: `Bearer ${county}` } });
    expect(((await list.json()) as { households: number }[]).map((s) => s.households)).toEqual([200]);
    again.child.kill('SIGTERM');
    await again.exited;
  });

  it('keys person IDs with HMAC-SM3 when chosen, and refuses to start with another algorithm afterwards', async () => {
    const dir = dataDir();
    const server = await start(dir, { ID_HMAC_ALGORITHM: 'HMAC-SM3' });
    const county = await countyToken(server, adminToken(server));
    const roster = townshipRoster('新哨镇', 1, 3);
    const res = await fetch(url(server, '/api/v1/submissions'), {
      method: 'POST',
      headers: { authorization: `Bearer ${county}`, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2024', township: '新哨镇', ...roster }),
    });
    expect(res.status).toBe(201);
    server.child.kill('SIGTERM');
    await server.exited;

    const db = new Database(join(dir, 'roster.db'), { readonly: true });
    const stored = db.prepare('SELECT person_ids FROM households ORDER BY row').all() as { person_ids: string }[];
    db.close();
    const firstMember = String(roster.members[2][2]);
    expect(readPersons(stored[0].person_ids)[0].hmac).toBe(createHmac('sm3', KEY).update(firstMember).digest('hex').slice(0, 24));

    const refused = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts')], {
      env: { ...process.env, PORT: String(await freePort()), DATA_DIR: dir, ID_HMAC_KEY: KEY, ID_HMAC_ALGORITHM: 'HMAC-SHA256' },
    });
    let err = '';
    refused.stderr.on('data', (chunk) => (err += chunk));
    expect(await new Promise((resolve) => refused.on('exit', resolve))).toBe(1);
    expect(err).toContain('HMAC-SM3');
    expect(err).toContain('不能更改');
  });

  it('runs as the bundle npm run serve, the Dockerfile and the systemd unit start', async () => {
    const outfile = join(import.meta.dirname, '..', 'dist', 'server', 'main.mjs');
    await build({ entryPoints: [join(import.meta.dirname, 'main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' });
    const dir = dataDir();
    const credentials = join(dir, 'credentials');
    mkdirSync(credentials);
    writeFileSync(join(credentials, 'id_hmac_key'), `${KEY}\n`);
    const server = await start(dir, { ID_HMAC_KEY: '', CREDENTIALS_DIRECTORY: credentials }, [outfile]);
    expect((await fetch(url(server, '/healthz'))).status).toBe(200);
    expect(server.stdout()).toContain(`"idHmacKeyFrom":"${join(credentials, 'id_hmac_key')}"`);
    expect(server.stdout()).toContain('"migrationsApplied":["0001_init.sql"');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('reads the key from a file and refuses a short one', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'key'), 'too-short\n');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts')], {
      env: { ...process.env, PORT: String(await freePort()), DATA_DIR: dir, ID_HMAC_KEY: '', ID_HMAC_KEY_FILE: join(dir, 'key') },
    });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
    expect(err).toContain('at least 32');
    expect(readFileSync(join(dir, 'key'), 'utf8')).toBe('too-short\n');
  });
});

/**
 * The Worker as `wrangler dev` runs it locally (workerd + a local D1 in a persistence directory),
 * on a free loopback port, in its own process group so it can be stopped — or killed like a
 * crashed machine (SIGKILL to wrangler and workerd at once) and started again on the same data.
 *
 * @example
 * const worker = await LocalWorker.prepare({ persistTo, hmacKey });
 * await worker.start();
 * worker.crash(); await worker.start();
 * await worker.stop();
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const HOST = '127.0.0.1';
// The project root: where npm runs every script and bench (the bench runs as a bundle from bench/out/).
export const ROOT = process.cwd();
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A free loopback TCP port (asked of the OS, never hard-coded). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs wrangler to completion; throws with its output when it fails. */
export function wrangler(args: string[]): string {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: ENV, encoding: 'utf8', maxBuffer: 512 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** SQL statements' result rows from the local D1 in `persistTo` (one array per statement). */
export function queryLocal(persistTo: string, sql: string): Record<string, unknown>[][] {
  const file = join(persistTo, `query-${process.pid}-${Date.now()}.sql`);
  writeFileSync(file, sql);
  const out = wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file, '--json', '--yes']);
  const parsed = JSON.parse(out.slice(out.indexOf('['))) as { results: Record<string, unknown>[] }[];
  return parsed.map((statement) => statement.results);
}

/** Applies the migrations and runs `seedSql` against the local D1 in `persistTo`. */
export function prepareDatabase(persistTo: string, seedSql: string): void {
  mkdirSync(persistTo, { recursive: true });
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]);
  if (!seedSql) return;
  const file = join(persistTo, 'seed.sql');
  writeFileSync(file, seedSql);
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file, '--yes']);
}

export class LocalWorker {
  private child: ChildProcess | null = null;
  private exited = true;
  private output: string[] = [];
  baseUrl = '';

  constructor(private readonly options: { persistTo: string; hmacKey: string }) {}

  /** Starts wrangler dev on a new free port and waits for /healthz. */
  async start(timeoutMs = 180_000): Promise<number> {
    const port = await freePort();
    const inspector = await freePort();
    this.baseUrl = `http://${HOST}:${port}`;
    const args = [WRANGLER, 'dev', '--local', '--ip', HOST, '--port', String(port), '--inspector-port', String(inspector),
      '--persist-to', this.options.persistTo, '--var', `ID_HMAC_KEY:${this.options.hmacKey}`,
      '--show-interactive-dev-session=false', '--log-level', 'warn'];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    this.exited = false;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 100) this.output.splice(0, this.output.length - 100);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', () => (this.exited = true));
    const t0 = performance.now();
    while (performance.now() - t0 < timeoutMs) {
      if (this.exited) throw new Error(`wrangler dev exited before /healthz answered:\n${this.tail()}`);
      try {
        if ((await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`/healthz did not answer within ${timeoutMs / 1000} s:\n${this.tail()}`);
  }

  tail(): string {
    return this.output.join('').split('\n').slice(-30).join('\n');
  }

  /** SIGKILL to wrangler and workerd at once: nothing is flushed, nothing finishes. */
  async crash(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM to the process group, SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (!(await this.signal('SIGTERM', 5000))) await this.signal('SIGKILL');
  }

  private async signal(sig: NodeJS.Signals, waitMs = 5000): Promise<boolean> {
    const child = this.child;
    if (!child?.pid || this.exited) return true;
    const gone = new Promise<boolean>((r) => child.once('exit', () => r(true)));
    try {
      process.kill(-child.pid, sig);
    } catch {
      return true;
    }
    const done = await Promise.race([gone, sleep(waitMs).then(() => false)]);
    // workerd may outlive wrangler's exit by a moment: wait until its port is closed.
    return done;
  }
}

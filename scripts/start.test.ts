import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../bench/local-worker';

// `npm start` stopped as a service manager stops it: SIGTERM to the npm process only. Every
// process it started (sh, node, wrangler, workerd) must be gone and the port closed.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('stops wrangler and workerd when the npm process gets SIGTERM', async () => {
    const port = await freePort();
    const inspector = await freePort();
    const npm: ChildProcess = spawn('npm', ['start'], {
      env: { ...process.env, PORT: String(port), INSPECTOR_PORT: String(inspector), PROTOCOL: 'http' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout?.on('data', (d) => (output += d));
    npm.stderr?.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
    const url = `http://127.0.0.1:${port}/healthz`;
    let started: number[] = [];
    try {
      const t0 = Date.now();
      while (!(await healthy(url))) {
        if (Date.now() - t0 > 180_000 || npm.exitCode !== null) throw new Error(`npm start did not come up:\n${output.slice(-3000)}`);
        await sleep(300);
      }
      started = descendants(npm.pid!);
      expect(started.length).toBeGreaterThanOrEqual(3); // node start.mjs → node wrangler → … → workerd
      process.kill(npm.pid!, 'SIGTERM');
      const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout')]);
      expect(code, output.slice(-2000)).not.toBe('timeout');
      // npm may exit first; wrangler then has 10 s to stop workerd before start.mjs kills the group.
      for (let t = 0; t < 150 && started.some(alive); t++) await sleep(100);
      expect(started.filter(alive), 'processes left running').toEqual([]);
      expect(await healthy(url)).toBe(false);
    } finally {
      for (const pid of [npm.pid!, ...started]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 300_000);
});

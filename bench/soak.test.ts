import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportDatabase } from '../scripts/backup.mjs';
import { LocalWorker, wrangler } from './local-worker';
import { runSoak, SHORT, type SoakResult } from './soak';

// The short soak (one fault, a few small rosters) against wrangler dev, then the backup drill on
// the database it leaves: `npm run backup`'s export restored into a fresh database answers every
// report exactly as the original does.
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

let soak: SoakResult;

describe('soak (short form)', () => {
  it('survives a Worker killed mid-load: lost 0, duplicated 0, half-written 0, chains intact, report = core', async () => {
    const lines: string[] = [];
    soak = await runSoak({ ...SHORT, keepDatabase: true, log: (line) => lines.push(line) });
    cleanup.push(soak.projectDir!);
    console.log(lines.join('\n'));
    expect(soak.problems).toEqual([]);
    const f = soak.figures;
    expect(f.soak_faults).toBe(SHORT.faults);
    expect(f.soak_acknowledged).toBe(SHORT.clerks * SHORT.rounds);
    expect([f.soak_lost, f.soak_duplicated, f.soak_half_written, f.soak_chain_broken, f.soak_report_mismatches]).toEqual([0, 0, 0, 0, 0]);
  }, 600_000);

  it('backup drill: the export restored into a fresh database gives identical reports', async () => {
    expect(soak?.projectDir).toBeTruthy();
    const file = exportDatabase({ output: join(soak.projectDir!, 'backup.sql'), config: join(soak.projectDir!, 'wrangler.toml') });
    const fresh = mkdtempSync(join(tmpdir(), 'roster-restore-'));
    cleanup.push(fresh);
    wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', fresh, '--file', file, '--yes']);

    const original = new LocalWorker({ persistTo: join(soak.projectDir!, '.wrangler', 'state'), hmacKey: soak.hmacKey });
    const restored = new LocalWorker({ persistTo: fresh, hmacKey: soak.hmacKey });
    try {
      await Promise.all([original.start(), restored.start()]);
      const county = soak.tokens.county.token;
      const reads: [string, string][] = [
        ['/api/v1/reports/summary?period=2020', county],
        ['/api/v1/reports/summary?period=2020&format=csv', county],
        ['/api/v1/reports/issues?period=2020', county],
        ['/api/v1/reports/duplicates?period=2020', county],
        ['/api/v1/submissions', county],
        ['/api/v1/criteria', county],
        ['/api/v1/admin/tokens', soak.tokens.admin.token],
        ['/api/v1/admin/audit?limit=1000', soak.tokens.admin.token],
      ];
      for (const [path, token] of reads) {
        const get = async (worker: LocalWorker) => {
          const res = await fetch(`${worker.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
          const text = await res.text();
          // When a token was last used is noted by every read, at its own moment in each database.
          return `${res.status} ${path.includes('/admin/tokens') ? JSON.stringify(JSON.parse(text).map(({ lastUsedAt: _, ...token }: Record<string, unknown>) => token)) : text}`;
        };
        const [a, b] = await Promise.all([get(original), get(restored)]);
        expect(a.startsWith('200 '), `${path}: ${a.slice(0, 200)}`).toBe(true);
        expect(b, path).toBe(a);
      }
    } finally {
      await Promise.all([original.stop(), restored.stop()]);
    }
  }, 600_000);
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRoster } from '../bench/roster';
import { main, type Io } from '../cli/main';
import { writeRosterWorkbook } from '../cli/testing/workbooks';
import { openWorkbook } from '../cli/xlsx/read';
import { startLocalWorker, type LocalWorker } from '../addin/pane/test/local-worker';

/**
 * The real Worker (wrangler dev, local D1) serving the offline page at /offline/ from
 * dist/public, and the command line against its real API.
 */

const dir = mkdtempSync(join(tmpdir(), 'offline-worker-'));
let worker: LocalWorker;
let browser: Browser;
let file = '';

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: { ROSTER_CHECK_CACHE: join(dir, 'cache'), ...env }, tty: false };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  worker = await startLocalWorker();
  const roster = generateRoster(60, 41, { dirtyRate: 0.2 });
  const col = roster.households[0].indexOf('乡镇');
  const households = roster.households.map((r, i) => (i === 0 ? r : r.map((v, j) => (j === col ? worker.clerkTownship : v))));
  file = join(dir, 'roster.xlsx');
  await writeRosterWorkbook(file, { households, members: roster.members });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe('with the real Worker', () => {
  it('serves the offline page at /offline/, which takes the county\'s current criteria with a token and sends nothing else', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const seen: { method: string; url: string; body: string | null }[] = [];
    context.on('request', (r) => seen.push({ method: r.method(), url: r.url(), body: r.postData() }));
    const p = await context.newPage();
    await p.goto(`${worker.url}/offline/`);
    expect(await p.title()).toBe('花名册离线校验');
    await p.fill('#token', worker.tokens.clerk);
    await p.click('#connect');
    await expect.poll(() => p.textContent('#criteria')).toContain('县服务当前第 1 版');
    await p.setInputFiles('#file', file);
    await p.waitForSelector('#result:not([hidden])');
    expect(await p.textContent('#summary')).toMatch(/^60 户，/);
    for (const r of seen) {
      expect(r.method).toBe('GET');
      expect(r.body).toBeNull();
      // The page, the criteria, and the page's own Web Worker script (a blob: URL made in the page).
      if (!r.url.startsWith(`blob:${worker.url}/`)) expect([`${worker.url}/offline/`, `${worker.url}/api/v1/criteria`]).toContain(r.url.replace(/\?.*$/, ''));
    }
    await context.close();
  });

  it('the command line checks with the service\'s criteria, submits, and reads the county report', async () => {
    const clerk = { ROSTER_CHECK_SERVER: worker.url, ROSTER_CHECK_TOKEN: worker.tokens.clerk };
    const checked = await cli(['check', file, '--period', '2020'], clerk);
    expect(checked.err).toContain('县服务第 1 版');
    expect([0, 1]).toContain(checked.code);
    const submitted = await cli(['submit', file, '--period', '2020'], clerk);
    expect(submitted.err).toBe('');
    expect(submitted.out).toMatch(new RegExp(`^已提交 ${worker.clerkTownship} 2020：提交编号 \\S+，60 户，评价标准第 1 版`));
    const county = { ROSTER_CHECK_SERVER: worker.url, ROSTER_CHECK_TOKEN: worker.tokens.county };
    const out = join(dir, 'summary.xlsx');
    const report = await cli(['report', 'summary', '--period', '2020', '--out', out], county);
    expect(report.code).toBe(0);
    const book = await openWorkbook(readFileSync(out));
    const rows = await book.readSheet(book.sheets[0]);
    expect(rows.some((r) => r.includes(worker.clerkTownship))).toBe(true);
    const refused = await cli(['report', 'summary', '--period', '2020'], clerk);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('县服务返回 403');
    const tokens = await cli(['tokens', 'list'], { ROSTER_CHECK_SERVER: worker.url, ROSTER_CHECK_TOKEN: worker.tokens.admin });
    expect(tokens.code).toBe(0);
    expect(tokens.out).toContain('county');
    for (const r of [checked, submitted, report, refused, tokens]) {
      for (const t of Object.values(worker.tokens)) expect(r.out + r.err).not.toContain(t);
    }
  });
});

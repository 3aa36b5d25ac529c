import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria } from '../core/index';
import { marksOf } from '../core/marks/index';
import { generateRoster } from '../bench/roster';
import { checkWorkbook, summaryLine } from '../cli/roster/check';
import { writeRosterWorkbook } from '../cli/testing/workbooks';
import { openWorkbook } from '../cli/xlsx/read';

const root = join(import.meta.dirname, '..');
const page = join(root, 'dist', 'public', 'offline', 'index.html');
const dir = mkdtempSync(join(tmpdir(), 'offline-page-'));
const TOKEN = 'rc_offline_page_token';

interface Seen {
  method: string;
  url: string;
  body: string;
}

let server: Server;
let origin = '';
const served: Seen[] = [];
let browser: Browser;
const roster = generateRoster(150, 31, { dirtyRate: 0.3 });
const file = join(dir, '新哨镇花名册.xlsx');

/** The Worker's origin in miniature: the built page at /offline/, and the criteria API. */
function serve(): Promise<void> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      served.push({ method: req.method ?? '', url: req.url ?? '', body });
      if (req.url === '/offline/' || req.url?.startsWith('/offline/?')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(readFileSync(page));
      } else if (req.url === '/api/v1/criteria') {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) {
          res.writeHead(401, { 'content-type': 'application/problem+json' });
          res.end('{}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ version: 9, document: defaultCriteria }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  await writeRosterWorkbook(file, { households: roster.households, members: roster.members, titleRows: ['新哨镇建档立卡户花名册'], merge: true });
  await serve();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Every request the browser makes from the page and its workers, with its body. */
function watch(context: BrowserContext): Seen[] {
  const seen: Seen[] = [];
  context.on('request', (r) => seen.push({ method: r.method(), url: r.url(), body: r.postData() ?? '' }));
  return seen;
}

/** Drops `path` on the page's drop zone, as a file dragged from the desktop. */
async function drop(p: Page, path: string): Promise<void> {
  const bytes = [...readFileSync(path)];
  const name = path.split('/').pop()!;
  await p.evaluate(
    ({ bytes, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { bytes, name },
  );
}

describe('the offline check page in Chromium', () => {
  it('drop a file: the summary and issues appear, the report downloads, and no request carries the file', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN' });
    const seen = watch(context);
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${origin}/offline/`);
    await expect.poll(() => p.textContent('#criteria')).toContain('评价标准：内置');
    await drop(p, file);
    await p.waitForSelector('#result:not([hidden])');

    const criteria = compileCriteria(defaultCriteria);
    const checked = await checkWorkbook(readFileSync(file), { criteria });
    const s = summaryLine(checked.result);
    expect(await p.textContent('#summary')).toBe(
      `${s.households} 户，${s.persons} 人，错误 ${s.errors}，警告 ${s.warnings}，可脱贫 ${s.eligible} 户，风险等级 一级 ${s.risk[1]} / 二级 ${s.risk[2]} / 三级 ${s.risk[3]}`,
    );
    const lines = checked.result.sheetIssues.length + [...checked.result.households, ...checked.result.members].reduce((n, r) => n + r.issues.length, 0);
    expect(await p.textContent('#issues-count')).toBe(`共 ${lines} 条`);
    // Filters: one severity, then one rule.
    await p.selectOption('#f-severity', 'warning');
    const warnings = await p.$$eval('#issues-body tr', (rows) => rows.map((r) => r.children[6].textContent));
    expect(warnings.length).toBeGreaterThan(0);
    expect(new Set(warnings)).toEqual(new Set(['警告']));
    await p.selectOption('#f-severity', '');
    const rule = checked.result.households.find((h) => h.issues.length)!.issues[0].rule;
    await p.selectOption('#f-rule', rule);
    const rules = await p.$$eval('#issues-body tr', (rows) => rows.map((r) => r.children[5].textContent));
    expect(new Set(rules)).toEqual(new Set([rule]));

    const [download] = await Promise.all([p.waitForEvent('download'), p.click('#download-report')]);
    expect(download.suggestedFilename()).toBe('新哨镇花名册.校验报告.xlsx');
    const report = await openWorkbook(readFileSync((await download.path())!));
    expect(report.sheets.map((x) => x.name)).toEqual(['校验结果', '评分结果', '汇总']);
    const marks = marksOf(checked.result);
    const reasons = [marks.households, marks.members].reduce((n, m) => n + [...m.cells, ...m.rows].reduce((k, c) => k + c.reasons.length, 0), 0);
    expect((await report.readSheet(report.sheets[0])).length - 1).toBe(reasons + checked.result.sheetIssues.length);
    expect((await report.readSheet(report.sheets[1])).length - 1).toBe(s.households);

    const [annotated] = await Promise.all([p.waitForEvent('download'), p.click('#download-annotated')]);
    const copy = await openWorkbook(readFileSync((await annotated.path())!));
    const original = await openWorkbook(readFileSync(file));
    expect(await copy.readSheet(copy.sheets[0])).toEqual(await original.readSheet(original.sheets[0]));

    // Nothing left the machine: only the page itself was fetched, no request had a body.
    const ids = checked.result.households.slice(0, 20).map((h) => h.householdId!);
    for (const r of seen) {
      expect(r.method).toBe('GET');
      expect(r.body).toBe('');
      expect(r.url.startsWith(`${origin}/offline/`) || r.url.startsWith('blob:')).toBe(true);
      for (const id of ids) expect(decodeURIComponent(r.url)).not.toContain(id);
    }
    expect(served.every((r) => r.body === '' && r.method === 'GET')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('uses the county\'s current criteria when the Worker answers, and says which', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const p = await context.newPage();
    await p.goto(`${origin}/offline/`);
    await p.fill('#token', TOKEN);
    await p.click('#connect');
    await expect.poll(() => p.textContent('#criteria')).toContain('县服务当前第 9 版');
    await p.fill('#token', 'wrong');
    await p.click('#connect');
    await expect.poll(() => p.textContent('#criteria')).toContain('无法连接县服务，或未填写令牌');
    await context.close();
  });

  it('a file that is not an .xlsx gets a clear sentence, in English too', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const p = await context.newPage();
    await p.goto(`${origin}/offline/`);
    const bad = join(dir, 'notes.xlsx');
    (await import('node:fs')).writeFileSync(bad, 'hello');
    await drop(p, bad);
    await expect.poll(() => p.textContent('#error')).toContain('不是 .xlsx 文件');
    await p.click('#lang');
    await drop(p, join(root, 'cli', 'fixtures', 'encrypted.xlsx'));
    await expect.poll(() => p.textContent('#error')).toContain('password-protected');
    await context.close();
  });

  it('works saved to disk: opened from a file, a file picked', async () => {
    const saved = join(dir, 'saved', 'roster-check-offline.html');
    (await import('node:fs')).mkdirSync(join(dir, 'saved'));
    copyFileSync(page, saved);
    const context = await browser.newContext({ locale: 'zh-CN' });
    const seen = watch(context);
    const p = await context.newPage();
    await p.goto(pathToFileURL(saved).href);
    await p.setInputFiles('#file', join(root, 'cli', 'fixtures', 'libreoffice-roster.xlsx'));
    await p.waitForSelector('#result:not([hidden])');
    expect(await p.textContent('#summary')).toMatch(/^40 户，145 人，错误 \d+，警告 \d+/);
    expect(seen.filter((r) => !r.url.startsWith('file:') && !r.url.startsWith('blob:'))).toEqual([]);
    await context.close();
  });
});

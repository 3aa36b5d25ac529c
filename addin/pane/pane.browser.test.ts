/**
 * The pane as a clerk uses it: real headless Chromium, the fake Excel injected, the real Worker
 * (wrangler dev, local D1) serving the built pane and the API. Marks and result sheets are
 * checked cell by cell against core's own results computed here.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRoster } from '../../bench/roster';
import { columnLetter, compileCriteria, defaultCriteria, evaluateRoster } from '../../core/index';
import { launchChromium, openPane } from './test/browser';
import { click, connect, editAndWait, expectedMarks, marksOf, paintedMarks, seedSheet, sheetNames, sheetValues, text } from './test/helpers';
import { startLocalWorker, type LocalWorker } from './test/local-worker';

let worker: LocalWorker;
let browser: Browser;

beforeAll(async () => {
  [worker, browser] = await Promise.all([startLocalWorker(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

const defaultCompiled = compileCriteria(defaultCriteria);

/** A default-profile roster of the clerk's township, with the sheets named as a clerk might. */
function roster(n: number, seed: number) {
  const r = generateRoster(n, seed);
  // Put every household in the clerk's township (the Worker checks it on submission).
  const township = (r.households[0] as string[]).indexOf('乡镇');
  for (let i = 1; i < r.households.length; i++) r.households[i][township] = worker.clerkTownship;
  return r;
}

describe('the pane outside Office', () => {
  it('says what it is and how to install it, with no broken UI', async () => {
    const page = await openPane(browser, worker.url, { fake: null });
    expect(await page.isVisible('#app')).toBe(false);
    expect(await text(page, '#outside')).toContain('manifest.xml');
    await page.context().close();
  });

  it('is served with a strict Content-Security-Policy', async () => {
    const res = await fetch(worker.url + '/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self'");
    expect((await fetch(worker.url + '/api/v1/me')).status).toBe(401);
  });
});

describe('validate, follow the fixes, clear, submit (default profile, 户表 + 人表)', () => {
  let page: Page;
  const log: string[] = [];
  const r = () => data;
  let data: ReturnType<typeof roster>;

  beforeAll(async () => {
    data = roster(150, 11);
    page = await openPane(browser, worker.url, { fake: { displayLanguage: 'zh-CN' }, log });
    await seedSheet(page, '说明', [['本工作簿是 2024 年底花名册'], ['由村里填报']]);
    await seedSheet(page, '成员', data.members);
    await seedSheet(page, '2024年户', data.households);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('connects: role and township shown, criteria from the server', async () => {
    expect(await text(page, '#validate')).toBe('校验');
    await connect(page, worker.tokens.clerk);
    expect(await text(page, '#connection-state')).toContain(worker.clerkTownship);
    expect(await text(page, '#criteria-line')).toContain('第 1 版');
    expect(await page.inputValue('#period')).toMatch(/^\d{4}$/);
  });

  it("validates: marks and result sheets equal core's results cell by cell", async () => {
    await page.fill('#period', '2020');
    await click(page, 'validate');
    expect(await text(page, '#message')).toMatch(/校验完成/);
    const result = evaluateRoster(defaultCompiled, { households: r().households, members: r().members, period: '2020', expectedTownship: worker.clerkTownship });
    const marks = marksOf(result);
    expect(await paintedMarks(page, '2024年户')).toEqual(expectedMarks(marks, 'households'));
    expect(await paintedMarks(page, '成员')).toEqual(expectedMarks(marks, 'members'));
    expect(marks.households.cells.length + marks.members.cells.length).toBeGreaterThan(0);

    // 校验结果: one line per issue, each naming its sheet, row, rule and message.
    const check = await sheetValues(page, '校验结果');
    const header = check.findIndex((row) => row[0] === '工作表');
    expect(check[header]).toEqual(['工作表', '行', '户编号', '列', '规则', '严重程度', '说明', '定位']);
    const lines = check.slice(header + 1).map((row) => `${row[0]}|${row[1]}|${row[4]}|${row[6]}`).sort();
    const issues = [
      ...result.households.flatMap((h) => h.issues.map((i) => `2024年户|${h.row}|${i.rule}|${i.message.zh}`)),
      ...result.members.flatMap((m) => m.issues.map((i) => `成员|${m.row}|${i.rule}|${i.message.zh}`)),
    ].sort();
    expect(lines).toEqual(issues);

    // 评分结果: one line per household — 户编号, township, indicators, score, 达标, 风险等级.
    const score = await sheetValues(page, '评分结果');
    const sh = score.findIndex((row) => row[0] === '户编号');
    const rows = score.slice(sh + 1);
    expect(rows.length).toBe(result.households.length);
    const n = defaultCompiled.indicators.length;
    result.households.forEach((h, i) => {
      const line = rows[i];
      expect(line[0]).toBe(h.householdId ?? '');
      expect(line[3 + n]).toBe(h.score);
      expect(line[4 + n]).toBe(h.exitEligible ? '是' : '否');
      expect(line[5 + n]).toBe(h.riskLevel);
      defaultCompiled.indicators.forEach((ind, j) => {
        const v = h.indicators[ind.key];
        expect(line[3 + j]).toBe(v === true ? '✓' : v === false ? '✗' : '?');
      });
    });

    // The summary in the pane, and the clerk's own cells untouched.
    expect(await text(page, '#summary-figures')).toContain(String(result.households.length));
    // The frequent problems are named in words (the rule id only as a small aside).
    const firstTop = await text(page, '#top-rules li:first-child');
    const [topRule] = firstTop.match(/规则 (\S+)$/)!.slice(1);
    const topIssue = [...result.households, ...result.members].flatMap((h) => h.issues).find((i) => i.rule === topRule)!;
    expect(firstTop.startsWith(topIssue.message.zh.slice(0, 4))).toBe(true);
    // The pickers say which sheets 自动识别 found.
    expect(await page.textContent('#household-sheet option[value=""]')).toBe('自动识别：2024年户');
    expect(await page.textContent('#member-sheet option[value=""]')).toBe('自动识别：成员');
    expect(await sheetValues(page, '2024年户')).toEqual(r().households.map((row) => row.map((v) => v ?? '')));
  });

  it('selecting a marked cell shows its reasons; 下一处 walks the marks', async () => {
    const result = evaluateRoster(defaultCompiled, { households: r().households, members: r().members, period: '2020', expectedTownship: worker.clerkTownship });
    const marks = marksOf(result);
    const first = marks.households.cells[0];
    const address = `${columnLetter(first.column)}${first.row}`;
    await page.evaluate(([s, a]) => globalThis.__fakeExcel.select(s, a), ['2024年户', address] as const);
    await page.waitForSelector('#reasons:not([hidden])');
    expect(await text(page, '#reasons-list')).toContain(first.reasons[0].message.zh);

    await page.click('#next');
    await page.waitForFunction(() => /第 \d+ \/ \d+ 处/.test(document.getElementById('position')!.textContent ?? ''));
    const selection = await page.evaluate(() => globalThis.__fakeExcel.selection());
    expect(selection.sheet).toBe('2024年户');
  });

  it('marks follow the fixes: a wrong value gets its mark, the fix loses it (read only the edited cell)', async () => {
    const result = evaluateRoster(defaultCompiled, { households: r().households, members: r().members, period: '2020', expectedTownship: worker.clerkTownship });
    const marks = marksOf(result);
    const marked = new Set(marks.households.cells.map((c) => c.row));
    const clean = result.households.find((h) => !marked.has(h.row) && !marks.households.rows.some((x) => x.row === h.row))!;
    const column = (r().households[0] as string[]).indexOf('贫困户属性');
    const address = `${columnLetter(column)}${clean.row}`;
    const original = r().households[clean.row - 1][column] as string;

    await page.evaluate(() => globalThis.__fakeExcel.resetStats());
    await editAndWait(page, '2024年户', address, [['某某户']]);
    expect((await paintedMarks(page, '2024年户')).get(`${clean.row},${column}`)).toBe('error');
    // Only the edited cell was read again: no sync answered with a sheet's worth of data.
    const syncs = (await page.evaluate(() => globalThis.__fakeExcel.syncs)) as { responseBytes: number }[];
    expect(Math.max(...syncs.map((s) => s.responseBytes))).toBeLessThan(20_000);

    await editAndWait(page, '2024年户', address, [[original]]);
    const painted = await paintedMarks(page, '2024年户');
    expect(painted.has(`${clean.row},${column}`)).toBe(false);
    expect(painted).toEqual(expectedMarks(marks, 'households'));
    expect(await page.evaluate(() => globalThis.__rosterPane.timings.recheck.totalMs)).toBeLessThan(1000);
  });

  it('submits: the server stores it and answers with its summary', async () => {
    await click(page, 'submit');
    await page.waitForSelector('#receipt:not([hidden])');
    expect(await text(page, '#receipt')).toContain(worker.clerkTownship);
    const list = (await (await fetch(`${worker.url}/api/v1/submissions?period=2020`, { headers: { Authorization: `Bearer ${worker.tokens.county}` } })).json()) as { township: string; households: number }[];
    expect(list).toHaveLength(1);
    expect(list[0].township).toBe(worker.clerkTownship);
    expect(list[0].households).toBe(150);
    // The token never appears in a URL or a log line.
    expect(log.filter((l) => l.includes(worker.tokens.clerk))).toEqual([]);
  });

  it('清除标记 removes everything the add-in added; validate twice + clear gives the same workbook', async () => {
    await click(page, 'clear');
    expect(await sheetNames(page)).toEqual(['说明', '成员', '2024年户']);
    for (const name of ['2024年户', '成员']) expect((await paintedMarks(page, name)).size).toBe(0);
    expect(await sheetValues(page, '成员')).toEqual(r().members.map((row) => row.map((v) => v ?? '')));
    const clean = await page.evaluate(() => globalThis.__fakeExcel.snapshot());
    await click(page, 'validate');
    const once = await page.evaluate(() => globalThis.__fakeExcel.snapshot());
    await click(page, 'validate');
    expect(await page.evaluate(() => globalThis.__fakeExcel.snapshot())).toEqual(once);
    await click(page, 'clear');
    expect(await page.evaluate(() => globalThis.__fakeExcel.snapshot())).toEqual(clean);
  });

  it('a step the clerk must take first reads as guidance, not as 出错了', async () => {
    await page.fill('#period', '二〇二〇');
    await click(page, 'validate');
    expect(await text(page, '#message')).toMatch(/^期次“二〇二〇”无法识别，请填写年度，例如 \d{4}$/);
    await page.fill('#period', '2020');
    await click(page, 'template');
    await click(page, 'template');
    expect(await text(page, '#message')).toBe('已存在同名工作表：户表、人表。请先改名或删除。');
  });
});

/**
 * Both profiles and both layouts in the pane (real Chromium, fake Excel, real local Worker):
 * a default roster as one row per person, the monitoring export as is and split into 户表 + 人表,
 * the template per profile, criteria changing before a submission, retries with one
 * Idempotency-Key, offline criteria, English, and a bad token in words a clerk understands.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PERIOD, generateExport } from '../../bench/export';
import { generateRoster } from '../../bench/roster';
import { columnLetter, compileCriteria, defaultCriteria, evaluateRoster, monitoringCriteria, type CriteriaInput } from '../../core/index';
import type { Table } from '../../core/types';
import { launchChromium, openPane } from './test/browser';
import { click, connect, editAndWait, expectedMarks, marksOf, paintedMarks, seedSheet, sheetNames, sheetValues, text } from './test/helpers';
import { personPerRow, twoSheets } from './test/layouts';
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

async function putCriteria(document: CriteriaInput): Promise<void> {
  const auth = { Authorization: `Bearer ${worker.tokens.admin}` };
  const current = await fetch(`${worker.url}/api/v1/criteria`, { headers: auth });
  const res = await fetch(`${worker.url}/api/v1/criteria`, {
    method: 'PUT',
    headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': current.headers.get('ETag') ?? '*' },
    body: JSON.stringify({ document, note: 'pane test' }),
  });
  expect(res.status).toBe(200);
}

/** Validates and compares the painted marks and 评分结果 with core's own evaluation. */
async function validateAndCompare(page: Page, input: { criteria: CriteriaInput; sheets: { name: string; part: 'households' | 'members'; table: Table }[]; period: string }) {
  await page.fill('#period', input.period);
  await click(page, 'validate');
  expect(await text(page, '#message')).toMatch(/校验完成|Validated/);
  const households = input.sheets.find((s) => s.part === 'households')!.table;
  const members = input.sheets.find((s) => s.part === 'members')?.table ?? null;
  const result = evaluateRoster(compileCriteria(input.criteria), { households, members, period: input.period, expectedTownship: worker.clerkTownship });
  const marks = marksOf(result);
  for (const s of input.sheets) expect(await paintedMarks(page, s.name)).toEqual(expectedMarks(marks, s.part));
  const score = await sheetValues(page, '评分结果');
  const header = score.findIndex((row) => row[0] === '户编号' || row[0] === 'Household ID');
  expect(score.slice(header + 1).map((row) => row[0])).toEqual(result.households.map((h) => h.householdId ?? ''));
  return result;
}

describe('default profile, one row per person', () => {
  let page: Page;
  let rosterSheet: Table;
  beforeAll(async () => {
    page = await openPane(browser, worker.url);
  });
  afterAll(() => page?.context().close());

  it('finds the person sheet and marks it as core does', async () => {
    const r = generateRoster(80, 21);
    const sheet = personPerRow(r.households, r.members);
    await seedSheet(page, '花名册', sheet);
    await connect(page, worker.tokens.clerk);
    const result = await validateAndCompare(page, { criteria: defaultCriteria, sheets: [{ name: '花名册', part: 'households', table: sheet }], period: '2020' });
    expect(result.layout).toBe('person-per-row');
    expect(await page.textContent('#household-sheet option[value=""]')).toBe('自动识别：花名册');
    expect(await page.textContent('#member-sheet option[value=""]')).toBe('自动识别：无');
    rosterSheet = sheet;
  });

  it('rows gone from the end (the used range shrinks): the pane reads the sheet again and marks as core does', async () => {
    const last = rosterSheet.length;
    const width = rosterSheet[0].length;
    await editAndWait(page, '花名册', `A${last}:${columnLetter(width - 1)}${last}`, [new Array(width).fill('')]);
    const shorter = rosterSheet.slice(0, last - 1);
    const result = evaluateRoster(compileCriteria(defaultCriteria), { households: shorter, period: '2020', expectedTownship: worker.clerkTownship });
    expect(await paintedMarks(page, '花名册')).toEqual(expectedMarks(marksOf(result), 'households'));
    const score = await sheetValues(page, '评分结果');
    expect(score.filter((row) => typeof row[row.length - 1] === 'number').length).toBe(result.households.length);
  });

  it('插入模板 adds 户表 and 人表 with the criteria headers, next to the clerk’s sheets', async () => {
    await click(page, 'template');
    expect(await sheetNames(page)).toEqual(expect.arrayContaining(['花名册', '户表', '人表']));
    const household = (await sheetValues(page, '户表'))[0];
    expect(household).toEqual(defaultCriteria.fields.filter((f) => f.level === 'household').map((f) => f.headers[0]));
    const member = (await sheetValues(page, '人表'))[0];
    expect(member[0]).toBe('户编号');
    expect(member).toContain('证件号码');
    // Inserting again does not overwrite the clerk's sheets: it says so.
    await click(page, 'template');
    expect(await text(page, '#message')).toContain('已存在同名工作表');
  });
});

describe('criteria change, retries, monitoring profile in both layouts', () => {
  let page: Page;
  const requests: { key: string | null; auth: boolean; url: string }[] = [];
  beforeAll(async () => {
    page = await openPane(browser, worker.url);
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/submissions')) requests.push({ key: r.headers()['idempotency-key'] ?? null, auth: !!r.headers().authorization, url: r.url() });
    });
  });
  afterAll(() => page?.context().close());

  it('a submission retried after a network failure keeps its Idempotency-Key', async () => {
    const r = generateRoster(40, 5);
    const township = (r.households[0] as string[]).indexOf('乡镇');
    for (let i = 1; i < r.households.length; i++) r.households[i][township] = worker.clerkTownship;
    await seedSheet(page, '户', r.households);
    await seedSheet(page, '人', r.members);
    await connect(page, worker.tokens.clerk);
    await page.fill('#period', '2021');
    await click(page, 'validate');
    let failures = 1;
    await page.route('**/api/v1/submissions', (route) => (failures-- > 0 ? route.abort('connectionreset') : route.continue()));
    await click(page, 'submit');
    await page.waitForSelector('#receipt:not([hidden])');
    expect(requests.length).toBe(2);
    expect(requests[0].key).toBeTruthy();
    expect(requests[1].key).toBe(requests[0].key);
    expect(requests.every((r) => r.auth && !r.url.includes(worker.tokens.clerk))).toBe(true);
    await page.unroute('**/api/v1/submissions');
  });

  it('criteria changed since the validation: the pane says so and validates again first', async () => {
    await putCriteria(monitoringCriteria);
    await click(page, 'submit');
    expect(await text(page, '#message')).toContain('评价标准已更新');
    expect(await text(page, '#criteria-line')).toContain('第 2 版');
    expect(await text(page, '#criteria-line')).toContain('防返贫监测');
    expect(await page.inputValue('#period')).toMatch(/^\d{4}-\d{2}$/);
    await click(page, 'clear');
    await page.evaluate(() => {
      for (const name of ['户', '人']) globalThis.__fakeExcel.host.state.sheets = globalThis.__fakeExcel.host.state.sheets.filter((s: { name: string }) => s.name !== name);
    });
  });

  it('validates a 防返贫监测 export (one row per person, title rows) as core does', async () => {
    const e = generateExport(60, 8);
    await seedSheet(page, '监测对象导出', e.sheet);
    const result = await validateAndCompare(page, { criteria: monitoringCriteria, sheets: [{ name: '监测对象导出', part: 'households', table: e.sheet }], period: `${EXPORT_PERIOD}-12` });
    expect(result.layout).toBe('person-per-row');
    const score = await sheetValues(page, '评分结果');
    expect(score.some((row) => row.includes('可消除风险'))).toBe(true);
    await click(page, 'clear');
  });

  it('validates the same export split into 户表 + 人表 (override: the clerk picks the sheets)', async () => {
    const e = generateExport(60, 9);
    const split = twoSheets(e.sheet, 2, monitoringCriteria);
    await seedSheet(page, '户信息', split.households);
    await seedSheet(page, '人员信息', split.members);
    await page.focus('#household-sheet');
    await page.selectOption('#household-sheet', '户信息');
    await page.selectOption('#member-sheet', '人员信息');
    const result = await validateAndCompare(page, {
      criteria: monitoringCriteria,
      sheets: [
        { name: '户信息', part: 'households', table: split.households },
        { name: '人员信息', part: 'members', table: split.members },
      ],
      period: `${EXPORT_PERIOD}-12`,
    });
    expect(result.layout).toBe('household-member');
    await click(page, 'clear');
  });

  it('插入模板 under the monitoring profile gives the export’s one sheet', async () => {
    await click(page, 'template');
    const values = await sheetValues(page, '监测对象');
    expect(values[0]).toEqual(monitoringCriteria.fields.map((f) => f.headers[0]));
  });
});

describe('words a clerk understands', () => {
  it('a bad token reads as a sentence, not a status code', async () => {
    const page = await openPane(browser, worker.url);
    await connect(page, 'rc_not-a-real-token');
    expect(await text(page, '#message')).toContain('访问令牌无效或已被撤销');
    // The server answered (it refused the token): not "无法连接服务器".
    expect(await text(page, '#criteria-line')).toMatch(/^未连接：/);
    await page.context().close();
  });

  it('offline with nothing saved: validates with the built-in default and says so', async () => {
    const page = await openPane(browser, worker.url);
    await connect(page, worker.tokens.clerk, 'http://127.0.0.1:9');
    expect(await text(page, '#criteria-line')).toContain('内置默认标准');
    const r = generateRoster(20, 4);
    await seedSheet(page, '户表', r.households);
    await seedSheet(page, '人表', r.members);
    await page.fill('#period', '2020');
    await click(page, 'validate');
    expect(await text(page, '#message')).toMatch(/校验完成/);
    await page.context().close();
  });

  it('Excel without ExcelApi 1.9 (Office 2016/2019): the page says to use the offline check page', async () => {
    const page = await openPane(browser, worker.url, { fake: { excelApiMinor: 7 }, expectOutside: true });
    expect(await page.isVisible('#app')).toBe(false);
    expect(await text(page, '#outside')).toMatch(/1\.9|Office 2016|离线检查/);
    await page.context().close();
  });

  it('every control has an accessible name', async () => {
    const page = await openPane(browser, worker.url);
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('#app button, #app input, #app select, #app progress')]
        .filter((el) => {
          const label = el.getAttribute('aria-label') || (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) || el.textContent;
          return !label || !label.trim();
        })
        .map((el) => el.id),
    );
    expect(unnamed).toEqual([]);
    await page.context().close();
  });

  it('keyboard only: Enter on 校验 validates and focus stays on the button (not lost to the page)', async () => {
    const page = await openPane(browser, worker.url);
    const r = generateRoster(20, 5);
    await seedSheet(page, '户表', r.households);
    await seedSheet(page, '人表', r.members);
    await page.fill('#period', '2020');
    await page.focus('#validate');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !(document.getElementById('validate') as HTMLButtonElement).disabled);
    await page.evaluate(() => globalThis.__rosterPane.idle());
    expect(await text(page, '#message')).toMatch(/校验完成/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('validate');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('submit');
    await page.context().close();
  });

  it('English when Excel’s display language is English', async () => {
    const page = await openPane(browser, worker.url, { fake: { displayLanguage: 'en-US' } });
    expect(await text(page, '#validate')).toBe('Validate');
    expect(await text(page, '#next')).toBe('Next');
    const r = generateRoster(20, 3);
    await seedSheet(page, 'Households', r.households);
    await seedSheet(page, 'Members', r.members);
    await page.fill('#period', '2020');
    await click(page, 'validate');
    expect(await text(page, '#message')).toMatch(/^Validated/);
    const check = await sheetValues(page, '校验结果');
    expect(check.some((row) => row[0] === 'Sheet' && row[6] === 'Message')).toBe(true);
    await page.context().close();
  });
});

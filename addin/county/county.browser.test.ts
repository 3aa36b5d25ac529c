/**
 * County mode as an officer uses it: real headless Chromium, the fake Excel injected, the real
 * Worker (wrangler dev, local D1). Edit the criteria (a validation error beside its control),
 * preview, publish, lose a publish race and recover, re-score, pull every report into sheets and
 * check the figures against core's own summaries; create and revoke a token.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries } from '../../core/index';
import type { Table } from '../../core/types';
import { townshipRoster } from '../../worker/test/roster';
import { launchChromium, openPane } from '../pane/test/browser';
import { connect, seedSheet, sheetNames, sheetValues, text } from '../pane/test/helpers';
import { startLocalWorker, type LocalWorker } from '../pane/test/local-worker';

let worker: LocalWorker;
let browser: Browser;
let page: Page;
const log: string[] = [];

const TOWNSHIPS = ['新哨镇', '虹溪镇', '江边乡'];
// Incomes of 5,000 in a few households: an income line of 6,000 fails exactly those.
function rosters(year: number): Record<string, { households: Table; members: Table }> {
  return Object.fromEntries(
    TOWNSHIPS.map((township, k) => [
      township,
      townshipRoster(township, 1000 * (k + 1) + (year - 2020) * 3, 6 + (year - 2022), (n) => (n % 4 === 0 ? { per_capita_income: 5000 } : {})),
    ]),
  );
}
const periods = [2022, 2023, 2024];

async function api<T = any>(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(worker.url + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Core's county summary of a period under a criteria document (what the reports must show). */
function coreSummary(document: unknown, year: number) {
  const compiled = compileCriteria(document);
  return mergeSummaries(compiled, Object.values(rosters(year)).map((r) => evaluateRoster(compiled, { ...r, period: String(year) }).summary));
}

async function waitMessage(pattern: RegExp): Promise<string> {
  try {
    await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('county-message')?.textContent ?? ''), pattern.source, { timeout: 30_000 });
  } catch (error) {
    throw new Error(`no message ${pattern}: the pane says "${await text(page, '#county-message')}"`, { cause: error });
  }
  return text(page, '#county-message');
}

beforeAll(async () => {
  [worker, browser] = await Promise.all([startLocalWorker(), launchChromium()]);
  for (const year of periods) {
    for (const [township, roster] of Object.entries(rosters(year))) {
      const res = await api('POST', '/api/v1/submissions', worker.tokens.county, { period: String(year), township, ...roster });
      expect(res.status).toBe(201);
    }
  }
  page = await openPane(browser, worker.url, { fake: { displayLanguage: 'zh-CN' }, log });
  // The officer's own workbook: one sheet of theirs that the reports must never touch.
  await seedSheet(page, '工作记录', [['日期', '事项'], ['2024-12-01', '年度核查']]);
  await connect(page, worker.tokens.county);
  await page.waitForSelector('#county');
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await worker?.stop();
});

const income = '#county-form input[data-path="parameters.income_line"]';
const problemOf = (path: string) => text(page, `#county-form [data-problem="${path}"]`);

describe('county mode: criteria', () => {
  it('shows the form for a county token; a wrong value gets its problem beside the control, in Chinese', async () => {
    expect(await text(page, '#county-heading')).toBe('县级工作台');
    expect(await page.inputValue(income)).toBe('4000');
    expect(await text(page, '#county-weight-sum')).toBe('权重合计：100');
    await page.fill(income, '四千');
    await page.waitForFunction((p) => (document.querySelector(`#county-form [data-problem="${p}"]`)?.textContent ?? '') !== '', 'parameters.income_line');
    expect(await problemOf('parameters.income_line')).toMatch(/[数值参数]/);
    expect(await text(page, '#county-form-status')).toMatch(/处问题/);
    await page.fill(income, '6000');
    await page.waitForFunction(() => /标准有效/.test(document.getElementById('county-form-status')?.textContent ?? ''));
    expect(await problemOf('parameters.income_line')).toBe('');
    // The weights' sum follows the typing.
    await page.fill('#county-form .county-indicator:nth-of-type(1) input.county-weight', '31');
    await page.waitForFunction(() => document.getElementById('county-weight-sum')?.textContent === '权重合计：101');
    await page.fill('#county-form .county-indicator:nth-of-type(1) input.county-weight', '30');
  });

  it('previews the change for a period: per township, with the households that change', async () => {
    await page.fill('#county-preview-period', '2024');
    await page.click('#county-preview');
    await page.waitForSelector('#county-preview-result:not([hidden])');
    const candidate = structuredClone(defaultCriteria) as any;
    candidate.parameters.income_line = 6000;
    const before = compileCriteria(defaultCriteria);
    const after = compileCriteria(candidate);
    let changed = 0;
    for (const roster of Object.values(rosters(2024))) {
      const a = evaluateRoster(before, { ...roster, period: '2024' }).households;
      const b = evaluateRoster(after, { ...roster, period: '2024' }).households;
      changed += b.filter((h, i) => h.exitEligible !== a[i].exitEligible || h.score !== a[i].score || h.riskLevel !== a[i].riskLevel).length;
    }
    expect(changed).toBeGreaterThan(0);
    expect(await text(page, '#county-preview-total')).toContain(`变化户数：${changed}`);
    const items = await page.locator('#county-preview-result .county-preview-township li').allTextContents();
    expect(items).toHaveLength(changed);
    expect(items[0]).toMatch(/^H\d+（行号 \d+）：得分 [\d.]+ → [\d.]+，达标 是 → 否/);
  });

  it('publishes with a note (version 2)', async () => {
    await page.fill('#county-note', '收入线提高到 6000');
    await page.click('#county-publish');
    expect(await waitMessage(/已发布第 2 版/)).toContain('第 2 版');
    const v2 = await api('GET', '/api/v1/criteria/versions/2', worker.tokens.county);
    expect(v2.body).toMatchObject({ note: '收入线提高到 6000', document: { parameters: { income_line: 6000 } } });
  });

  it('loses a publish race, sees what the other publisher changed, and publishes both', async () => {
    // Another officer publishes version 3 meanwhile.
    const other = structuredClone((await api('GET', '/api/v1/criteria', worker.tokens.county)).body.document);
    other.parameters.monitoring_line = 7500;
    expect((await api('PUT', '/api/v1/criteria', worker.tokens.county, { document: other, note: '别人' }, { 'If-Match': '"criteria-v2"' })).status).toBe(200);
    // This officer edits a population and publishes against version 2.
    const population = '#county-form .county-township[data-township="江边乡"] input[data-path$=".population"]';
    await page.fill(population, '20000');
    await page.click('#county-publish');
    await waitMessage(/已发布了第 3 版/);
    expect(await text(page, '#county-race')).toMatch(/监测线.*7000 → 7500/);
    // The form now holds their version with this officer's edit on top.
    expect(await page.inputValue('#county-form input[data-path="parameters.monitoring_line"]')).toBe('7500');
    expect(await page.inputValue(population)).toBe('20000');
    await page.click('#county-publish');
    await waitMessage(/已发布第 4 版/);
    const v4 = (await api('GET', '/api/v1/criteria', worker.tokens.county)).body;
    expect(v4.version).toBe(4);
    expect(v4.document.parameters).toMatchObject({ income_line: 6000, monitoring_line: 7500 });
    expect(v4.document.townships.find((t: { name: string }) => t.name === '江边乡').population).toBe(20000);
  });

  it('shows the history and a readable diff between two versions', async () => {
    await page.click('#county-history');
    await page.waitForSelector('#county-history-box:not([hidden])');
    expect(await page.locator('#county-versions li').count()).toBe(4);
    await page.selectOption('#county-diff-a', '1');
    await page.selectOption('#county-diff-b', '4');
    await page.click('#county-compare');
    await page.waitForFunction(() => (document.getElementById('county-diff')?.children.length ?? 0) > 1);
    const diff = await page.locator('#county-diff li').allTextContents();
    expect(diff).toEqual(
      expect.arrayContaining(['第 1 版 → 第 4 版', '参数 收入线（人均纯收入）（income_line）：4000 → 6000', '乡镇 江边乡 户籍农业人口：14384 → 20000']),
    );
  });
});

describe('county mode: re-score and reports into sheets', () => {
  it('re-scores 2024 under version 4; the summary sheet shows its figures, headers in Chinese, rates as %, charts', async () => {
    await page.click('#county-tab-1');
    await page.fill('#county-period', '2024');
    await page.click('#county-rescore');
    expect(await waitMessage(/已按第 4 版标准重新评分：3 个乡镇/)).toContain('旧评分保留在历史中');
    await page.click('#county-pull-summary');
    await waitMessage(/已写入工作表“汇总”/);
    const v4 = (await api('GET', '/api/v1/criteria', worker.tokens.county)).body.document;
    const expected = coreSummary(v4, 2024);
    const values = await sheetValues(page, '汇总');
    expect(values[1][0]).toBe('数据按第 4 版标准评分，按第 4 版的乡镇与人口汇总');
    expect(values.some((row) => row[0] === '贫困发生率仅覆盖已配置户籍人口的 1/12 个乡镇（江边乡），不是全县数字')).toBe(true);
    const header = values.findIndex((row) => row[0] === '乡镇');
    expect(values[header].slice(0, 7)).toEqual(['乡镇', '达标率', '提交状态', '评分标准版本', '户数', '人数', '达标户数']);
    const rows = values.slice(header + 1);
    expect(rows).toHaveLength(13);
    const total = rows.at(-1)!;
    expect(total[0]).toBe('全县合计');
    expect(total[4]).toBe(expected.total.counters.households);
    expect(total[5]).toBe(expected.total.counters.persons);
    expect(total[6]).toBe(expected.total.counters['households.exit_eligible']);
    expect(total[1]).toBeCloseTo(expected.total.counters['households.exit_eligible'] / expected.total.counters.households, 12);
    const incidence = values[header].indexOf('贫困发生率');
    expect(total[incidence]).toBeCloseTo(expected.total.rates.poverty_incidence!, 12);
    for (const township of TOWNSHIPS) {
      const row = rows.find((r) => r[0] === township)!;
      const own = expected.townships[township].counters;
      expect(row.slice(2, 7)).toEqual(['已提交', 4, own.households, own.persons, own['households.exit_eligible']]);
    }
    expect(rows.find((r) => r[0] === '五山乡')![2]).toBe('未提交');
    const formats = await page.evaluate(() => globalThis.__fakeExcel.sheet('汇总').formats.map((f: { numberFormat?: string }) => f.numberFormat));
    expect(formats).toEqual(expect.arrayContaining([expect.stringMatching(/%/)]));
    const charts = await page.evaluate(() => globalThis.__fakeExcel.charts('汇总'));
    expect(charts.map((c: { title: string }) => c.title)).toEqual(['各乡镇达标率', '各乡镇分风险等级户数']);
  });

  it('pulls the rectification list, duplicates, dynamics and trend into their sheets', async () => {
    await page.click('#county-pull-issues');
    await waitMessage(/整改清单/);
    const issues = (await api('GET', '/api/v1/reports/issues?period=2024', worker.tokens.county)).body;
    const issueRows = await sheetValues(page, '整改清单');
    const ih = issueRows.findIndex((row) => row[0] === '乡镇');
    expect(issueRows.slice(ih + 1).map((r) => `${r[0]}|${r[1]}|${r[2]}`)).toEqual(
      issues.households.map((h: { township: string; householdId: string; row: number }) => `${h.township}|${h.householdId}|${h.row}`),
    );

    await page.click('#county-pull-duplicates');
    await waitMessage(/重复人员/);
    expect((await sheetValues(page, '重复人员'))[0][0]).toMatch(/^重复人员：2024 期，0 人/);

    await page.fill('#county-from', '2023');
    await page.fill('#county-to', '2024');
    await page.click('#county-pull-dynamics');
    await waitMessage(/动态管理/);
    const dynamics = (await api('GET', '/api/v1/reports/dynamics?from=2023&to=2024', worker.tokens.county)).body;
    const dyn = await sheetValues(page, '动态管理');
    const dTotal = dyn.find((row) => row[0] === '全县合计')!;
    expect(dTotal.slice(1, 3)).toEqual([dynamics.total.new.households, dynamics.total.new.persons]);

    await page.fill('#county-from', '2022');
    await page.click('#county-pull-trend');
    await waitMessage(/趋势/);
    const trend = await sheetValues(page, '趋势');
    const th = trend.findIndex((row) => row[0] === '期次');
    expect(trend.slice(th + 1).map((r) => [r[0], r[1]])).toEqual(periods.map((y) => [String(y), coreSummary(defaultCriteria, y).total.counters.households]));
    expect((await page.evaluate(() => globalThis.__fakeExcel.charts('趋势'))).map((c: { type: string }) => c.type)).toEqual([expect.stringMatching(/line/i)]);

    // Pulling again replaces the sheet; 清除报表 removes every report sheet, nothing else.
    await page.click('#county-pull-summary');
    await waitMessage(/汇总/);
    expect((await sheetNames(page)).filter((n) => n === '汇总')).toHaveLength(1);
    await page.click('#county-clear-reports');
    await waitMessage(/已删除/);
    expect(await sheetNames(page)).toEqual(['工作记录']);
    expect(await sheetValues(page, '工作记录')).toEqual([['日期', '事项'], ['2024-12-01', '年度核查']]);
  });
});

describe('county mode: tokens (admin)', () => {
  it('creates a clerk token shown once, lists it with its last use, and revokes it', async () => {
    await connect(page, worker.tokens.admin);
    await page.waitForSelector('#county-tab-2');
    await page.click('#county-tab-2');
    await page.waitForFunction(() => /还没有录入员令牌的乡镇/.test(document.getElementById('county-token-missing')?.textContent ?? ''));
    expect(await text(page, '#county-token-missing')).toContain('竹园镇');
    await page.selectOption('#county-token-township', '竹园镇');
    await page.fill('#county-token-label', '竹园镇 录入员 李四');
    await page.click('#county-token-create');
    await page.waitForSelector('#county-token-issued:not([hidden])');
    const secret = await page.inputValue('#county-token-secret');
    expect(secret).toMatch(/^rc_/);
    expect(await text(page, '#county-token-issued')).toContain(worker.url);
    expect((await api('GET', '/api/v1/me', secret)).body).toMatchObject({ role: 'clerk', township: '竹园镇' });
    await page.waitForFunction(() => !/竹园镇/.test(document.getElementById('county-token-missing')?.textContent ?? ''));
    page.once('dialog', (d) => void d.accept());
    await page.click('#county-token-list li:has-text("竹园镇 录入员 李四") button');
    await waitMessage(/已吊销/);
    expect((await api('GET', '/api/v1/me', secret)).status).toBe(401);
    // The secret never went into a URL or a log line.
    expect(log.filter((line) => line.includes(secret) || line.includes(worker.tokens.county))).toEqual([]);
  });
});

describe('county mode in a plain browser tab (no Excel)', () => {
  it('signs in with a county token and downloads the summary as an .xlsx with the same figures', async () => {
    const tab = await openPane(browser, worker.url, { fake: null, log });
    await tab.fill('#county-signin-token', worker.tokens.county);
    await tab.click('#county-signin button');
    await tab.waitForSelector('#county');
    await tab.click('#county-tab-1');
    await tab.fill('#county-period', '2024');
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.click('#county-pull-summary')]);
    expect(download.suggestedFilename()).toBe('汇总-2024.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as never);
    const sheet = workbook.getWorksheet('汇总')!;
    const rows = sheet.getSheetValues().slice(1).map((row) => (Array.isArray(row) ? row.slice(1) : []));
    const header = rows.findIndex((row) => row[0] === '乡镇');
    const total = rows.find((row) => row[0] === '全县合计')!;
    const report = (await api('GET', '/api/v1/reports/summary?period=2024', worker.tokens.county)).body;
    expect(rows[header].slice(0, 3)).toEqual(['乡镇', '达标率', '提交状态']);
    expect(total[4]).toBe(report.total.counters.households);
    expect(total[6]).toBe(report.total.counters['households.exit_eligible']);
    // A clerk's token is sent to Excel instead.
    await tab.context().close();
    const clerkTab = await openPane(browser, worker.url, { fake: null, log });
    await clerkTab.fill('#county-signin-token', worker.tokens.clerk);
    await clerkTab.click('#county-signin button');
    await clerkTab.waitForFunction(() => /录入员的令牌/.test(document.getElementById('county-signin-message')?.textContent ?? ''));
    expect(await clerkTab.isVisible('#county')).toBe(false);
    await clerkTab.context().close();
  });
});

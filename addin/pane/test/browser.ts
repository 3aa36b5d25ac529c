/**
 * Real headless Chromium (Debian's /usr/bin/chromium through playwright-core) with the fake
 * Excel injected as office.js's globals, opening the pane the local Worker serves.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await openPane(browser, worker.url, { displayLanguage: 'zh-CN' });
 * await page.evaluate(() => __fakeExcel.addSheet('户表', rows));
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fakeExcelScript } from '../../testing/fake-excel-script';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run \`node scripts/ensure-chromium.mjs\` (npm test does it first)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface PaneOptions {
  /** Fake Excel options (displayLanguage, excelApiMinor); null opens the page without Excel. */
  fake?: { displayLanguage?: string; excelApiMinor?: number } | null;
  /** The fake is injected but the pane is expected to show the outside view (an old Excel). */
  expectOutside?: boolean;
  /** Collects console messages and page errors (tests assert the token never appears). */
  log?: string[];
}

/** Opens the pane with the fake Excel; resolves once the pane (or the outside view) is shown. */
export async function openPane(browser: Browser, url: string, options: PaneOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  // office.js comes from Microsoft's CDN in Office; here the fake stands in for it.
  await page.route('https://appsforoffice.microsoft.com/**', (route) => route.abort());
  page.on('console', (m) => options.log?.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => options.log?.push(`pageerror: ${e.message}`));
  page.on('request', (r) => options.log?.push(`request: ${r.url()}`));
  if (options.fake !== null) {
    await page.addInitScript(`globalThis.__fakeExcelOptions = ${JSON.stringify(options.fake ?? {})};\n${await fakeExcelScript()}`);
  }
  await page.goto(url);
  const outside = options.fake === null || options.expectOutside;
  if (!outside) await page.waitForFunction(() => (globalThis as { __rosterPane?: unknown }).__rosterPane !== undefined, null, { timeout: 30_000 });
  else await page.waitForSelector('#outside:not([hidden])');
  return page;
}

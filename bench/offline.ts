/**
 * The offline check page on the bench file (part of `npm run bench -- --only cli`): the built
 * page (scripts/build-offline.mjs) in headless Chromium, the 100,000-household .xlsx picked
 * through its file input, timed from the pick until the summary and issue list are shown (the
 * page's own figure, data-checked-ms). A crashed tab fails the run. Goal: ≤ 10 s.
 *
 * @example
 * const { ms } = await measureOfflinePage('/path/roster.xlsx', '2020');
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildOffline } from '../scripts/build-offline.mjs';

export const OFFLINE_GOAL_MS = 10_000;

export async function measureOfflinePage(file: string, period: string, runs = 2): Promise<{ ms: number[]; summary: string }> {
  const { path } = await buildOffline({ quiet: true, root: process.cwd(), outdir: join(process.cwd(), 'bench', 'out', 'offline') });
  const html = readFileSync(path);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/offline/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const ms: number[] = [];
  let summary = '';
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      let crashed = false;
      page.on('crash', () => (crashed = true));
      await page.goto(url);
      await page.fill('#period', period);
      await page.setInputFiles('#file', file);
      await page.waitForSelector('#result:not([hidden])', { timeout: 300_000 });
      if (crashed) throw new Error('the offline page crashed');
      ms.push(Number(await page.getAttribute('body', 'data-checked-ms')));
      summary = (await page.textContent('#summary')) ?? '';
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { ms, summary };
}

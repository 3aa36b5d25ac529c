/**
 * The fake Excel as one browser script (esbuild, IIFE): injected into a page before the pane's
 * code (e.g. playwright's `page.addInitScript({ content })`), it defines `Excel`, `Office` and
 * `__fakeExcel` as office.js would. Node-only helper; the fake itself has no Node imports.
 *
 * @example
 * const script = await fakeExcelScript();
 * await page.addInitScript({ content: `globalThis.__fakeExcelOptions = ${JSON.stringify({ excelApiMinor: 9 })};\n${script}` });
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

let cached: Promise<string> | null = null;

export function fakeExcelScript(): Promise<string> {
  cached ??= build({
    entryPoints: [fileURLToPath(new URL('./fake-excel/globals.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  return cached;
}

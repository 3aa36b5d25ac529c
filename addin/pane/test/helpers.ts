/**
 * What the browser tests ask of the page: seed the fake workbook, play the clerk, read back the
 * fake's state, and compare it with core's own results computed here in Node.
 */
import type { Page } from 'playwright-core';
import { marksOf } from '../engine/marks';
import type { RosterMarks } from '../../../core/marks/types';
import type { Severity, Table } from '../../../core/types';

type Cell = string | number | boolean | null;

/** `__fakeExcel` and `__rosterPane` as the page sees them (loosely typed: they live in the page). */
declare global {
  var __fakeExcel: any;
  var __rosterPane: any;
}

export async function seedSheet(page: Page, name: string, rows: Table): Promise<void> {
  const clean = rows.map((r) => r.map((v) => (v === undefined ? null : v)) as Cell[]);
  await page.evaluate(([n, r]) => void globalThis.__fakeExcel.addSheet(n, r), [name, clean] as const);
}

/** Waits until the pane has finished every queued action and result-sheet rewrite. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => globalThis.__rosterPane.idle());
}

export async function click(page: Page, id: string): Promise<void> {
  await page.click(`#${id}`);
  await page.waitForFunction(() => !(document.getElementById('validate') as HTMLButtonElement).disabled);
  await settle(page);
}

export async function connect(page: Page, token: string, url?: string): Promise<void> {
  const open = await page.evaluate(() => (document.getElementById('connection') as HTMLDetailsElement).open);
  if (!open) await page.click('#connection summary');
  if (url !== undefined) await page.fill('#worker-url', url);
  await page.fill('#token', token);
  await click(page, 'connect');
}

/** The cells each of the add-in's mark rules covers on a sheet: "row,column" → severity (worst). */
export async function paintedMarks(page: Page, sheet: string): Promise<Map<string, Severity>> {
  const rules = (await page.evaluate((s) => globalThis.__fakeExcel.conditionalFormats(s), sheet)) as {
    formula: string;
    ranges: { r0: number; c0: number; r1: number; c1: number }[];
  }[];
  const out = new Map<string, Severity>();
  for (const rule of rules) {
    const m = /roster-check:(error|warning)/.exec(rule.formula);
    if (!m) continue;
    const severity = m[1] as Severity;
    for (const r of rule.ranges) {
      for (let row = r.r0; row <= r.r1; row++) {
        for (let col = r.c0; col <= r.c1; col++) {
          const key = `${row + 1},${col}`;
          if (out.get(key) !== 'error') out.set(key, severity);
        }
      }
    }
  }
  return out;
}

/** What core's marks say should be painted on a sheet (row marks on the row's first cell). */
export function expectedMarks(marks: RosterMarks, part: 'households' | 'members'): Map<string, Severity> {
  const out = new Map<string, Severity>();
  const note = (key: string, s: Severity) => {
    if (out.get(key) !== 'error') out.set(key, s);
  };
  for (const c of marks[part].cells) note(`${c.row},${c.column}`, c.severity);
  for (const r of marks[part].rows) note(`${r.row},0`, r.severity);
  return out;
}

export { marksOf };

export async function sheetValues(page: Page, name: string): Promise<Cell[][]> {
  return page.evaluate((n) => globalThis.__fakeExcel.values(n), name);
}

export async function sheetNames(page: Page): Promise<string[]> {
  return page.evaluate(() => globalThis.__fakeExcel.sheetNames());
}

export async function text(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}

/** Plays the clerk typing into cells and waits until the pane has re-checked. */
export async function editAndWait(page: Page, sheet: string, address: string, values: Cell[][]): Promise<void> {
  const before = await page.evaluate(() => globalThis.__rosterPane.rechecks as number);
  await page.evaluate(([s, a, v]) => globalThis.__fakeExcel.edit(s, a, v), [sheet, address, values] as const);
  await page.waitForFunction((n) => globalThis.__rosterPane.rechecks > n, before);
  await settle(page);
}

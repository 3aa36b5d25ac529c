/**
 * The pane's validation flow on the fake Excel, through the Excel host adapter: list the sheets,
 * read them in blocks, run core, paint marks, write 校验结果 and 评分结果 — with the sync count
 * and bytes of each phase, as the bench (bench/addin-host.ts) and the budget test report them.
 * Node or browser (no Node imports); the pane's own code path is addin/pane (this mirrors it
 * with the same row builders so the Excel side can be measured alone).
 */
import { evaluateRoster, marksOf, type compileCriteria } from '../../core/index';
import type { Cell, Table } from '../../core/types';
import type { RosterSheet } from '../../core/marks/types';
import { excelHostOnFake } from '../host/excel/on-fake';
import { checkSheet, scoreSheet } from '../results/index';
import { createFakeExcel, type CellValue } from './fake-excel';

/** 4 MB read strictly (4,000,000 bytes): the request goal and the unit of the sync goal. */
export const FOUR_MB = 4_000_000;

type Compiled = ReturnType<typeof compileCriteria>;

export interface Workbook {
  label: string;
  criteria: Compiled;
  period: string;
  households: { name: string; table: Table; headerRow: number };
  members: { name: string; table: Table; headerRow: number } | null;
}

/** Cells as Excel holds them: empty as "", a date as its serial number (days since 1899-12-30). */
const asCells = (t: Table): CellValue[][] =>
  t.map((r) =>
    r.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? (v.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000 : v)),
  );

/** The village of a household read from its own row, by the criteria's village headers. */
function villageReader(w: Workbook, table: Table): (row: number) => string | null {
  const index = w.criteria.fieldIndex.get('village');
  if (index === undefined) return () => null;
  const headers = new Set(w.criteria.fields[index].def.headers);
  const column = w.households.table[w.households.headerRow].findIndex((c) => headers.has(String(c ?? '').trim()));
  return (row) => (column < 0 ? null : String(table[row - 1]?.[column] ?? '') || null);
}

export async function validateOnFake(w: Workbook) {
  const fake = createFakeExcel();
  fake.handle.addSheet(w.households.name, asCells(w.households.table));
  if (w.members) fake.handle.addSheet(w.members.name, asCells(w.members.table));
  fake.handle.resetStats();
  const host = excelHostOnFake(fake);
  await host.listSheets();
  const listSyncs = fake.handle.syncs.length;

  let t0 = performance.now();
  const households = (await host.readSheet(w.households.name)) as Cell[][];
  const members = w.members ? ((await host.readSheet(w.members.name)) as Cell[][]) : undefined;
  const readMs = performance.now() - t0;
  const readSyncs = fake.handle.syncs.length - listSyncs;
  const fakeMs = (from: number, to = fake.handle.syncs.length) =>
    Math.round(fake.handle.syncs.slice(from, to).reduce((n, s) => n + s.ms, 0));
  const readFakeMs = fakeMs(listSyncs);
  const rows = households.length + (members?.length ?? 0);

  const result = evaluateRoster(w.criteria, { households, members, period: w.period });
  const marks = marksOf(result);
  const header = (sheet: RosterSheet) =>
    sheet === 'members' && w.members ? members![w.members.headerRow] : households[w.households.headerRow];
  const village = villageReader(w, households);
  const check = checkSheet({
    result,
    marks,
    sheets: { households: w.households.name, members: w.members?.name ?? null },
    headerOf: (sheet, column) => String(header(sheet)?.[column] ?? ''),
    lang: 'zh',
  });
  const score = scoreSheet({
    result,
    indicators: w.criteria.indicators.map((i) => ({ key: i.key, label: i.label })),
    outcome: w.criteria.eligibility.key,
    villageOf: (h) => village(h.row),
    lang: 'zh',
  });

  t0 = performance.now();
  const before = fake.handle.syncs.length;
  await host.paintMarks([
    { sheet: w.households.name, marks: marks.households },
    ...(w.members ? [{ sheet: w.members.name, marks: marks.members }] : []),
  ]);
  await host.writeResultSheet(check);
  await host.writeResultSheet(score);
  const markMs = performance.now() - t0;
  const markFakeMs = fakeMs(before);
  const markSyncs = fake.handle.syncs.slice(before);
  const markBytes = markSyncs.reduce((n, s) => n + s.requestBytes + s.responseBytes, 0);
  const all = fake.handle.syncs;
  const maxBytes = Math.max(...all.map((s) => Math.max(s.requestBytes, s.responseBytes)));
  const clerkFormatWrites = [w.households.name, w.members?.name].reduce(
    (n, s) => n + (s ? (fake.handle.host.formatWrites.get(s) ?? 0) : 0),
    0,
  );
  return {
    rows,
    listSyncs,
    readSyncs,
    readSyncGoal: Math.ceil(rows / 10_000),
    readMs: Math.round(readMs),
    /** Of which the fake Excel's own work (what real Excel would spend instead). */
    readFakeMs,
    markedCells: marks.households.cells.length + marks.members.cells.length,
    markRules:
      fake.handle.conditionalFormats(w.households.name).length + (w.members ? fake.handle.conditionalFormats(w.members.name).length : 0),
    checkLines: check.rows.length,
    scoreLines: score.rows.length,
    markSyncs: markSyncs.length,
    markBytes,
    markSyncGoal: Math.ceil(markBytes / FOUR_MB) + 5,
    markMs: Math.round(markMs),
    markFakeMs,
    maxBytes,
    failedSyncs: all.filter((s) => s.error).length,
    violations: fake.handle.violations.length,
    clerkFormatWrites,
    fake,
    marks,
    check,
    score,
  };
}

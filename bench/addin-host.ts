/**
 * The Excel host adapter on the fake Excel (Node): a 100,000-household roster (户表 + 人表) and
 * the same households as a one-row-per-person 防返贫监测 export, each validated the way the pane
 * does it — read the sheets in blocks, run core, paint marks, write 校验结果 and 评分结果 — while
 * the fake counts every `context.sync()` and its bytes (Excel on the web's limits enforced).
 *
 *   read_syncs_100k     syncs to read both sheets of the 100k roster (goal: ≤ one per 10,000 rows)
 *   mark_syncs_100k     syncs for marks + both result sheets (goal: ≤ ⌈bytes ÷ 4 MB⌉ + 5)
 *   max_request_bytes   largest request or response of the whole validation (goal: ≤ 4 MB)
 *
 * @example
 * npm run bench -- --only addin_host
 */
import { compileCriteria, defaultCriteria, evaluateRoster, marksOf, monitoringCriteria } from '../core/index';
import type { Cell, Table } from '../core/types';
import type { RosterSheet } from '../core/marks/types';
import { excelHostOnFake } from '../addin/host/excel/on-fake';
import { checkSheet, scoreSheet } from '../addin/results/index';
import { createFakeExcel, type CellValue } from '../addin/testing/fake-excel';
import { EXPORT_PERIOD, generateExport } from './export';
import { type BenchOptions, printTable, round2, sharedRoster } from './harness';

/** 4 MB read strictly (4,000,000 bytes), and the unit of the sync goal. */
const FOUR_MB = 4_000_000;

type Compiled = ReturnType<typeof compileCriteria>;

interface Workbook {
  label: string;
  criteria: Compiled;
  period: string;
  households: { name: string; table: Table; headerRow: number };
  members: { name: string; table: Table; headerRow: number } | null;
}

const asCells = (t: Table): CellValue[][] => t.map((r) => r.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : v)));

/** The village of a household read from its own row, by the criteria's village headers. */
function villageReader(w: Workbook, table: Table): (row: number) => string | null {
  const index = w.criteria.fieldIndex.get('village');
  if (index === undefined) return () => null;
  const headers = new Set(w.criteria.fields[index].def.headers);
  const column = w.households.table[w.households.headerRow].findIndex((c) => headers.has(String(c ?? '').trim()));
  return (row) => (column < 0 ? null : String(table[row - 1]?.[column] ?? '') || null);
}

async function validate(w: Workbook) {
  const fake = createFakeExcel();
  fake.handle.addSheet(w.households.name, asCells(w.households.table));
  if (w.members) fake.handle.addSheet(w.members.name, asCells(w.members.table));
  fake.handle.resetStats();
  const host = excelHostOnFake(fake);

  let t0 = performance.now();
  const households = (await host.readSheet(w.households.name)) as Cell[][];
  const members = w.members ? ((await host.readSheet(w.members.name)) as Cell[][]) : undefined;
  const readMs = performance.now() - t0;
  const readSyncs = fake.handle.syncs.length;
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
    readSyncs,
    readSyncGoal: Math.ceil(rows / 10_000),
    readMs: round2(readMs),
    markedCells: marks.households.cells.length + marks.members.cells.length,
    markRules:
      fake.handle.conditionalFormats(w.households.name).length + (w.members ? fake.handle.conditionalFormats(w.members.name).length : 0),
    checkLines: check.rows.length,
    scoreLines: score.rows.length,
    markSyncs: markSyncs.length,
    markBytes,
    markSyncGoal: Math.ceil(markBytes / FOUR_MB) + 5,
    markMs: round2(markMs),
    maxBytes,
    failedSyncs: all.filter((s) => s.error).length,
    violations: fake.handle.violations.length,
    clerkFormatWrites,
  };
}

export async function runAddinHostBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { n, seed } = options;
  const { roster } = sharedRoster(n, seed);
  const roster100k = await validate({
    label: 'roster',
    criteria: compileCriteria(defaultCriteria),
    period: '2020',
    households: { name: '户表', table: roster.households, headerRow: 0 },
    members: { name: '人表', table: roster.members, headerRow: 0 },
  });
  const exp = generateExport(n, seed);
  const export100k = await validate({
    label: 'export',
    criteria: compileCriteria(monitoringCriteria),
    period: EXPORT_PERIOD,
    households: { name: '监测对象', table: exp.sheet, headerRow: 2 },
    members: null,
  });
  const head = [
    'workbook',
    'rows',
    'read syncs (goal)',
    'mark+sheet syncs (goal)',
    'mark bytes',
    'max req/resp bytes',
    'marked cells',
    'rules',
    'check lines',
    'read ms',
    'paint+sheets ms',
  ];
  const line = (label: string, f: Awaited<ReturnType<typeof validate>>) => [
    label,
    f.rows,
    `${f.readSyncs} (≤ ${f.readSyncGoal})`,
    `${f.markSyncs} (≤ ${f.markSyncGoal})`,
    f.markBytes,
    f.maxBytes,
    f.markedCells,
    f.markRules,
    f.checkLines,
    f.readMs,
    f.markMs,
  ];
  printTable(head, [line(`户表+人表 ${n}`, roster100k), line(`监测 export ${n}`, export100k)]);
  for (const [label, f] of [
    ['roster', roster100k],
    ['export', export100k],
  ] as const) {
    const ok =
      f.readSyncs <= f.readSyncGoal &&
      f.markSyncs <= f.markSyncGoal &&
      f.maxBytes <= FOUR_MB &&
      !f.failedSyncs &&
      !f.violations &&
      !f.clerkFormatWrites;
    console.log(
      `${label}: ${ok ? 'PASS' : 'FAIL'} (failed syncs ${f.failedSyncs}, limit violations ${f.violations}, format writes on the clerk's sheets ${f.clerkFormatWrites})`,
    );
  }
  return {
    households: n,
    read_syncs_100k: roster100k.readSyncs,
    mark_syncs_100k: roster100k.markSyncs,
    max_request_bytes: Math.max(roster100k.maxBytes, export100k.maxBytes),
    roster: roster100k,
    export: export100k,
    note: 'Node, fake Excel (addin/testing/fake-excel): syncs and bytes are counted, Excel’s own time is not modelled; ms are the adapter + fake in Node.',
  };
}

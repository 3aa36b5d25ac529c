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
import { compileCriteria, defaultCriteria, monitoringCriteria } from '../core/index';
import { FOUR_MB, validateOnFake } from '../addin/testing/validate-on-fake';
import { EXPORT_PERIOD, generateExport } from './export';
import { type BenchOptions, codeVersion, machine, printTable, sharedRoster } from './harness';

export async function runAddinHostBench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { n, seed } = options;
  const { roster } = sharedRoster(n, seed);
  const roster100k = await validateOnFake({
    label: 'roster',
    criteria: compileCriteria(defaultCriteria),
    period: '2020',
    households: { name: '户表', table: roster.households, headerRow: 0 },
    members: { name: '人表', table: roster.members, headerRow: 0 },
  });
  const exp = generateExport(n, seed);
  const export100k = await validateOnFake({
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
  const line = (label: string, f: Awaited<ReturnType<typeof validateOnFake>>) => [
    label,
    f.rows,
    `${f.readSyncs} (≤ ${f.readSyncGoal})`,
    `${f.markSyncs} (≤ ${f.markSyncGoal})`,
    f.markBytes,
    f.maxBytes,
    f.markedCells,
    f.markRules,
    f.checkLines,
    `${f.readMs} (${f.readFakeMs})`,
    `${f.markMs} (${f.markFakeMs})`,
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
  const figures = (f: Awaited<ReturnType<typeof validateOnFake>>) => {
    const { fake: _fake, marks: _marks, check: _check, score: _score, ...rest } = f;
    return rest;
  };
  return {
    machine: machine(),
    code: codeVersion(['addin/host', 'addin/testing', 'addin/results', 'bench/addin-host.ts']),
    households: n,
    read_syncs_100k: roster100k.readSyncs,
    mark_syncs_100k: roster100k.markSyncs,
    max_request_bytes: Math.max(roster100k.maxBytes, export100k.maxBytes),
    roster: figures(roster100k),
    export: figures(export100k),
    note: 'Node, fake Excel (addin/testing/fake-excel): syncs and bytes are counted, Excel’s own time is not modelled; ms are the adapter + fake in Node.',
  };
}

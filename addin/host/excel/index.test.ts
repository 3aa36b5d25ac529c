import { describe, expect, it } from 'vitest';
import type { CellMark, SheetMarks } from '../../../core/marks/types';
import { generateRoster } from '../../../bench/roster';
import { createFakeExcel, type CellValue, type FakeExcel } from '../../testing/fake-excel';
import { HostError } from '../errors';
import type { HostAdapter } from '../types';
import { excelHostOnFake } from './on-fake';
import { isMarkFormula, MARK_STYLE } from './marks';
import { TEMPLATE_ROWS } from './sheets';
import { parseAddress } from '../../testing/fake-excel/a1';

const FOUR_MB = 4 * 1024 * 1024;

function rosterWorkbook(n: number, seed = 1): { fake: FakeExcel; host: HostAdapter; households: CellValue[][]; members: CellValue[][] } {
  const roster = generateRoster(n, seed);
  const clean = (t: unknown[][]) => t.map((r) => r.map((v) => (v === null || v === undefined ? '' : v)) as CellValue[]);
  const households = clean(roster.households);
  const members = clean(roster.members);
  const fake = createFakeExcel();
  fake.handle.addSheet('户表', households, {
    formats: [{ rect: { r0: 0, c0: 0, r1: 0, c1: 31 }, bold: true, fill: '#DDEBF7' }],
    columnWidths: { 0: 80 },
    frozen: { rows: 1, columns: 0 },
    conditionalFormats: [
      { type: 'Custom', ranges: [{ r0: 1, c0: 13, r1: n, c1: 13 }], formula: '=N1<0', fontColor: '#FF0000', stopIfTrue: false },
    ],
  });
  fake.handle.addSheet('人表', members);
  fake.handle.resetStats();
  return { fake, host: excelHostOnFake(fake), households, members };
}

function mark(row: number, column: number, severity: 'error' | 'warning' = 'error'): CellMark {
  return { row, column, severity, reasons: [{ rule: 'enum', severity, message: { zh: '不在列表中', en: 'not in the list' } }] };
}

function marksOfCells(cells: CellMark[], rows: SheetMarks['rows'] = []): SheetMarks {
  return {
    cells,
    rows,
    errors: cells.filter((c) => c.severity === 'error').length,
    warnings: cells.filter((c) => c.severity === 'warning').length,
  };
}

/** Cells covered by the add-in's rules of one severity on a sheet, as "row,col" (0-based). */
function markedCells(fake: FakeExcel, sheet: string, severity: 'error' | 'warning'): Set<string> {
  const out = new Set<string>();
  for (const cf of fake.handle.conditionalFormats(sheet)) {
    if (!isMarkFormula(cf.formula) || !cf.formula.includes(severity)) continue;
    for (const r of cf.ranges) for (let i = r.r0; i <= r.r1; i++) for (let j = r.c0; j <= r.c1; j++) out.add(`${i},${j}`);
  }
  return out;
}

describe('Excel host: reading', () => {
  it('reads a sheet whole in blocks of 10,000 data rows, one sync each, the first with the used range', async () => {
    const { fake, host, households } = rosterWorkbook(25_000);
    const progress: number[] = [];
    const rows = await host.readSheet('户表', { onProgress: (read) => progress.push(read) });
    expect(rows).toEqual(households);
    expect(fake.handle.syncs).toHaveLength(3);
    expect(progress).toEqual([10_001, 20_001, 25_001]);
    expect(Math.max(...fake.handle.syncs.map((s) => Math.max(s.requestBytes, s.responseBytes)))).toBeLessThan(FOUR_MB);
    expect(fake.handle.violations).toEqual([]);
  });

  it('reads a block Excel refuses as too large again in smaller blocks, each answer then under 4 MB', async () => {
    const long = '很长的一段说明文字'.repeat(20);
    const rows: CellValue[][] = [['户编号', '说明', '备注'], ...Array.from({ length: 12_000 }, (_, i) => [`H${i}`, long, long])];
    const fake = createFakeExcel();
    fake.handle.addSheet('户表', rows);
    const host = excelHostOnFake(fake);
    expect(await host.readSheet('户表')).toEqual(rows);
    // The first block (10,001 rows of unknown width) is refused once; every answer after is under 4 MB.
    const [refused, ...answered] = fake.handle.syncs;
    expect(refused.error).toBe('ResponsePayloadSizeLimitExceeded');
    expect(answered.every((s) => !s.error && s.responseBytes < FOUR_MB)).toBe(true);
  });

  it('reads an empty sheet as no rows, and a sheet whose data starts below row 1 from A1', async () => {
    const fake = createFakeExcel();
    fake.handle.addSheet('空', []);
    fake.handle.addSheet('下移', [[], [], ['', '', 'x']]);
    const host = excelHostOnFake(fake);
    expect(await host.readSheet('空')).toEqual([]);
    expect(await host.readSheet('下移')).toEqual([
      ['', '', ''],
      ['', '', ''],
      ['', '', 'x'],
    ]);
  });

  it('reads one range by 1-based row and 0-based column', async () => {
    const { host, households } = rosterWorkbook(10);
    expect(await host.readRange({ sheet: '户表', row: 3, column: 1, rowCount: 2, columnCount: 2 })).toEqual([
      households[2].slice(1, 3),
      households[3].slice(1, 3),
    ]);
  });

  it('lists sheets with their extent from A1 and which the add-in owns', async () => {
    const { host, members } = rosterWorkbook(10);
    await host.writeResultSheet({ name: '校验结果', columns: [{ header: '行' }], rows: [[1]] });
    const sheets = await host.listSheets();
    expect(sheets).toEqual([
      { name: '户表', rowCount: 11, columnCount: 32, visible: true, ownedByAddin: false },
      {
        name: '人表',
        rowCount: members.length,
        columnCount: Math.max(...members.map((r) => r.length)),
        visible: true,
        ownedByAddin: false,
      },
      { name: '校验结果', rowCount: 2, columnCount: 1, visible: true, ownedByAddin: true },
    ]);
  });

  it('names a missing sheet in Chinese and English', async () => {
    const { host } = rosterWorkbook(5);
    const err = await host.readSheet('不存在').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).code).toBe('sheet_not_found');
    expect((err as HostError).text.zh).toMatch(/找不到/);
  });
});

describe('Excel host: marks', () => {
  it('paints errors red and warnings yellow with rules it owns, without a format call on the clerk sheet', async () => {
    const { fake, host, households } = rosterWorkbook(50);
    const before = fake.handle.snapshot() as { sheets: { formats: unknown }[] };
    const marks = marksOfCells([mark(2, 1), mark(2, 2), mark(3, 1), mark(5, 7, 'warning')], [{ row: 9, severity: 'error', reasons: [] }]);
    await host.paintMarks([{ sheet: '户表', marks }]);
    expect(markedCells(fake, '户表', 'error')).toEqual(new Set(['1,1', '1,2', '2,1', '8,0']));
    expect(markedCells(fake, '户表', 'warning')).toEqual(new Set(['4,7']));
    const ours = fake.handle.conditionalFormats('户表').filter((cf) => isMarkFormula(cf.formula));
    expect(ours.map((cf) => [cf.fill, cf.fontColor])).toContainEqual([MARK_STYLE.error.fill, MARK_STYLE.error.font]);
    expect(fake.handle.host.formatWrites.get('户表')).toBeUndefined();
    expect(fake.handle.values('户表')).toEqual(households);
    expect((fake.handle.snapshot() as typeof before).sheets[0].formats).toEqual(before.sheets[0].formats);
    expect(fake.handle.syncs).toHaveLength(2);
  });

  it('replaces its earlier marks on a repaint and keeps the clerk rule', async () => {
    const { fake, host } = rosterWorkbook(20);
    await host.paintMarks([{ sheet: '户表', marks: marksOfCells([mark(2, 1)]) }]);
    await host.paintMarks([{ sheet: '户表', marks: marksOfCells([mark(4, 4, 'warning')]) }]);
    expect(markedCells(fake, '户表', 'error')).toEqual(new Set());
    expect(markedCells(fake, '户表', 'warning')).toEqual(new Set(['3,4']));
    expect(fake.handle.conditionalFormats('户表').filter((cf) => !isMarkFormula(cf.formula))).toHaveLength(1);
  });

  it('covers 6,000 scattered cells exactly, every address under the 8,192-character cut', async () => {
    const { fake, host } = rosterWorkbook(3_000);
    const cells: CellMark[] = [];
    for (let r = 2; r <= 3_001; r++)
      for (const c of [0, 3, 5, 9, 17, 30]) if ((r * 7 + c) % 3 === 0) cells.push(mark(r, c, (r + c) % 2 ? 'error' : 'warning'));
    await host.paintMarks([{ sheet: '户表', marks: marksOfCells(cells) }]);
    const expectError = new Set(cells.filter((c) => c.severity === 'error').map((c) => `${c.row - 1},${c.column}`));
    const expectWarning = new Set(cells.filter((c) => c.severity === 'warning').map((c) => `${c.row - 1},${c.column}`));
    expect(markedCells(fake, '户表', 'error')).toEqual(expectError);
    expect(markedCells(fake, '户表', 'warning')).toEqual(expectWarning);
    expect(fake.handle.conditionalFormats('户表').filter((cf) => isMarkFormula(cf.formula)).length).toBeGreaterThan(2);
    expect(fake.handle.violations).toEqual([]);
  });

  it('clears only its own marks', async () => {
    const { fake, host } = rosterWorkbook(20);
    const before = fake.handle.snapshot();
    await host.paintMarks([
      { sheet: '户表', marks: marksOfCells([mark(2, 1)]) },
      { sheet: '人表', marks: marksOfCells([mark(3, 2, 'warning')]) },
    ]);
    await host.clearMarks();
    expect(fake.handle.snapshot()).toEqual(before);
  });
});

describe('Excel host: result sheets', () => {
  const spec = () => ({
    name: '校验结果',
    titleRows: ['花名册校验 · 标准 v3'],
    columns: [
      { header: '工作表', width: 8 },
      { header: '行', format: 'integer' as const },
      { header: '户编号', format: 'text' as const, width: 22 },
      { header: '说明', width: 40 },
    ],
    rows: [
      ['户表', 2, '532526010100010001', '不在列表中'],
      ['人表', 7, '532526010100010002', null],
    ],
    links: [{ row: 0, column: 1, target: { sheet: '户表', row: 2, column: 8 } }],
    charts: [{ kind: 'column' as const, title: '问题', categoryColumn: 0, seriesColumns: [1] }],
  });

  it('writes header, text IDs with every digit, links to the cells, widths and a frozen header', async () => {
    const { fake, host } = rosterWorkbook(5);
    await host.writeResultSheet(spec());
    const s = fake.handle.sheet('校验结果');
    expect(fake.handle.values('校验结果')).toEqual([
      ['花名册校验 · 标准 v3', '', '', ''],
      ['工作表', '行', '户编号', '说明'],
      ['户表', 2, '532526010100010001', '不在列表中'],
      ['人表', 7, '532526010100010002', ''],
    ]);
    expect(s.hyperlinks.get('2,1')).toEqual({ documentReference: "'户表'!I2" });
    expect(s.frozen).toEqual({ rows: 2, columns: 0 });
    expect(s.columnWidths.get(2)).toBe(136);
    expect(fake.handle.charts('校验结果')).toEqual([
      expect.objectContaining({ type: 'ColumnClustered', title: '问题', source: "'校验结果'!A2:B4" }),
    ]);
  });

  it('rewrites its own sheet and refuses to overwrite a clerk sheet of the same name', async () => {
    const { fake, host } = rosterWorkbook(5);
    await host.writeResultSheet(spec());
    await host.writeResultSheet({ ...spec(), rows: [spec().rows[0]], links: [], charts: [] });
    expect(fake.handle.values('校验结果')).toHaveLength(3);
    fake.handle.addSheet('评分结果', [['clerk']]);
    const err = await host.writeResultSheet({ ...spec(), name: '评分结果' }).catch((e: unknown) => e);
    expect((err as HostError).code).toBe('sheet_name_taken');
    expect(fake.handle.values('评分结果')).toEqual([['clerk']]);
  });

  it('after a listing, writes a small result sheet in one round trip', async () => {
    const { fake, host } = rosterWorkbook(5);
    await host.listSheets();
    fake.handle.resetStats();
    await host.writeResultSheet(spec());
    expect(fake.handle.syncs).toHaveLength(1);
    await host.writeResultSheet(spec());
    expect(fake.handle.syncs).toHaveLength(2);
    expect(fake.handle.values('校验结果')).toHaveLength(4);
  });

  it('when the clerk changed the sheets since, redoes the write with a look-up and never takes the clerk sheet', async () => {
    const { fake, host } = rosterWorkbook(5);
    await host.listSheets();
    fake.handle.addSheet('校验结果', [['clerk notes']]);
    const err = await host.writeResultSheet(spec()).catch((e: unknown) => e);
    expect((err as HostError).code).toBe('sheet_name_taken');
    expect(fake.handle.values('校验结果')).toEqual([['clerk notes']]);
    await host.clearAll();
    expect(fake.handle.values('校验结果')).toEqual([['clerk notes']]);

    await host.writeResultSheet({ ...spec(), name: '评分结果' });
    const state = fake.handle.host.state;
    state.sheets = state.sheets.filter((s) => s.name !== '评分结果');
    await host.writeResultSheet({ ...spec(), name: '评分结果' });
    expect(fake.handle.values('评分结果')).toHaveLength(4);
  });

  it('deletes only a sheet it owns', async () => {
    const { fake, host } = rosterWorkbook(5);
    await host.writeResultSheet(spec());
    await host.deleteResultSheet('校验结果');
    await host.deleteResultSheet('户表');
    expect(fake.handle.sheetNames()).toEqual(['户表', '人表']);
  });
});

describe('Excel host: template', () => {
  it('formats ID columns as text before any value, freezes the header, and adds drop-downs from a hidden list sheet', async () => {
    const fake = createFakeExcel();
    fake.handle.addSheet('Sheet1', []);
    const host = excelHostOnFake(fake);
    await host.writeTemplate([
      {
        name: '户表',
        headers: ['户编号', '乡镇', '户主证件号码'],
        textColumns: [0, 2],
        widths: [20, 10, 22],
        lists: [{ column: 1, values: ['新哨镇', '虹溪镇'] }],
      },
      { name: '人表', headers: ['户编号', '性别'], textColumns: [0], lists: [{ column: 1, values: ['男', '女'] }] },
    ]);
    const s = fake.handle.sheet('户表');
    expect(s.formats.filter((f) => f.numberFormat === '@').map((f) => f.rect.c0)).toEqual([0, 2]);
    expect(s.frozen.rows).toBe(1);
    expect(s.validations).toEqual([
      { rect: { r0: 1, c0: 1, r1: TEMPLATE_ROWS, c1: 1 }, listSource: "='花名册校验_下拉'!$A$1:$A$2", inCellDropDown: true },
    ]);
    expect(fake.handle.sheet('人表').validations[0].listSource).toBe("='花名册校验_下拉'!$B$1:$B$2");
    expect(fake.handle.sheet('花名册校验_下拉').visibility).toBe('Hidden');
    expect(fake.handle.values('花名册校验_下拉')).toEqual([
      ['新哨镇', '男'],
      ['虹溪镇', '女'],
    ]);
    // A clerk's 18-digit ID keeps every digit in the template's text column.
    await fake.Excel.run(async (context: any) => {
      context.workbook.worksheets.getItem('户表').getRange('A2:C2').values = [['532526199001011234', '新哨镇', '532526199001011234']];
      await context.sync();
    });
    expect(fake.handle.values('户表')[1]).toEqual(['532526199001011234', '新哨镇', '532526199001011234']);
    const taken = await host.writeTemplate([{ name: '户表', headers: ['x'], textColumns: [] }]).catch((e: unknown) => e);
    expect((taken as HostError).code).toBe('sheet_name_taken');
  });
});

describe('Excel host: clear and repeat', () => {
  async function validate(host: HostAdapter, n: number) {
    await host.paintMarks([{ sheet: '户表', marks: marksOfCells([mark(2, 1), mark(n, 5, 'warning')]) }]);
    await host.writeResultSheet({
      name: '校验结果',
      columns: [{ header: '行' }],
      rows: [[2], [n]],
      links: [{ row: 0, column: 0, target: { sheet: '户表', row: 2, column: 1 } }],
    });
    await host.writeResultSheet({ name: '评分结果', columns: [{ header: '户编号', format: 'text' }], rows: [['0001']] });
  }

  it('leaves the workbook as it was after clearAll; validating twice equals validating once', async () => {
    const { fake, host } = rosterWorkbook(30);
    const before = fake.handle.snapshot();
    await validate(host, 10);
    const once = fake.handle.snapshot();
    await validate(host, 10);
    expect(fake.handle.snapshot()).toEqual(once);
    await host.clearAll();
    expect(fake.handle.snapshot()).toEqual(before);
  });

  it('clearAll deletes the names the add-in registered and keeps the clerk names', async () => {
    const { fake, host } = rosterWorkbook(5);
    const state = fake.handle.host.state;
    state.names.set('户数', { name: '户数', formula: "='户表'!$A$2:$A$6", visible: true, comment: '' });
    state.names.set('花名册校验_范围', { name: '花名册校验_范围', formula: "='户表'!$B$2", visible: true, comment: '' });
    state.settings.set('rosterCheck.owned', JSON.stringify({ sheets: [], names: ['花名册校验_范围'], validations: [], listColumns: 0 }));
    await host.clearAll();
    expect([...state.names.keys()]).toEqual(['户数']);
    expect(state.settings.has('rosterCheck.owned')).toBe(false);
  });

  it('clearAll also takes the template drop-downs and the hidden list sheet, nothing of the clerk', async () => {
    const { fake, host } = rosterWorkbook(5);
    const before = fake.handle.snapshot();
    await host.writeTemplate([
      { name: '模板户表', headers: ['户编号', '乡镇'], textColumns: [0], lists: [{ column: 1, values: ['新哨镇'] }] },
    ]);
    await host.clearAll();
    expect(fake.handle.sheetOrNull('花名册校验_下拉')).toBeNull();
    expect(fake.handle.sheet('模板户表').validations).toEqual([]);
    const after = fake.handle.snapshot() as { sheets: { name: string }[] };
    expect({ ...after, sheets: after.sheets.filter((s) => s.name !== '模板户表') }).toEqual(before);
  });
});

describe('Excel host: events and selection', () => {
  it('reports the clerk edits per area, not the add-in writes to its own sheets, until unsubscribed', async () => {
    const { fake, host } = rosterWorkbook(5);
    const edits: unknown[] = [];
    const off = await host.onEdit((e) => edits.push(e.range));
    fake.handle.edit('户表', 'B3:C4', [
      ['新哨镇', 'x'],
      ['虹溪镇', 'y'],
    ]);
    await host.writeResultSheet({ name: '校验结果', columns: [{ header: '行' }], rows: [[1]] });
    await new Promise((r) => setTimeout(r, 0));
    expect(edits).toEqual([{ sheet: '户表', row: 3, column: 1, rowCount: 2, columnCount: 2 }]);
    await off();
    fake.handle.edit('户表', 'B3', [['x']]);
    await new Promise((r) => setTimeout(r, 0));
    expect(edits).toHaveLength(1);
  });

  it('reports the clerk selection and selects a cell for the pane', async () => {
    const { fake, host } = rosterWorkbook(5);
    const seen: unknown[] = [];
    const off = await host.onSelection((e) => seen.push(e));
    fake.handle.select('人表', 'D7');
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([{ sheet: '人表', row: 7, column: 3 }]);
    await host.selectCell({ sheet: '户表', row: 12, column: 2 });
    expect(fake.handle.selection()).toEqual({ sheet: '户表', address: parseAddress('C12')!.rects[0] });
    await off();
  });
});

describe('Excel host: requirement sets', () => {
  it('refuses Excel older than ExcelApi 1.9 and reports newer sets only when present', () => {
    expect(() => excelHostOnFake(createFakeExcel({ excelApiMinor: 8 }))).toThrow(HostError);
    expect(excelHostOnFake(createFakeExcel({ excelApiMinor: 9 })).capabilities).toEqual({
      comments: false,
      changeSource: false,
      notes: false,
      undoGrouping: false,
    });
    expect(excelHostOnFake(createFakeExcel({ excelApiMinor: 20 })).capabilities).toEqual({
      comments: true,
      changeSource: true,
      notes: true,
      undoGrouping: true,
    });
    expect(excelHostOnFake(createFakeExcel({ displayLanguage: 'en-US' })).displayLanguage()).toBe('en-US');
  });
});

import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { deflateRawSync } from 'node:zlib';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster, monitoringCriteria } from '../../core/index';
import type { Cell, Table } from '../../core/types';
import { generateExport, EXPORT_PERIOD } from '../../bench/export';
import { generateRoster } from '../../bench/roster';
import { checkWorkbook } from '../roster/check';
import { writeRosterWorkbook } from '../testing/workbooks';
import { zlibInflater } from '../files';
import { XlsxError } from './errors';
import { openWorkbook } from './read';
import { writeWorkbook } from './write';
import { ZipWriter } from './zip-write';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-read-'));
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const criteria = compileCriteria(defaultCriteria);

/** What Excel's API hands over for a table written with exceljs: "" cells are empty. */
const asExcel = (t: Table): Table => t.map((r) => r.map((v) => (v === '' ? null : v)));

/** An exceljs cell value as Excel's API shows it: rich text as its text, dates as serials. */
function plain(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.getTime() / 86_400_000 + 25569;
  if (typeof v === 'object' && 'richText' in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return (v as { result: Cell }).result;
  // LibreOffice writes a boolean as the formula TRUE()/FALSE() with its value; exceljs drops the value.
  if (typeof v === 'object' && 'formula' in v) return { 'TRUE()': true, 'FALSE()': false }[(v as { formula: string }).formula] ?? null;
  return v as Cell;
}

async function tablesOf(path: string): Promise<Record<string, Table>> {
  const book = await openWorkbook(readFileSync(path), { inflate: zlibInflater });
  const out: Record<string, Table> = {};
  for (const s of book.sheets) out[s.name] = await book.readSheet(s);
  return out;
}

/** Cells equal, treating a missing trailing cell and null alike. */
function expectSameTable(got: Table, want: Table): void {
  expect(got.length).toBe(want.length);
  for (let r = 0; r < want.length; r++) {
    const w = want[r];
    const g = got[r];
    const n = Math.max(w.length, g.length);
    for (let c = 0; c < n; c++) expect([r, c, g[c] ?? null]).toEqual([r, c, w[c] ?? null]);
  }
}

async function fail(bytes: Uint8Array): Promise<XlsxError> {
  try {
    await checkWorkbook(bytes, { criteria, inflate: zlibInflater });
  } catch (err) {
    expect(err).toBeInstanceOf(XlsxError);
    return err as XlsxError;
  }
  throw new Error('expected the file to be refused');
}

describe('openWorkbook on files exceljs writes', () => {
  it('reads a dirty roster with a merged title row cell for cell, and core gives the same result as on the tables', async () => {
    const roster = generateRoster(300, 5, { dirtyRate: 0.3 });
    const path = join(dir, 'dirty.xlsx');
    await writeRosterWorkbook(path, { households: roster.households, members: roster.members, titleRows: ['某县花名册', '填报单位：某镇'], merge: true });
    const tables = await tablesOf(path);
    const households = [['某县花名册'], ['填报单位：某镇'], ...asExcel(roster.households)];
    const members = [['某县花名册'], ['填报单位：某镇'], ...asExcel(roster.members)];
    expectSameTable(tables['户表'], households);
    expectSameTable(tables['人表'], members);
    const checked = await checkWorkbook(readFileSync(path), { criteria, period: '2020', inflate: zlibInflater });
    const want = evaluateRoster(criteria, { households, members, period: '2020' });
    expect(checked.result).toEqual(want);
    expect(want.households.some((h) => h.issues.length > 0)).toBe(true);
    expect(checked.headers.households[0]).toBe('户编号');
  });

  it('reads a clean roster without members as a household sheet alone', async () => {
    const roster = generateRoster(50, 2, { dirtyRate: 0 });
    const path = join(dir, 'clean-no-members.xlsx');
    await writeRosterWorkbook(path, { households: roster.households });
    const checked = await checkWorkbook(readFileSync(path), { criteria, period: '2020', inflate: zlibInflater });
    expect(checked.sheets.members).toBeNull();
    expect(checked.result).toEqual(evaluateRoster(criteria, { households: asExcel(roster.households), period: '2020' }));
  });

  it('gives IDs stored as numbers as numbers (core reports them) and dates as Excel serial numbers', async () => {
    const roster = generateRoster(20, 3, { dirtyRate: 0 });
    const households = roster.households.map((r) => [...r]);
    const idCol = households[0].indexOf('户主证件号码');
    households[1][idCol] = Number(String(households[1][idCol]).replace(/X$/, '0'));
    households[0].push('填报日期');
    for (let r = 1; r < households.length; r++) households[r].push('2020-06-01');
    const path = join(dir, 'numbers-dates.xlsx');
    await writeRosterWorkbook(path, { households, members: roster.members, dateColumns: [households[0].length - 1] });
    const t = (await tablesOf(path))['户表'];
    expect(typeof t[1][idCol]).toBe('number');
    expect(t[1][households[0].length - 1]).toBe(43983); // 2020-06-01 as Excel shows its value
    const checked = await checkWorkbook(readFileSync(path), { criteria, period: '2020', inflate: zlibInflater });
    expect(checked.result.households[0].issues.map((i) => i.rule)).toContain('id_number');
  });

  it('reads a one-row-per-person export (monitoring profile) as core reads the table', async () => {
    const monitoring = compileCriteria(monitoringCriteria);
    const exp = generateExport(60, 4);
    const path = join(dir, 'export.xlsx');
    await writeRosterWorkbook(path, { households: exp.sheet, names: { households: '监测对象' } });
    const checked = await checkWorkbook(readFileSync(path), { criteria: monitoring, period: EXPORT_PERIOD, inflate: zlibInflater });
    expect(checked.result.layout).toBe('person-per-row');
    expect(checked.result).toEqual(evaluateRoster(monitoring, { households: asExcel(exp.sheet), period: EXPORT_PERIOD }));
  });

  it('skips a result sheet and an instructions sheet, and finds the roster sheets by their headers', async () => {
    const roster = generateRoster(10, 6);
    const path = join(dir, 'extra-sheets.xlsx');
    await writeRosterWorkbook(path, {
      extra: [
        { name: '填表说明', rows: [['请按模板填写'], ['户编号', '乡镇', '户主姓名']] },
        { name: '校验结果', rows: [['户编号', '乡镇', '行政村', '户主姓名']] },
      ],
      households: roster.households,
      members: roster.members,
      names: { households: 'Sheet2', members: 'Sheet3' },
    });
    const checked = await checkWorkbook(readFileSync(path), { criteria, period: '2020', inflate: zlibInflater });
    expect(checked.sheets.households.name).toBe('Sheet2');
    expect(checked.sheets.members?.name).toBe('Sheet3');
  });
});

describe('openWorkbook on files LibreOffice writes (committed fixture)', () => {
  it('reads them as exceljs does, and core gives the same result on either', async () => {
    const path = join(fixtures, 'libreoffice-roster.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const viaExceljs: Record<string, Table> = {};
    for (const ws of wb.worksheets) {
      const rows: Table = [];
      ws.eachRow({ includeEmpty: true }, (row, n) => {
        const values: Cell[] = [];
        // exceljs repeats a merged cell's value in every cell of the merge; Excel shows it once.
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          values[col - 1] = cell.isMerged && cell.master.address !== cell.address ? null : plain(cell.value);
        });
        rows[n - 1] = Array.from(values, (v) => v ?? null);
      });
      viaExceljs[ws.name] = Array.from(rows, (r) => r ?? []);
    }
    const ours = await tablesOf(path);
    // A merged title: LibreOffice keeps the text in the first cell only, as Excel shows it.
    expect(ours['户表'][0]).toEqual(['某县建档立卡贫困户花名册（2020年）']);
    expectSameTable(ours['户表'], viaExceljs['户表']);
    expectSameTable(ours['人表'], viaExceljs['人表']);
    const checked = await checkWorkbook(readFileSync(path), { criteria, period: '2020', inflate: zlibInflater });
    expect(checked.result).toEqual(evaluateRoster(criteria, { households: viaExceljs['户表'], members: viaExceljs['人表'], period: '2020' }));
    expect(checked.result.households.length).toBe(40);
  });
});

describe('cells as Excel shows them', () => {
  it('inline strings, rich text, shared strings, entities, booleans, errors and formula text', async () => {
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> 新哨镇 </t></is></c><c r="C2" t="s"><v>0</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2" t="str"><f>A2</f><v>a&amp;b</v></c></row>
<row r="3" spans="1:2"><c r="B3" t="inlineStr"><is><r><t>户</t></r><r><rPr><b/></rPr><t>编号</t></r><rPh sb="0" eb="1"><t>こ</t></rPh></is></c><c r="C3"><v>1.5E+17</v></c><c r="D3" s="2"/></row>
<row r="5"/></sheetData></worksheet>`;
    const strings = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><r><t>弥阳</t></r><r><t>街道_x000D_</t></r></si></sst>`;
    const bytes = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      '_rels/.rels': strToU8(`<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      'xl/workbook.xml': strToU8(`<workbook xmlns:r="r"><sheets><sheet name="A&amp;B" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
      ),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
      'xl/sharedStrings.xml': strToU8(strings),
    });
    const book = await openWorkbook(bytes);
    expect(book.sheets.map((s) => s.name)).toEqual(['A&B']);
    const t = await book.readSheet(book.sheets[0]);
    expect(t).toEqual([[], [' 新哨镇 ', null, '弥阳街道\r', true, '#N/A', 'a&b'], [null, '户编号', 1.5e17], [], []]);
  });

  it('reads back what the report writer writes (text, numbers, booleans, escapes)', async () => {
    const chunks: Uint8Array[] = [];
    await writeWorkbook([{ name: '汇总', columns: [{ header: '项目' }, { header: '值', text: true }], rows: [['a<b>&"c"', 12.5], [true, null], ['=1+1', '0012']] }], (c) => chunks.push(c));
    const book = await openWorkbook(concat(chunks));
    expect(await book.readSheet(book.sheets[0])).toEqual([['项目', '值'], ['a<b>&"c"', 12.5], [true], ['=1+1', '0012']]);
  });
});

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

describe('files that are no roster workbook get a clear sentence', () => {
  it('not a zip', async () => {
    const err = await fail(new TextEncoder().encode('户编号,乡镇\n1,新哨镇\n'));
    expect(err.code).toBe('not_zip');
    expect(err.text.zh).toContain('不是 .xlsx 文件');
  });

  it('an .xls written by LibreOffice', async () => {
    expect((await fail(readFileSync(join(fixtures, 'old-format.xls')))).code).toBe('xls');
  });

  it('a password-protected .xlsx', async () => {
    const err = await fail(readFileSync(join(fixtures, 'encrypted.xlsx')));
    expect(err.code).toBe('encrypted');
    expect(err.text.zh).toContain('密码');
  });

  it('an empty workbook, and one without a household sheet', async () => {
    const empty = join(dir, 'empty.xlsx');
    await writeRosterWorkbook(empty, {});
    expect((await fail(readFileSync(empty))).code).toBe('empty_workbook');
    const other = join(dir, 'other.xlsx');
    await writeRosterWorkbook(other, { extra: [{ name: '工资表', rows: [['姓名', '工资'], ['张三', 3000]] }] });
    const err = await fail(readFileSync(other));
    expect(err.code).toBe('no_household_sheet');
    expect(err.text.zh).toContain('找不到户表');
  });

  it('a damaged file (cut off)', async () => {
    const path = join(dir, 'cut.xlsx');
    await writeRosterWorkbook(path, { households: generateRoster(5, 1).households });
    const bytes = readFileSync(path);
    expect(['corrupt', 'not_zip']).toContain((await fail(bytes.subarray(0, bytes.length >> 1))).code);
  });

  it('a zip bomb: a worksheet that inflates a thousandfold, declared or not', async () => {
    const huge = new Uint8Array(150 * 1024 * 1024).fill(32);
    const text = (x: string) => [strToU8(x)];
    const chunks: Uint8Array[] = [];
    // Native deflate at level 9 (about 1,000 : 1 on one repeated byte).
    const zip = new ZipWriter((c) => chunks.push(c), (input) =>
      (async function* () {
        const parts: Uint8Array[] = [];
        for await (const c of input) parts.push(c);
        yield deflateRawSync(Buffer.concat(parts), { level: 9 });
      })(),
    );
    await zip.add('_rels/.rels', text(`<Relationships><Relationship Id="rId1" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>`));
    await zip.add('xl/workbook.xml', text(`<workbook><sheets><sheet name="户表" sheetId="1" r:id="rId1"/></sheets></workbook>`));
    await zip.add('xl/_rels/workbook.xml.rels', text(`<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`));
    await zip.add('xl/worksheets/sheet1.xml', [huge]);
    zip.finish();
    const bomb = concat(chunks);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await fail(bomb)).code).toBe('zip_bomb');
    // The same with the central directory lying about the size: caught while inflating.
    const liar = bomb.slice();
    const name = strToU8('xl/worksheets/sheet1.xml');
    for (let i = liar.length - 22; i > 0; i--) {
      if (liar[i] === 0x50 && liar[i + 1] === 0x4b && liar[i + 2] === 1 && liar[i + 3] === 2 && liar[i + 46] === name[0] && liar[i + 28] === name.length) {
        const v = new DataView(liar.buffer);
        if (new TextDecoder().decode(liar.subarray(i + 46, i + 46 + name.length)) === 'xl/worksheets/sheet1.xml') v.setUint32(i + 24, 1000, true);
      }
    }
    expect((await fail(liar)).code).toBe('zip_bomb');
  }, 60_000);
});

writeFileSync(join(dir, 'README'), 'test files of cli/xlsx/read.test.ts');

import { describe, expect, it } from 'vitest';
import { createFakeExcel } from './index';

// The fake is typed loosely on purpose (it is a test double); `any` keeps these tests readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Ctx = any;

function fakeWith(
  rows: (string | number)[][] = [
    ['户编号', '乡镇'],
    ['5325260001', '新哨镇'],
  ],
) {
  const fake = createFakeExcel({ excelApiMinor: 9 });
  fake.handle.addSheet('户表', rows);
  return fake;
}

describe('fake Excel: load and sync', () => {
  it('throws PropertyNotLoaded before load+sync, answers after', async () => {
    const fake = fakeWith();
    await fake.Excel.run(async (context: Ctx) => {
      const range = context.workbook.worksheets.getItem('户表').getRange('A1:B2');
      expect(() => range.values).toThrow(/not available/);
      range.load('values,address');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await context.sync();
      expect(range.values).toEqual([
        ['户编号', '乡镇'],
        ['5325260001', '新哨镇'],
      ]);
      expect(range.address).toBe("'户表'!A1:B2");
    });
    expect(fake.handle.syncs).toHaveLength(1);
  });

  it('reports a missing sheet at sync (ItemNotFound), and a null object for getItemOrNullObject', async () => {
    const fake = fakeWith();
    await fake.Excel.run(async (context: Ctx) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('人表');
      const present = context.workbook.worksheets.getItemOrNullObject('户表');
      expect(() => missing.isNullObject).toThrow(/not available/);
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      context.workbook.worksheets.getItem('人表').getRange('A1').load('values');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
    });
  });

  it('keeps actions before a failing one applied, as Excel does (no rollback)', async () => {
    const fake = fakeWith();
    await expect(
      fake.Excel.run(async (context: Ctx) => {
        const sheet = context.workbook.worksheets.getItem('户表');
        sheet.getRange('C1').values = [['x']];
        sheet.getRange('not an address').values = [['y']];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(fake.handle.value('户表', 'C1')).toBe('x');
  });

  it('flushes actions left after the batch with one more sync, as Excel.run does', async () => {
    const fake = fakeWith();
    await fake.Excel.run(async (context: Ctx) => {
      context.workbook.worksheets.getItem('户表').getRange('C1').values = [['late']];
    });
    expect(fake.handle.value('户表', 'C1')).toBe('late');
    expect(fake.handle.syncs).toHaveLength(1);
  });

  it('refuses values and number formats on an unbounded range, as Excel does', async () => {
    const fake = fakeWith();
    for (const set of [(r: Ctx) => (r.values = 'x'), (r: Ctx) => (r.numberFormat = '@')]) {
      const write = fake.Excel.run(async (context: Ctx) => {
        set(context.workbook.worksheets.getItem('户表').getRange('C:C'));
        await context.sync();
      });
      await expect(write).rejects.toMatchObject({ code: 'InvalidArgument' });
    }
  });

  it('refuses a 2-D array that does not match the range', async () => {
    const fake = fakeWith();
    const write = fake.Excel.run(async (context: Ctx) => {
      context.workbook.worksheets.getItem('户表').getRange('A1:B1').values = [['only one']];
      await context.sync();
    });
    await expect(write).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});

describe('fake Excel: what Excel does to values', () => {
  it('turns a numeric ID typed into a General cell into a 15-digit number; "@" first keeps it', async () => {
    const fake = fakeWith();
    const id = '532526199001011234';
    await fake.Excel.run(async (context: Ctx) => {
      const sheet = context.workbook.worksheets.getItem('户表');
      sheet.getRange('C1').values = [[id]];
      sheet.getRange('D1').numberFormat = [['@']];
      sheet.getRange('D1').values = [[id]];
      await context.sync();
    });
    expect(fake.handle.value('户表', 'C1')).toBe(532526199001011000);
    expect(fake.handle.value('户表', 'D1')).toBe(id);
  });
});

describe('fake Excel: limits of Excel on the web', () => {
  it('refuses a request over 5 MB before changing anything', async () => {
    const fake = fakeWith();
    const big = Array.from({ length: 50_000 }, (_, i) => [`行${i}`.padEnd(40, '填'), 'x']);
    await expect(
      fake.Excel.run(async (context: Ctx) => {
        context.workbook.worksheets.getItem('户表').getRange('A1:B50000').values = big;
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(fake.handle.value('户表', 'A1')).toBe('户编号');
    expect(fake.handle.syncs[0].requestBytes).toBeGreaterThan(5_000_000);
  });

  it('refuses a response over 5 MB', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [`行${i}`.padEnd(40, '填'), 'x']);
    const fake = fakeWith(rows);
    const read = fake.Excel.run(async (context: Ctx) => {
      context.workbook.worksheets.getItem('户表').getRange('A1:B50000').load('values');
      await context.sync();
    });
    await expect(read).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    // The same rows read in two halves pass.
    await fake.Excel.run(async (context: Ctx) => {
      const sheet = context.workbook.worksheets.getItem('户表');
      const a = sheet.getRange('A1:B25000').load('values');
      await context.sync();
      const b = sheet.getRange('A25001:B50000').load('values');
      await context.sync();
      expect(a.values.length + b.values.length).toBe(50_000);
    });
  });

  it('answers null for a read of more than 5,000,000 cells and records the violation', async () => {
    const fake = fakeWith();
    await fake.Excel.run(async (context: Ctx) => {
      const range = context.workbook.worksheets.getItem('户表').getRange('A1:E1000001').load('values');
      await context.sync();
      expect(range.values).toBeNull();
    });
    expect(fake.handle.violations).toEqual([expect.objectContaining({ kind: 'cellsPerRead' })]);
  });

  it('cuts an address at 8,192 characters: the areas past the cut are lost', async () => {
    const fake = fakeWith();
    const cells = Array.from({ length: 2000 }, (_, i) => `C${i + 1}`);
    const address = cells.join(',');
    expect(address.length).toBeGreaterThan(8192);
    await fake.Excel.run(async (context: Ctx) => {
      const areas = context.workbook.worksheets.getItem('户表').getRanges(address).load('areaCount');
      await context.sync();
      expect(areas.areaCount).toBeLessThan(2000);
    });
    expect(fake.handle.violations[0]).toMatchObject({ kind: 'addressChars' });
  });
});

describe('fake Excel: formats, conditional formats, names, settings, events', () => {
  it('adds a custom conditional format on RangeAreas and deletes it by id', async () => {
    const fake = fakeWith();
    let id = '';
    await fake.Excel.run(async (context: Ctx) => {
      const cf = context.workbook.worksheets.getItem('户表').getRanges('A2,B1:B2').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=TRUE';
      cf.custom.format.fill.color = '#FFC7CE';
      cf.load('id');
      await context.sync();
      id = cf.id;
    });
    expect(fake.handle.conditionalFormats('户表')).toEqual([
      expect.objectContaining({
        id,
        formula: '=TRUE',
        fill: '#FFC7CE',
        ranges: [
          { r0: 1, c0: 0, r1: 1, c1: 0 },
          { r0: 0, c0: 1, r1: 1, c1: 1 },
        ],
      }),
    ]);
    await fake.Excel.run(async (context: Ctx) => {
      const formats = context.workbook.worksheets
        .getItem('户表')
        .getRange()
        .conditionalFormats.load('items/id,items/customOrNullObject/rule/formula');
      await context.sync();
      expect(formats.items.map((f: Ctx) => f.customOrNullObject.rule.formula)).toEqual(['=TRUE']);
      context.workbook.worksheets.getItem('户表').getRange().conditionalFormats.getItem(id).delete();
      await context.sync();
    });
    expect(fake.handle.conditionalFormats('户表')).toEqual([]);
  });

  it('keeps names, settings, data validation, hyperlinks, widths and freeze panes', async () => {
    const fake = fakeWith();
    await fake.Excel.run(async (context: Ctx) => {
      const wb = context.workbook;
      const lists = wb.worksheets.add('名单');
      lists.getRange('A1:A2').values = [['男'], ['女']];
      lists.visibility = 'Hidden';
      wb.names.add('性别', lists.getRange('A1:A2'));
      wb.settings.add('k', { a: 1 });
      const sheet = wb.worksheets.getItem('户表');
      sheet.getRange('C2:C100').dataValidation.rule = { list: { inCellDropDown: true, source: '=性别' } };
      sheet.getRange('D2').hyperlink = { documentReference: "'户表'!A2", textToDisplay: 'A2' };
      sheet.getRange('A:A').format.columnWidth = 90;
      sheet.freezePanes.freezeRows(1);
      await context.sync();
      const setting = wb.settings.getItemOrNullObject('k').load('value');
      const name = wb.names.getItemOrNullObject('性别').load('formula');
      await context.sync();
      expect(setting.value).toEqual({ a: 1 });
      expect(name.formula).toBe('=名单!$A$1:$A$2'.replace('名单', "'名单'"));
    });
    const s = fake.handle.sheet('户表');
    expect(s.validations).toEqual([{ rect: { r0: 1, c0: 2, r1: 99, c1: 2 }, listSource: '=性别', inCellDropDown: true }]);
    expect(s.hyperlinks.get('1,3')).toEqual({ documentReference: "'户表'!A2", textToDisplay: 'A2' });
    expect(fake.handle.value('户表', 'D2')).toBe('A2');
    expect(s.columnWidths.get(0)).toBe(90);
    expect(s.frozen).toEqual({ rows: 1, columns: 0 });
    expect(fake.handle.sheet('名单').visibility).toBe('Hidden');
  });

  it('refuses to hide or delete the last visible sheet', async () => {
    const fake = fakeWith();
    const hide = fake.Excel.run(async (context: Ctx) => {
      context.workbook.worksheets.getItem('户表').visibility = 'Hidden';
      await context.sync();
    });
    await expect(hide).rejects.toMatchObject({ code: 'InvalidOperation' });
  });

  it('delivers edits and selections to registered handlers until removed', async () => {
    const fake = fakeWith();
    const seen: string[] = [];
    const handler: Ctx = await fake.Excel.run(async (context: Ctx) => {
      const sheets = context.workbook.worksheets;
      const h = sheets.onChanged.add(async (e: Ctx) => void seen.push(`changed ${e.worksheetId} ${e.address}`));
      sheets.onSelectionChanged.add(async (e: Ctx) => void seen.push(`selected ${e.address}`));
      await context.sync();
      return h;
    });
    const id = fake.handle.sheet('户表').id;
    fake.handle.edit('户表', 'B2', [['虹溪镇']]);
    fake.handle.select('户表', 'A2');
    await Promise.resolve();
    expect(seen).toEqual([`changed ${id} B2`, 'selected A2']);
    await fake.Excel.run(handler, async (context: Ctx) => {
      handler.remove();
      await context.sync();
    });
    fake.handle.edit('户表', 'B2', [['新哨镇']]);
    await Promise.resolve();
    expect(seen).toHaveLength(2);
  });

  it('answers requirement sets up to its configured version', () => {
    const fake = createFakeExcel({ excelApiMinor: 9 });
    expect(fake.Office.context.requirements.isSetSupported('ExcelApi', '1.9')).toBe(true);
    expect(fake.Office.context.requirements.isSetSupported('ExcelApi', '1.10')).toBe(false);
    expect(createFakeExcel().Office.context.requirements.isSetSupported('ExcelApi', '1.20')).toBe(true);
  });
});

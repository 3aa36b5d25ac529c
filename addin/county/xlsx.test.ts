import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxOf } from './xlsx';

describe('xlsxOf', () => {
  it('writes a workbook Excel readers open: titles, bold header, values, formats, widths', async () => {
    const bytes = xlsxOf({
      name: '汇总',
      titleRows: ['2024 期县级汇总', '贫困发生率仅覆盖 1/12 个乡镇'],
      columns: [
        { header: '乡镇', width: 12 },
        { header: '户数', format: 'integer' },
        { header: '达标率', format: 'percent' },
        { header: '户编号', format: 'text' },
      ],
      rows: [
        ['新哨镇', 5, 0.4, '532526000100010001'],
        ['<&"控制\u0001字符">', null, null, 12345],
      ],
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as never);
    const sheet = workbook.getWorksheet('汇总')!;
    expect(sheet.getCell('A1').value).toBe('2024 期县级汇总');
    expect(sheet.getRow(3).values).toEqual([undefined, '乡镇', '户数', '达标率', '户编号']);
    expect(sheet.getCell('A3').font?.bold).toBe(true);
    expect(sheet.getCell('B4').value).toBe(5);
    expect(sheet.getCell('C4').value).toBe(0.4);
    expect(sheet.getCell('C4').numFmt).toBe('0.00%');
    expect(sheet.getCell('D4').value).toBe('532526000100010001');
    expect(sheet.getCell('A5').value).toBe('<&"控制字符">');
    expect(sheet.getCell('B5').value).toBeNull();
    expect(sheet.getCell('D5').value).toBe('12345');
    expect(sheet.getColumn(1).width).toBe(12);
  });
});

import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fakeExcelScript } from './fake-excel-script';

describe('fake Excel browser script', () => {
  it('defines Excel, Office and __fakeExcel in a bare context (no Node, no DOM)', async () => {
    const script = await fakeExcelScript();
    // A context with the language and two web globals (queueMicrotask, performance): no Node, no DOM.
    const context: Record<string, unknown> = {
      __fakeExcelOptions: { excelApiMinor: 9, displayLanguage: 'en-US' },
      queueMicrotask,
      performance,
    };
    runInNewContext(script, context);
    const result = await runInNewContext(
      `(async () => {
        await Office.onReady();
        __fakeExcel.addSheet('户表', [['户编号'], ['0001']]);
        const values = await Excel.run(async (context) => {
          const r = context.workbook.worksheets.getItem('户表').getRange('A1:A2').load('values');
          await context.sync();
          return r.values;
        });
        return { values, lang: Office.context.displayLanguage, v10: Office.context.requirements.isSetSupported('ExcelApi', '1.10'), syncs: __fakeExcel.syncs.length };
      })()`,
      context,
    );
    expect(JSON.parse(JSON.stringify(result))).toEqual({ values: [['户编号'], ['0001']], lang: 'en-US', v10: false, syncs: 1 });
  });
});

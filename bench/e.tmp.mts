import ExcelJS from 'exceljs';
const t = performance.now();
const reader = new ExcelJS.stream.xlsx.WorkbookReader('/tmp/roster-100k.xlsx', { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' } as any);
let rows = 0, cells = 0;
for await (const ws of reader) for await (const row of ws as any) { rows++; cells += (row.values as unknown[]).length; }
console.log('exceljs', performance.now() - t, rows, cells, process.resourceUsage().maxRSS / 1024);

/**
 * Entry for the browser build of the fake Excel (esbuild → one script): defines `Excel` and
 * `Office` as office.js would, and `__fakeExcel` (the test-side handle). Options may be set
 * before the script runs as `globalThis.__fakeExcelOptions` (e.g. { excelApiMinor: 9,
 * displayLanguage: 'en-US' }).
 */
import { createFakeExcel, type FakeHostOptions } from './index';

const g = globalThis as unknown as Record<string, unknown>;
const fake = createFakeExcel((g.__fakeExcelOptions as FakeHostOptions | undefined) ?? {});
g.Excel = fake.Excel;
g.Office = fake.Office;
g.__fakeExcel = fake.handle;

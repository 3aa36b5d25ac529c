/**
 * The Excel adapter wired to the fake Excel, for tests and benches in Node (in Chromium the fake
 * defines the globals and `createExcelHost()` finds them).
 *
 * @example
 * const fake = createFakeExcel();
 * const host = excelHostOnFake(fake);
 */
import type { FakeExcel } from '../../testing/fake-excel';
import type { HostAdapter } from '../types';
import { createExcelHost } from './index';
import type { ExcelApi, OfficeApi } from './office';

export function excelHostOnFake(fake: FakeExcel): HostAdapter {
  return createExcelHost({ excel: fake.Excel as unknown as ExcelApi, office: fake.Office as unknown as OfficeApi });
}

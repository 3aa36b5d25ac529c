/// <reference types="office-js" />
/**
 * What the Excel adapter needs from office.js, injectable so tests pass the fake Excel
 * (addin/testing/fake-excel) and the pane passes the real globals.
 */
import { HostError } from '../errors';
import type { HostCapabilities } from '../types';

export interface ExcelApi {
  run: typeof Excel.run;
}

export interface OfficeApi {
  context: {
    displayLanguage: string;
    requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  };
}

/** The oldest Excel the add-in runs on: 1.9 brings getRanges/RangeAreas and sheet-collection events. */
export const MIN_EXCEL_API = '1.9';

export function capabilitiesOf(office: OfficeApi): HostCapabilities {
  const has = (version: string) => office.context.requirements.isSetSupported('ExcelApi', version);
  return { comments: has('1.10'), changeSource: has('1.14'), notes: has('1.18'), undoGrouping: has('1.20') };
}

export function requireMinimum(office: OfficeApi): void {
  if (office.context.requirements.isSetSupported('ExcelApi', MIN_EXCEL_API)) return;
  throw new HostError('unsupported_host', {
    zh: '此版本的 Excel 太旧（需要 ExcelApi 1.9：Microsoft 365、网页版 Excel、Office 2021 及以上或 Mac）。Office 2016/2019 请改用离线校验页面。',
    en: 'This Excel is too old (ExcelApi 1.9 needed: Microsoft 365, Excel on the web, Office 2021 or later, or Mac). On Office 2016/2019 use the offline check page.',
  });
}

/** Office.js error codes mapped to sentences a clerk can read. */
export function hostErrorOf(err: unknown): HostError {
  if (err instanceof HostError) return err;
  const code = (err as { code?: string } | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'ItemNotFound') {
    return new HostError(
      'sheet_not_found',
      { zh: `找不到工作表或单元格（${detail}）。`, en: `A worksheet or cell was not found (${detail}).` },
      { cause: err },
    );
  }
  if (code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded') {
    return new HostError('too_large', { zh: '一次发给 Excel 的数据太多。', en: 'Too much data for one Excel request.' }, { cause: err });
  }
  return new HostError('host_failure', { zh: `Excel 报错：${detail}`, en: `Excel failed: ${detail}` }, { cause: err });
}

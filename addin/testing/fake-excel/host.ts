/**
 * The fake Excel's engine: the workbook state, the limits Excel on the web enforces, the sync
 * log (count and bytes of every request and response) and the event registrations. The
 * Office.js-like objects in ./proxies.ts queue actions here; `sync` runs them in order.
 */
import { newWorkbook, type WorkbookState } from './state';

export interface FakeLimits {
  /** Excel on the web: 5 MB per request and per response (RequestPayloadSizeLimitExceeded). */
  requestBytes: number;
  responseBytes: number;
  /** A read of more cells than this answers null instead of the values. */
  cellsPerRead: number;
  /** getRange/getRanges silently cut an address at this many characters. */
  addressChars: number;
}

/** 5 MB read as 5,000,000 bytes: the fake fails no later than Excel would. */
export const EXCEL_WEB_LIMITS: FakeLimits = {
  requestBytes: 5_000_000,
  responseBytes: 5_000_000,
  cellsPerRead: 5_000_000,
  addressChars: 8_192,
};

/** Bytes a queued action costs beyond its arguments (Office.js's action record: ids, type, name). */
export const ACTION_OVERHEAD_BYTES = 100;
/** Bytes of each object a request creates (Office.js sends an object path per getRange…, per navigation). */
export const OBJECT_PATH_BYTES = 80;

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  actions: number;
  /** Milliseconds the fake spent in this sync (its own "Excel time": a pane bench subtracts it). */
  ms: number;
  /** Set when the sync failed (the error's code). */
  error?: string;
}

/** A limit the fake saw crossed where Excel would misbehave quietly (null values, a cut address). */
export interface Violation {
  kind: 'cellsPerRead' | 'addressChars';
  detail: string;
}

export class FakeExcelError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string };
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message };
  }
}

export type EventKind = 'changed' | 'selectionChanged';

export interface Registration {
  kind: EventKind;
  /** A worksheet id, or null for the worksheet collection (every sheet). */
  sheetId: string | null;
  handler: (args: Record<string, unknown>) => unknown;
}

export interface FakeHostOptions {
  /** Highest ExcelApi minor version this host supports (default 20 = ExcelApi 1.20). */
  excelApiMinor?: number;
  displayLanguage?: string;
  limits?: Partial<FakeLimits>;
}

export class FakeHost {
  state: WorkbookState = newWorkbook();
  limits: FakeLimits;
  excelApiMinor: number;
  displayLanguage: string;
  syncs: SyncRecord[] = [];
  violations: Violation[] = [];
  registrations: Registration[] = [];
  /** Format writes (fill, font, number format, width) per sheet name, to prove none hit the clerk's sheets. */
  formatWrites = new Map<string, number>();

  constructor(options: FakeHostOptions = {}) {
    this.limits = { ...EXCEL_WEB_LIMITS, ...options.limits };
    this.excelApiMinor = options.excelApiMinor ?? 20;
    this.displayLanguage = options.displayLanguage ?? 'zh-CN';
  }

  resetStats(): void {
    this.syncs = [];
    this.violations = [];
    this.formatWrites.clear();
  }

  countFormatWrite(sheet: string): void {
    this.formatWrites.set(sheet, (this.formatWrites.get(sheet) ?? 0) + 1);
  }

  /** Deliver an event the way Office.js does: asynchronously, after the change. */
  fire(kind: EventKind, sheetId: string, args: Record<string, unknown>): void {
    for (const r of this.registrations) {
      if (r.kind !== kind || (r.sheetId !== null && r.sheetId !== sheetId)) continue;
      queueMicrotask(() => void r.handler({ ...args, worksheetId: sheetId }));
    }
  }
}

/** UTF-8 length of a string without TextEncoder allocations (strings here reach megabytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? 'null');
}

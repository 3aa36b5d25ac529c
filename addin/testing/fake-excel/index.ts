/**
 * An in-memory fake of the Excel JavaScript API (Office.js) for tests: the objects the Excel host
 * adapter uses, with Office.js's load/sync semantics, Excel on the web's limits, and a count of
 * every `context.sync()` and its bytes. Pure TypeScript (no Node, no DOM): the same code runs in
 * vitest and, bundled by ./globals.ts, inside Chromium.
 *
 * @example
 * const fake = createFakeExcel({ excelApiMinor: 9 });
 * fake.handle.addSheet('户表', [['户编号', '乡镇'], ['5325260001', '新哨镇']]);
 * await fake.Excel.run(async (context) => {
 *   const range = context.workbook.worksheets.getItem('户表').getRange('A1:B2').load('values');
 *   await context.sync();
 *   range.values; // [['户编号','乡镇'],['5325260001','新哨镇']]
 * });
 * fake.handle.syncs.length; // 1
 */
import { parseAddress, type Rect } from './a1';
import { FakeRequestContext } from './client';
import { FakeHost, type FakeHostOptions } from './host';
import {
  type CellValue,
  type ChartState,
  type ConditionalFormatState,
  type FormatLayer,
  getValue,
  newSheet,
  setValue,
  type SheetState,
  usedRect,
  type Visibility,
} from './state';
import { Workbook } from './workbook';

export { FakeExcelError, EXCEL_WEB_LIMITS, ACTION_OVERHEAD_BYTES } from './host';
export type { FakeHostOptions, FakeLimits, SyncRecord, Violation } from './host';
export type { CellValue, FormatLayer, ConditionalFormatState, SheetState } from './state';

export interface SeedSheet {
  visibility?: Visibility;
  formats?: FormatLayer[];
  columnWidths?: Record<number, number>;
  frozen?: { rows: number; columns: number };
  conditionalFormats?: Omit<ConditionalFormatState, 'id'>[];
}

/** The test-side handle: seed the workbook, play the clerk (edit, select), read back state and the sync log. */
export class FakeExcelHandle {
  constructor(readonly host: FakeHost) {}

  get syncs() {
    return this.host.syncs;
  }
  get violations() {
    return this.host.violations;
  }
  resetStats(): void {
    this.host.resetStats();
  }

  addSheet(name: string, rows: CellValue[][], seed: SeedSheet = {}): SheetState {
    const state = this.host.state;
    if (this.sheetOrNull(name)) throw new Error(`sheet ${name} exists`);
    const sheet = newSheet(state, name);
    rows.forEach((line, r) => line.forEach((v, c) => setValue(sheet, r, c, v ?? '')));
    sheet.visibility = seed.visibility ?? 'Visible';
    sheet.formats = (seed.formats ?? []).map((f) => ({ ...f, rect: { ...f.rect } }));
    for (const [c, w] of Object.entries(seed.columnWidths ?? {})) sheet.columnWidths.set(Number(c), w);
    if (seed.frozen) sheet.frozen = { ...seed.frozen };
    sheet.conditionalFormats = (seed.conditionalFormats ?? []).map((cf) => ({ ...cf, id: `{FAKE-CF-${state.nextId++}}` }));
    state.sheets.push(sheet);
    state.activeSheetId ??= sheet.id;
    return sheet;
  }

  sheetOrNull(name: string): SheetState | null {
    return this.host.state.sheets.find((s) => s.name === name) ?? null;
  }

  sheet(name: string): SheetState {
    const s = this.sheetOrNull(name);
    if (!s) throw new Error(`no sheet ${name} (have ${this.sheetNames().join(', ')})`);
    return s;
  }

  sheetNames(): string[] {
    return this.host.state.sheets.map((s) => s.name);
  }

  /** The sheet's values from A1 to the end of its used range ("" for empty cells). */
  values(name: string): CellValue[][] {
    const s = this.sheet(name);
    const rect = usedRect(s, true);
    if (!rect) return [];
    const out: CellValue[][] = [];
    for (let r = 0; r <= rect.r1; r++) {
      const line: CellValue[] = [];
      for (let c = 0; c <= rect.c1; c++) line.push(getValue(s, r, c));
      out.push(line);
    }
    return out;
  }

  /** One cell by A1 address, e.g. value('户表', 'B5'). */
  value(name: string, address: string): CellValue {
    const r = this.rect(address);
    return getValue(this.sheet(name), r.r0, r.c0);
  }

  conditionalFormats(name: string): ConditionalFormatState[] {
    return this.sheet(name).conditionalFormats;
  }

  charts(name: string): ChartState[] {
    return this.sheet(name).charts;
  }

  /** Play the clerk typing values: the cells change and onChanged fires as for a local edit. */
  edit(name: string, address: string, values: CellValue[][]): void {
    const s = this.sheet(name);
    const r = this.rect(address);
    values.forEach((line, i) => line.forEach((v, j) => setValue(s, r.r0 + i, r.c0 + j, v)));
    this.host.fire('changed', s.id, {
      address: address.toUpperCase(),
      changeType: 'RangeEdited',
      source: 'Local',
      type: 'WorksheetChanged',
      ...(this.host.excelApiMinor >= 14 ? { triggerSource: 'Unknown' } : {}),
    });
  }

  /** Play the clerk clicking a cell. */
  select(name: string, address: string): void {
    const s = this.sheet(name);
    this.host.state.activeSheetId = s.id;
    this.host.state.selection = { sheetId: s.id, rect: this.rect(address) };
    this.host.fire('selectionChanged', s.id, { address: address.toUpperCase(), type: 'WorksheetSelectionChanged' });
  }

  selection(): { sheet: string; address: Rect } | null {
    const sel = this.host.state.selection;
    const sheet = sel && this.host.state.sheets.find((s) => s.id === sel.sheetId);
    return sel && sheet ? { sheet: sheet.name, address: sel.rect } : null;
  }

  /** Everything a clerk could see or lose, as plain data (ids and counters left out). */
  snapshot(): unknown {
    const st = this.host.state;
    return {
      sheets: st.sheets.map((s) => ({
        name: s.name,
        visibility: s.visibility,
        values: this.values(s.name),
        formats: s.formats,
        conditionalFormats: s.conditionalFormats.map(({ id: _id, ...cf }) => cf),
        validations: s.validations,
        hyperlinks: [...s.hyperlinks.entries()].sort(),
        columnWidths: [...s.columnWidths.entries()].sort((a, b) => a[0] - b[0]),
        frozen: s.frozen,
        charts: s.charts.map(({ id: _id, ...c }) => c),
      })),
      names: [...st.names.values()],
      settings: [...st.settings.entries()],
    };
  }

  private rect(address: string): Rect {
    const parsed = parseAddress(address);
    if (!parsed) throw new Error(`bad address ${address}`);
    return parsed.rects[0];
  }
}

export interface FakeExcel {
  /** Stands in for the global `Excel` of office.js. */
  Excel: {
    run: <T>(...args: unknown[]) => Promise<T>;
    RequestContext: new () => FakeRequestContext;
  };
  /** Stands in for the global `Office` of office.js. */
  Office: {
    onReady: (callback?: (info: { host: string; platform: string }) => void) => Promise<{ host: string; platform: string }>;
    context: { displayLanguage: string; requirements: { isSetSupported: (name: string, version?: string | number) => boolean } };
    HostType: { Excel: 'Excel' };
  };
  handle: FakeExcelHandle;
}

export function createFakeExcel(options: FakeHostOptions = {}): FakeExcel {
  const host = new FakeHost(options);
  const newContext = () => new FakeRequestContext(host, (ctx) => new Workbook(ctx, () => host.state));
  /** Excel.run(batch) or Excel.run(contextOrObject, batch); leftover actions are flushed with one more sync. */
  async function run<T>(...args: unknown[]): Promise<T> {
    const batch = args[args.length - 1] as (context: FakeRequestContext) => Promise<T>;
    const given = args.length > 1 ? (args[0] as { context?: FakeRequestContext } | FakeRequestContext) : null;
    const context = given instanceof FakeRequestContext ? given : (given?.context ?? newContext());
    const result = await batch(context);
    if ((context as unknown as { queue: unknown[] }).queue.length) await context.sync();
    return result;
  }
  const isSetSupported = (name: string, version?: string | number) => {
    if (name !== 'ExcelApi') return false;
    const minor = Number(String(version ?? '1.1').split('.')[1] ?? 0);
    return minor <= host.excelApiMinor;
  };
  const info = { host: 'Excel', platform: 'OfficeOnline' };
  return {
    Excel: { run, RequestContext: newContext as unknown as new () => FakeRequestContext },
    Office: {
      onReady: async (callback) => {
        callback?.(info);
        return info;
      },
      context: {
        get displayLanguage() {
          return host.displayLanguage;
        },
        requirements: { isSetSupported },
      },
      HostType: { Excel: 'Excel' },
    },
    handle: new FakeExcelHandle(host),
  };
}

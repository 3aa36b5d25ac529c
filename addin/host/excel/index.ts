/// <reference types="office-js" />
/**
 * The Excel implementation of the host adapter (addin/host/types.ts), on office.js — ExcelApi
 * 1.9 at least, newer sets only where `isSetSupported` says so. Every method is one `Excel.run`
 * with few, byte-budgeted syncs; nothing here ever writes a value or a format into the clerk's
 * own cells (marks are conditional-format rules the add-in owns; see ./marks.ts).
 *
 * @example
 * const host = createExcelHost(); // the real Excel and Office globals
 * const rows = await host.readSheet('户表');
 * await host.paintMarks([{ sheet: '户表', marks: marksOf(result).households }]);
 */
import type { EditEvent, HostAdapter, HostCapabilities, ResultSheetSpec, SelectionEvent, Unsubscribe } from '../types';
import { HostError } from '../errors';
import { Batch } from './batch';
import { parseAreas } from './geometry';
import { addRules, deleteRules, loadRules, ownRules } from './marks';
import { capabilitiesOf, type ExcelApi, hostErrorOf, type OfficeApi, requireMinimum } from './office';
import { listSheetInfo, readRangeValues, readSheetValues } from './read';
import { emptyRegistry, loadRegistry, type Registry, registryOf, saveRegistry } from './registry';
import { fillResultSheet, fillTemplate, LIST_SHEET, nameTaken } from './sheets';

export interface ExcelHostOptions {
  /** office.js's `Excel` (default: the global). */
  excel?: ExcelApi;
  /** office.js's `Office` (default: the global). */
  office?: OfficeApi;
}

export function createExcelHost(options: ExcelHostOptions = {}): HostAdapter {
  const g = globalThis as unknown as { Excel?: ExcelApi; Office?: OfficeApi };
  const excel = options.excel ?? g.Excel;
  const office = options.office ?? g.Office;
  if (!excel || !office) {
    throw new HostError('unsupported_host', { zh: '不在 Excel 中运行。', en: 'Not running inside Excel.' });
  }
  requireMinimum(office);
  return new ExcelHost(excel, office);
}

class ExcelHost implements HostAdapter {
  readonly name = 'excel';
  readonly capabilities: HostCapabilities;
  /** Sheets the add-in owns, kept current so its own writes are not reported as the clerk's edits. */
  private owned = new Set<string>();
  /**
   * The workbook's sheet names and registry as this session last saw them, or null. Lets a result
   * sheet be written without a look-up round trip; if the clerk changed the sheets meanwhile, the
   * first request fails before it changes anything and the write is redone with the look-up.
   */
  private known: { registry: Registry; sheets: Set<string> } | null = null;

  constructor(
    private readonly excel: ExcelApi,
    private readonly office: OfficeApi,
  ) {
    this.capabilities = capabilitiesOf(office);
  }

  /** One Excel.run, its errors as HostErrors a clerk can read. */
  private run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return this.excel.run(batch).catch((err: unknown) => {
      this.known = null;
      throw hostErrorOf(err);
    });
  }

  private remember(registry: Registry): void {
    this.owned = new Set(registry.sheets);
  }

  displayLanguage(): string {
    return this.office.context.displayLanguage;
  }

  listSheets() {
    return this.run(async (context) => {
      const { sheets, registry } = await listSheetInfo(context);
      this.remember(registry);
      this.known = { registry, sheets: new Set(sheets.map((s) => s.name.toLowerCase())) };
      return sheets;
    });
  }

  readSheet(sheet: string, options?: Parameters<HostAdapter['readSheet']>[1]) {
    return this.run((context) => readSheetValues(context, sheet, options));
  }

  readRange(range: Parameters<HostAdapter['readRange']>[0]) {
    return this.run((context) => readRangeValues(context, range));
  }

  /** Two phases: find the add-in's earlier rules on those sheets, then delete them and add the new ones. */
  paintMarks(sheets: Parameters<HostAdapter['paintMarks']>[0]) {
    return this.run(async (context) => {
      const rules = loadRules(
        context,
        sheets.map((s) => s.sheet),
      );
      await context.sync();
      const batch = new Batch(context);
      context.workbook.application.suspendScreenUpdatingUntilNextSync();
      for (const collection of rules.values()) await deleteRules(batch, ownRules(collection));
      for (const input of sheets) await addRules(context, batch, input);
      await batch.flush();
    });
  }

  clearMarks() {
    return this.run(async (context) => {
      const collection = context.workbook.worksheets.load('items/name');
      await context.sync();
      const rules = loadRules(
        context,
        collection.items.map((s) => s.name),
      );
      await context.sync();
      const batch = new Batch(context);
      for (const c of rules.values()) await deleteRules(batch, ownRules(c));
      await batch.flush();
    });
  }

  /** Marks, owned sheets, drop-downs on template sheets, names, and the registry itself. */
  clearAll() {
    return this.run(async (context) => {
      const collection = context.workbook.worksheets.load('items/name,items/visibility');
      const names = context.workbook.names.load('items/name');
      const setting = loadRegistry(context);
      await context.sync();
      const registry = registryOf(setting);
      const present = new Set(collection.items.map((s) => s.name));
      const rules = loadRules(
        context,
        collection.items.filter((s) => !registry.sheets.includes(s.name)).map((s) => s.name),
      );
      await context.sync();
      const batch = new Batch(context);
      for (const c of rules.values()) await deleteRules(batch, ownRules(c));
      for (const v of registry.validations) {
        if (!present.has(v.sheet) || registry.sheets.includes(v.sheet)) continue;
        await batch.room(64);
        context.workbook.worksheets.getItem(v.sheet).getRange(v.address).dataValidation.clear();
      }
      for (const sheet of collection.items) {
        if (!registry.sheets.includes(sheet.name)) continue;
        await batch.room(32, 2);
        // A hidden sheet is made visible first: Excel will not delete a very hidden one.
        if (sheet.visibility !== 'Visible') sheet.visibility = 'Visible';
        sheet.delete();
      }
      for (const item of names.items) {
        if (!registry.names.includes(item.name)) continue;
        await batch.room(32);
        item.delete();
      }
      saveRegistry(context, emptyRegistry(), setting);
      await batch.room(32);
      await batch.flush();
      this.owned.clear();
      const left = collection.items.filter((s) => !registry.sheets.includes(s.name)).map((s) => s.name.toLowerCase());
      this.known = { registry: emptyRegistry(), sheets: new Set(left) };
    });
  }

  writeResultSheet(spec: ResultSheetSpec) {
    return this.run(async (context) => {
      const known = this.known;
      if (known) {
        const batch = new Batch(context);
        try {
          await this.replaceSheet(context, batch, spec, known.registry, known.sheets.has(spec.name.toLowerCase()));
          return;
        } catch (err) {
          // Only a stale picture of the sheets (the first request failed) is retried with a look-up.
          if (batch.syncs > 0) throw err;
        }
      }
      const setting = loadRegistry(context);
      const existing = context.workbook.worksheets.getItemOrNullObject(spec.name).load('name');
      await context.sync();
      const registry = registryOf(setting);
      if (!existing.isNullObject && !registry.sheets.includes(existing.name)) throw nameTaken(spec.name);
      await this.replaceSheet(context, new Batch(context), spec, registry, !existing.isNullObject);
    });
  }

  /** Delete the add-in's earlier sheet of that name (if any), write the new one, remember it. */
  private async replaceSheet(
    context: Excel.RequestContext,
    batch: Batch,
    spec: ResultSheetSpec,
    registry: Registry,
    exists: boolean,
  ): Promise<void> {
    if (exists && !registry.sheets.includes(spec.name)) throw nameTaken(spec.name);
    context.workbook.application.suspendScreenUpdatingUntilNextSync();
    if (exists) context.workbook.worksheets.getItem(spec.name).delete();
    // Registered only after the add: if the name is taken the batch stops there, unregistered.
    const sheet = context.workbook.worksheets.add(spec.name);
    const next = { ...registry, sheets: [...registry.sheets.filter((s) => s !== spec.name), spec.name] };
    saveRegistry(context, next);
    await fillResultSheet(sheet, batch, spec);
    await batch.flush();
    this.remember(next);
    const sheets = this.known?.sheets ?? new Set<string>();
    sheets.add(spec.name.toLowerCase());
    this.known = { registry: next, sheets };
  }

  deleteResultSheet(name: string) {
    return this.run(async (context) => {
      const setting = loadRegistry(context);
      const existing = context.workbook.worksheets.getItemOrNullObject(name).load('name');
      await context.sync();
      const registry = registryOf(setting);
      if (existing.isNullObject || !registry.sheets.includes(existing.name)) return;
      existing.delete();
      const next = { ...registry, sheets: registry.sheets.filter((s) => s !== name) };
      saveRegistry(context, next, setting);
      await context.sync();
      this.remember(next);
      this.known?.sheets.delete(name.toLowerCase());
      if (this.known) this.known.registry = next;
    });
  }

  writeTemplate(sheets: Parameters<HostAdapter['writeTemplate']>[0]) {
    return this.run(async (context) => {
      const setting = loadRegistry(context);
      const found = sheets.map((s) => context.workbook.worksheets.getItemOrNullObject(s.name).load('name'));
      const list = context.workbook.worksheets.getItemOrNullObject(LIST_SHEET).load('name');
      await context.sync();
      const taken = found.find((s) => !s.isNullObject);
      if (taken) throw nameTaken(taken.name);
      const registry = registryOf(setting);
      if (!list.isNullObject && !registry.sheets.includes(LIST_SHEET)) throw nameTaken(LIST_SHEET);
      const batch = new Batch(context);
      const next = await fillTemplate(context, batch, sheets, registry, !list.isNullObject);
      saveRegistry(context, next);
      this.remember(next);
      this.known = null;
      if (sheets.length) context.workbook.worksheets.getItem(sheets[0].name).activate();
      await batch.room(64);
      await batch.flush();
    });
  }

  selectCell(target: Parameters<HostAdapter['selectCell']>[0]) {
    return this.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(target.sheet);
      sheet.activate();
      sheet.getRangeByIndexes(target.row - 1, target.column, 1, 1).select();
      await context.sync();
    });
  }

  onEdit(handler: (event: EditEvent) => void): Promise<Unsubscribe> {
    return this.subscribe('changed', (name, e) => {
      // ExcelApi 1.14 says who made the change: the add-in's own writes are not the clerk's edits.
      if (this.capabilities.changeSource && (e as Excel.WorksheetChangedEventArgs).triggerSource === 'ThisLocalAddin') return;
      for (const a of parseAreas(e.address)) {
        handler({ range: { sheet: name, row: a.r0 + 1, column: a.c0, rowCount: a.r1 - a.r0 + 1, columnCount: a.c1 - a.c0 + 1 } });
      }
    });
  }

  onSelection(handler: (event: SelectionEvent) => void): Promise<Unsubscribe> {
    return this.subscribe('selection', (name, e) => {
      const [a] = parseAreas(e.address);
      if (a) handler({ sheet: name, row: a.r0 + 1, column: a.c0 });
    });
  }

  /** Register on the worksheet collection; events of the add-in's own sheets are dropped. */
  private async subscribe(
    kind: 'changed' | 'selection',
    deliver: (sheet: string, e: { address: string; worksheetId: string }) => void,
  ): Promise<Unsubscribe> {
    const names = new Map<string, string>();
    // Events of one write arrive together (a report sheet written anew fires several): they share
    // one refresh of the names instead of a sync each.
    let refreshing: Promise<void> | null = null;
    const refresh = () =>
      (refreshing ??= this.run(async (context) => {
        const c = context.workbook.worksheets.load('items/id,items/name');
        await context.sync();
        names.clear();
        for (const s of c.items) names.set(s.id, s.name);
      }).finally(() => (refreshing = null)));
    const dispatch = async (e: { address: string; worksheetId: string }) => {
      if (!names.has(e.worksheetId)) await refresh();
      const name = names.get(e.worksheetId);
      if (name === undefined || this.owned.has(name)) return;
      deliver(name, e);
    };
    const registration = await this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      const c = sheets.load('items/id,items/name');
      const setting = loadRegistry(context);
      const result = kind === 'changed' ? sheets.onChanged.add(dispatch) : sheets.onSelectionChanged.add(dispatch);
      await context.sync();
      for (const s of c.items) names.set(s.id, s.name);
      this.remember(registryOf(setting));
      return result;
    });
    return async () => {
      await this.excel.run(registration.context, async (context) => {
        registration.remove();
        await context.sync();
      });
    };
  }
}

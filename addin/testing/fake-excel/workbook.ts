/**
 * Workbook, worksheets, names, settings, charts, freeze panes and events in the fake Excel.
 */
import { absoluteAddress, parseAddress, quoteSheet, rectAddress, sheetAddress } from './a1';
import { ClientCollection, ClientObject, type FakeRequestContext } from './client';
import { type EventKind, FakeExcelError } from './host';
import { Range, RangeAreas, type RangeTarget } from './range';
import { newSheet, type SheetState, usedRect, type Visibility, type WorkbookState, type NameState } from './state';

const INVALID_SHEET_NAME = /[[\]:*?/\\]/;

export class Workbook extends ClientObject<WorkbookState> {
  protected scalars = ['name'] as const;
  get worksheets(): WorksheetCollection {
    return this.child('worksheets', () => new WorksheetCollection(this.context, () => this.context.host.state));
  }
  get names(): NamedItemCollection {
    return this.child('names', () => new NamedItemCollection(this.context, () => this.context.host.state));
  }
  get settings(): SettingCollection {
    return this.child('settings', () => new SettingCollection(this.context, () => this.context.host.state));
  }
  get application(): { suspendScreenUpdatingUntilNextSync: () => void } {
    return { suspendScreenUpdatingUntilNextSync: () => this.context.enqueue({ suspend: true }, () => undefined) };
  }
  getSelectedRange(): Range {
    return new Range(this.context, () => {
      const s = this.t().selection;
      const sheet = s && this.t().sheets.find((x) => x.id === s.sheetId);
      if (!s || !sheet) throw new FakeExcelError('ItemNotFound', 'Nothing is selected.');
      return { sheet, rects: [s.rect] };
    });
  }
  protected read(): unknown {
    return 'Book1.xlsx';
  }
}

export class WorksheetCollection extends ClientCollection<WorkbookState, Worksheet> {
  protected members(state: WorkbookState): Worksheet[] {
    return state.sheets.map((s) => new Worksheet(this.context, () => s));
  }

  get onChanged(): EventHandlers {
    return this.child('onChanged', () => new EventHandlers(this.context, 'changed', null));
  }
  get onSelectionChanged(): EventHandlers {
    return this.child('onSelectionChanged', () => new EventHandlers(this.context, 'selectionChanged', null));
  }

  add(name?: string): Worksheet {
    let created: SheetState | null = null;
    this.act({ add: name ?? null }, (state) => {
      const sheetName = name ?? nextSheetName(state);
      checkSheetName(state, sheetName);
      created = newSheet(state, sheetName);
      state.sheets.push(created);
    });
    return new Worksheet(this.context, () => created);
  }

  getItem(key: string): Worksheet {
    return new Worksheet(this.context, () => {
      const hit = findSheet(this.t(), key);
      if (!hit) throw new FakeExcelError('ItemNotFound', `The requested resource doesn't exist (worksheet ${key}).`);
      return hit;
    }).trackResolution({ getItem: key });
  }

  getItemOrNullObject(key: string): Worksheet {
    return new Worksheet(this.context, () => findSheet(this.t(), key)).trackResolution({ getItemOrNullObject: key });
  }

  getActiveWorksheet(): Worksheet {
    return new Worksheet(this.context, () => {
      const state = this.t();
      return state.sheets.find((s) => s.id === state.activeSheetId) ?? state.sheets.find((s) => s.visibility === 'Visible') ?? null;
    });
  }
}

function findSheet(state: WorkbookState, key: string): SheetState | null {
  const lower = key.toLowerCase();
  return state.sheets.find((s) => s.id === key || s.name.toLowerCase() === lower) ?? null;
}

function nextSheetName(state: WorkbookState): string {
  for (let i = 1; ; i++) if (!findSheet(state, `Sheet${i}`)) return `Sheet${i}`;
}

function checkSheetName(state: WorkbookState, name: string): void {
  if (!name || name.length > 31 || INVALID_SHEET_NAME.test(name) || name.startsWith("'") || name.endsWith("'")) {
    throw new FakeExcelError('InvalidArgument', `Invalid worksheet name "${name}".`);
  }
  if (findSheet(state, name)) throw new FakeExcelError('ItemAlreadyExists', `A worksheet named "${name}" already exists.`);
}

export class Worksheet extends ClientObject<SheetState> {
  protected scalars = ['id', 'name', 'visibility', 'position'] as const;

  get id(): string {
    return this.get('id') as string;
  }
  get name(): string {
    return this.get('name') as string;
  }
  set name(name: string) {
    this.act(name, (s) => {
      if (s.name.toLowerCase() !== name.toLowerCase()) checkSheetName(this.context.host.state, name);
      s.name = name;
    });
  }
  get visibility(): Visibility {
    return this.get('visibility') as Visibility;
  }
  set visibility(v: Visibility) {
    this.act(v, (s) => {
      const state = this.context.host.state;
      if (v !== 'Visible' && !state.sheets.some((x) => x !== s && x.visibility === 'Visible')) {
        throw new FakeExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      }
      s.visibility = v;
      if (v !== 'Visible' && state.activeSheetId === s.id)
        state.activeSheetId = state.sheets.find((x) => x.visibility === 'Visible')?.id ?? null;
    });
  }
  get position(): number {
    return this.get('position') as number;
  }

  get freezePanes(): FreezePanes {
    return this.child('freezePanes', () => new FreezePanes(this.context, () => this.resolveTarget()));
  }
  get charts(): ChartCollection {
    return this.child('charts', () => new ChartCollection(this.context, () => this.resolveTarget()));
  }
  get onChanged(): EventHandlers {
    return this.child('onChanged', () => new EventHandlers(this.context, 'changed', () => this.t().id));
  }
  get onSelectionChanged(): EventHandlers {
    return this.child('onSelectionChanged', () => new EventHandlers(this.context, 'selectionChanged', () => this.t().id));
  }

  /** The whole sheet without an address. */
  getRange(address?: string): Range {
    return new Range(this.context, () => this.rangeTarget(address ?? 'A:XFD', false));
  }
  getRanges(address: string): RangeAreas {
    return new RangeAreas(this.context, () => this.rangeTarget(address, true));
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): Range {
    return new Range(this.context, () => {
      if (startRow < 0 || startColumn < 0 || rowCount < 1 || columnCount < 1)
        throw new FakeExcelError('InvalidArgument', 'Invalid range indexes.');
      return {
        sheet: this.t(),
        rects: [{ r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 }],
      };
    });
  }
  getUsedRange(valuesOnly?: boolean): Range {
    // An empty sheet's used range is A1, as in Excel.
    return new Range(this.context, () => ({
      sheet: this.t(),
      rects: [usedRect(this.t(), !!valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 }],
    }));
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): Range {
    return new Range(this.context, () => {
      const rect = usedRect(this.t(), !!valuesOnly);
      return rect ? { sheet: this.t(), rects: [rect] } : null;
    }).trackResolution({ getUsedRangeOrNullObject: !!valuesOnly });
  }

  activate(): void {
    this.act({ activate: true }, (s) => {
      if (s.visibility !== 'Visible') throw new FakeExcelError('InvalidOperation', 'A hidden worksheet cannot be activated.');
      this.context.host.state.activeSheetId = s.id;
    });
  }

  delete(): void {
    this.act({ delete: true }, (s) => {
      const state = this.context.host.state;
      if (!state.sheets.some((x) => x !== s && x.visibility === 'Visible')) {
        throw new FakeExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      }
      state.sheets = state.sheets.filter((x) => x !== s);
      if (state.activeSheetId === s.id) state.activeSheetId = state.sheets.find((x) => x.visibility === 'Visible')?.id ?? null;
      if (state.selection?.sheetId === s.id) state.selection = null;
    });
  }

  /** Parse an address the way Excel does, cutting it at the documented length first. */
  private rangeTarget(address: string, many: boolean): RangeTarget {
    const sheet = this.t();
    const limit = this.context.host.limits.addressChars;
    let text = address;
    if (text.length > limit) {
      this.context.host.violations.push({ kind: 'addressChars', detail: `${address.length} characters` });
      text = text.slice(0, limit);
    }
    const parsed = parseAddress(text);
    if (!parsed || (!many && parsed.rects.length > 1))
      throw new FakeExcelError('InvalidArgument', `The argument is invalid or missing (address ${text.slice(0, 40)}…).`);
    if (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
      throw new FakeExcelError('InvalidArgument', 'The address names another worksheet.');
    }
    return { sheet, rects: parsed.rects };
  }

  protected read(name: string, s: SheetState): unknown {
    if (name === 'position') return this.context.host.state.sheets.indexOf(s);
    return (s as unknown as Record<string, unknown>)[name];
  }
}

export class FreezePanes extends ClientObject<SheetState> {
  protected scalars = [] as const;
  freezeRows(count = 1): void {
    this.act({ freezeRows: count }, (s) => {
      s.frozen = { rows: count, columns: 0 };
    });
  }
  freezeColumns(count = 1): void {
    this.act({ freezeColumns: count }, (s) => {
      s.frozen = { rows: 0, columns: count };
    });
  }
  unfreeze(): void {
    this.act({ unfreeze: true }, (s) => {
      s.frozen = { rows: 0, columns: 0 };
    });
  }
  protected read(): unknown {
    return undefined;
  }
}

export class ChartCollection extends ClientCollection<SheetState, Chart> {
  protected members(s: SheetState): Chart[] {
    return s.charts.map((c) => new Chart(this.context, () => ({ sheet: s, chart: c })));
  }
  add(type: string, sourceData: Range, seriesBy = 'Auto'): Chart {
    let created: ChartTarget | null = null;
    this.act({ type, seriesBy }, (s) => {
      const source = sourceData.resolveTarget();
      if (!source) throw new FakeExcelError('InvalidArgument', 'Chart source is missing.');
      const chart = {
        id: `{FAKE-CHART-${this.context.host.state.nextId++}}`,
        name: `Chart ${s.charts.length + 1}`,
        type,
        title: '',
        source: sheetAddress(source.sheet.name, source.rects),
        seriesBy,
      };
      s.charts.push(chart);
      created = { sheet: s, chart };
    });
    return new Chart(this.context, () => created);
  }
}

interface ChartTarget {
  sheet: SheetState;
  chart: SheetState['charts'][number];
}

export class Chart extends ClientObject<ChartTarget> {
  protected scalars = ['id', 'name', 'chartType'] as const;
  get title(): { text: string } {
    const set = (text: string) =>
      this.act(text, (t) => {
        t.chart.title = text;
      });
    return {
      set text(text: string) {
        set(text);
      },
      get text(): string {
        throw new FakeExcelError('PropertyNotLoaded', 'The fake chart title is write-only.');
      },
    };
  }
  set name(name: string) {
    this.act(name, (t) => {
      t.chart.name = name;
    });
  }
  setPosition(startCell: string, endCell?: string): void {
    this.act({ startCell, endCell }, () => {
      if (!parseAddress(startCell) || (endCell && !parseAddress(endCell)))
        throw new FakeExcelError('InvalidArgument', 'Invalid chart position.');
    });
  }
  protected read(name: string, t: ChartTarget): unknown {
    return name === 'chartType' ? t.chart.type : (t.chart as unknown as Record<string, unknown>)[name];
  }
}

export class NamedItemCollection extends ClientCollection<WorkbookState, NamedItem> {
  protected members(state: WorkbookState): NamedItem[] {
    return [...state.names.values()].map((n) => new NamedItem(this.context, () => n));
  }
  add(name: string, reference: Range | string, comment = ''): NamedItem {
    let created: NameState | null = null;
    this.act({ name, reference: typeof reference === 'string' ? reference : 'range', comment }, (state) => {
      if (!/^[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*$/.test(name)) throw new FakeExcelError('InvalidArgument', `Invalid name "${name}".`);
      if ([...state.names.keys()].some((k) => k.toLowerCase() === name.toLowerCase()))
        throw new FakeExcelError('ItemAlreadyExists', `The name "${name}" already exists.`);
      let formula = reference as string;
      if (typeof reference !== 'string') {
        const t = reference.resolveTarget();
        if (!t) throw new FakeExcelError('InvalidArgument', 'The range is missing.');
        formula = '=' + t.rects.map((r) => `${quoteSheet(t.sheet.name)}!${absoluteAddress(r)}`).join(',');
      }
      created = { name, formula, visible: true, comment };
      state.names.set(name, created);
    });
    return new NamedItem(this.context, () => created);
  }
  getItemOrNullObject(name: string): NamedItem {
    return new NamedItem(this.context, () => this.t().names.get(name) ?? null).trackResolution({ getItemOrNullObject: name });
  }
}

export class NamedItem extends ClientObject<NameState> {
  protected scalars = ['name', 'formula', 'visible', 'comment'] as const;
  get name(): string {
    return this.get('name') as string;
  }
  get formula(): string {
    return this.get('formula') as string;
  }
  set visible(visible: boolean) {
    this.act(visible, (n) => {
      n.visible = visible;
    });
  }
  delete(): void {
    this.act({ delete: true }, (n) => {
      this.context.host.state.names.delete(n.name);
    });
  }
  protected read(name: string, n: NameState): unknown {
    return (n as unknown as Record<string, unknown>)[name];
  }
}

interface SettingTarget {
  key: string;
  state: WorkbookState;
}

export class SettingCollection extends ClientCollection<WorkbookState, Setting> {
  protected members(state: WorkbookState): Setting[] {
    return [...state.settings.keys()].map((key) => new Setting(this.context, () => ({ key, state })));
  }
  add(key: string, value: unknown): Setting {
    this.act({ key, value }, (state) => {
      state.settings.set(key, JSON.parse(JSON.stringify(value)));
    });
    return new Setting(this.context, () => ({ key, state: this.t() }));
  }
  getItemOrNullObject(key: string): Setting {
    return new Setting(this.context, () => (this.t().settings.has(key) ? { key, state: this.t() } : null)).trackResolution({
      getItemOrNullObject: key,
    });
  }
}

export class Setting extends ClientObject<SettingTarget> {
  protected scalars = ['key', 'value'] as const;
  get key(): string {
    return this.get('key') as string;
  }
  get value(): unknown {
    return this.get('value');
  }
  delete(): void {
    this.act({ delete: true }, (t) => {
      t.state.settings.delete(t.key);
    });
  }
  protected read(name: string, t: SettingTarget): unknown {
    return name === 'key' ? t.key : t.state.settings.get(t.key);
  }
}

/** `handlers.add(fn)` registers at sync; `remove()` on the result unregisters at the next sync. */
export class EventHandlers {
  constructor(
    private context: FakeRequestContext,
    private kind: EventKind,
    private sheetId: (() => string) | null,
  ) {}

  add(handler: (args: Record<string, unknown>) => unknown): { context: FakeRequestContext; remove: () => void } {
    const host = this.context.host;
    const registration = { kind: this.kind, sheetId: null as string | null, handler };
    this.context.enqueue({ addHandler: this.kind }, () => {
      registration.sheetId = this.sheetId ? this.sheetId() : null;
      host.registrations.push(registration);
    });
    return {
      context: this.context,
      remove: () =>
        this.context.enqueue({ removeHandler: this.kind }, () => {
          host.registrations = host.registrations.filter((r) => r !== registration);
        }),
    };
  }
}

export { rectAddress };

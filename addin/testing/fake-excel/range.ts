/**
 * Range, RangeAreas and what hangs off them (format, conditional formats, data validation,
 * hyperlinks) in the fake Excel. Every write is queued and applied at sync.
 */
import { MAX_ROWS, MAX_COLUMNS, parseAddress, type Rect, rectAddress, sheetAddress } from './a1';
import { ClientCollection, ClientObject, type FakeRequestContext } from './client';
import { FakeExcelError } from './host';
import {
  type CellValue,
  cellKey,
  type ConditionalFormatState,
  conditionalFormatsIn,
  type FormatLayer,
  getValue,
  numberFormatAt,
  setValue,
  type SheetState,
  storedValue,
} from './state';

/** Where a range lives: its sheet and its areas (one for a Range). */
export interface RangeTarget {
  sheet: SheetState;
  rects: Rect[];
}

const cellsOf = (r: Rect) => (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);
const unbounded = (r: Rect) => r.r1 === MAX_ROWS - 1 || r.c1 === MAX_COLUMNS - 1;

/** A value or a 2-D array for every cell (Office.js "single input copy" accepts one value). */
function eachInput<V>(rect: Rect, input: unknown, fn: (row: number, column: number, value: V) => void): void {
  const rows = rect.r1 - rect.r0 + 1;
  const cols = rect.c1 - rect.c0 + 1;
  if (!Array.isArray(input)) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) fn(rect.r0 + r, rect.c0 + c, input as V);
    return;
  }
  if (input.length !== rows || input.some((line) => !Array.isArray(line) || line.length !== cols)) {
    throw new FakeExcelError(
      'InvalidArgument',
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`,
    );
  }
  for (let r = 0; r < rows; r++) {
    const line = input[r] as unknown[];
    for (let c = 0; c < cols; c++) if (line[c] !== null) fn(rect.r0 + r, rect.c0 + c, line[c] as V);
  }
}

export class Range extends ClientObject<RangeTarget> {
  protected scalars = [
    'address',
    'values',
    'numberFormat',
    'rowIndex',
    'columnIndex',
    'rowCount',
    'columnCount',
    'cellCount',
    'hyperlink',
  ] as const;

  constructor(context: FakeRequestContext, resolver: () => RangeTarget | null) {
    super(context, resolver);
  }

  get address(): string {
    return this.get('address') as string;
  }
  get values(): CellValue[][] {
    return this.get('values') as CellValue[][];
  }
  set values(input: unknown) {
    this.act(input, (t) => this.writeValues(t, input));
  }
  get numberFormat(): string[][] {
    return this.get('numberFormat') as string[][];
  }
  set numberFormat(input: unknown) {
    this.act(input, (t) => this.writeLayers(t, input, 'numberFormat'));
  }
  get rowIndex(): number {
    return this.get('rowIndex') as number;
  }
  get columnIndex(): number {
    return this.get('columnIndex') as number;
  }
  get rowCount(): number {
    return this.get('rowCount') as number;
  }
  get columnCount(): number {
    return this.get('columnCount') as number;
  }
  get cellCount(): number {
    return this.get('cellCount') as number;
  }
  get hyperlink(): unknown {
    return this.get('hyperlink');
  }
  set hyperlink(link: unknown) {
    this.act(link, (t) => this.writeHyperlink(t, link as Record<string, string>));
  }

  get format(): RangeFormat {
    return this.child('format', () => new RangeFormat(this.context, () => this.resolveTarget()));
  }
  get conditionalFormats(): ConditionalFormatCollection {
    return this.child('conditionalFormats', () => new ConditionalFormatCollection(this.context, () => this.resolveTarget()));
  }
  get dataValidation(): DataValidation {
    return this.child('dataValidation', () => new DataValidation(this.context, () => this.resolveTarget()));
  }

  getCell(row: number, column: number): Range {
    return new Range(this.context, () => {
      const t = this.t();
      const r = t.rects[0];
      return { sheet: t.sheet, rects: [{ r0: r.r0 + row, c0: r.c0 + column, r1: r.r0 + row, c1: r.c0 + column }] };
    });
  }

  /** The smallest range holding this one and `other` (an address on the same sheet, or a Range). */
  getBoundingRect(other: Range | string): Range {
    return new Range(this.context, () => {
      const t = this.t();
      const o = this.otherRect(t, other);
      const r = t.rects[0];
      return {
        sheet: t.sheet,
        rects: [{ r0: Math.min(r.r0, o.r0), c0: Math.min(r.c0, o.c0), r1: Math.max(r.r1, o.r1), c1: Math.max(r.c1, o.c1) }],
      };
    });
  }

  getIntersectionOrNullObject(other: Range | string): Range {
    return new Range(this.context, () => {
      const t = this.t();
      const o = this.otherRect(t, other);
      const r = t.rects[0];
      const x = { r0: Math.max(r.r0, o.r0), c0: Math.max(r.c0, o.c0), r1: Math.min(r.r1, o.r1), c1: Math.min(r.c1, o.c1) };
      return x.r0 > x.r1 || x.c0 > x.c1 ? null : { sheet: t.sheet, rects: [x] };
    }).trackResolution({ getIntersectionOrNullObject: typeof other === 'string' ? other : 'range' });
  }

  private otherRect(t: RangeTarget, other: Range | string): Rect {
    if (typeof other !== 'string') {
      const o = other.t();
      if (o.sheet !== t.sheet) throw new FakeExcelError('InvalidArgument', 'The ranges are on different worksheets.');
      return o.rects[0];
    }
    const parsed = parseAddress(other);
    if (!parsed || parsed.rects.length !== 1) throw new FakeExcelError('InvalidArgument', `Invalid address ${other}.`);
    return parsed.rects[0];
  }

  select(): void {
    this.act({ select: true }, (t) => {
      const host = this.context.host;
      host.state.activeSheetId = t.sheet.id;
      host.state.selection = { sheetId: t.sheet.id, rect: t.rects[0] };
      this.context.onSynced(() =>
        host.fire('selectionChanged', t.sheet.id, { address: rectAddress(t.rects[0]), type: 'WorksheetSelectionChanged' }),
      );
    });
  }

  protected read(name: string, t: RangeTarget): unknown {
    const r = t.rects[0];
    switch (name) {
      case 'address':
        return sheetAddress(t.sheet.name, t.rects);
      case 'rowIndex':
        return r.r0;
      case 'columnIndex':
        return r.c0;
      case 'rowCount':
        return r.r1 - r.r0 + 1;
      case 'columnCount':
        return r.c1 - r.c0 + 1;
      case 'cellCount':
        return cellsOf(r);
      case 'values':
        return this.readGrid(t, (row, col) => getValue(t.sheet, row, col));
      case 'numberFormat':
        return this.readGrid(t, (row, col) => numberFormatAt(t.sheet, row, col));
      case 'hyperlink':
        return t.sheet.hyperlinks.get(cellKey(r.r0, r.c0)) ?? null;
    }
    return undefined;
  }

  /** Cell-level reads over the limit answer null, as Excel on the web does. */
  private readGrid<V>(t: RangeTarget, cell: (row: number, col: number) => V): V[][] | null {
    const r = t.rects[0];
    if (cellsOf(r) > this.context.host.limits.cellsPerRead) {
      this.context.host.violations.push({ kind: 'cellsPerRead', detail: `${sheetAddress(t.sheet.name, [r])}: ${cellsOf(r)} cells` });
      return null;
    }
    const grid: V[][] = [];
    for (let row = r.r0; row <= r.r1; row++) {
      const line: V[] = new Array(r.c1 - r.c0 + 1);
      for (let col = r.c0; col <= r.c1; col++) line[col - r.c0] = cell(row, col);
      grid.push(line);
    }
    return grid;
  }

  private writeValues(t: RangeTarget, input: unknown): void {
    const r = t.rects[0];
    if (unbounded(r)) throw new FakeExcelError('InvalidArgument', 'Values cannot be set on an unbounded range.');
    eachInput<CellValue>(r, input, (row, col, v) =>
      setValue(t.sheet, row, col, v === '' ? '' : storedValue(v, numberFormatAt(t.sheet, row, col))),
    );
    const host = this.context.host;
    this.context.onSynced(() =>
      host.fire('changed', t.sheet.id, {
        address: rectAddress(r),
        changeType: 'RangeEdited',
        source: 'Local',
        type: 'WorksheetChanged',
        ...(host.excelApiMinor >= 14 ? { triggerSource: 'ThisLocalAddin' } : {}),
      }),
    );
  }

  private writeLayers(t: RangeTarget, input: unknown, key: 'numberFormat'): void {
    this.context.host.countFormatWrite(t.sheet.name);
    const r = t.rects[0];
    if (unbounded(r)) throw new FakeExcelError('InvalidArgument', 'Cell-level properties cannot be set on an unbounded range.');
    if (!Array.isArray(input) || input.every((line: unknown[]) => line.every((v) => v === input[0][0]))) {
      t.sheet.formats.push({ rect: r, [key]: Array.isArray(input) ? input[0][0] : input } as FormatLayer);
      return;
    }
    eachInput<string>(r, input, (row, col, v) =>
      t.sheet.formats.push({ rect: { r0: row, c0: col, r1: row, c1: col }, [key]: v } as FormatLayer),
    );
  }

  private writeHyperlink(t: RangeTarget, link: Record<string, string>): void {
    const r = t.rects[0];
    for (let row = r.r0; row <= r.r1; row++) {
      for (let col = r.c0; col <= r.c1; col++) {
        t.sheet.hyperlinks.set(cellKey(row, col), { ...link });
        if (link.textToDisplay !== undefined) setValue(t.sheet, row, col, link.textToDisplay);
        else if (getValue(t.sheet, row, col) === '') setValue(t.sheet, row, col, link.documentReference ?? link.address ?? '');
      }
    }
  }
}

/** Several areas of one sheet (ExcelApi 1.9): address, area count, their conditional formats. */
export class RangeAreas extends ClientObject<RangeTarget> {
  protected scalars = ['address', 'areaCount', 'cellCount'] as const;

  get address(): string {
    return this.get('address') as string;
  }
  get areaCount(): number {
    return this.get('areaCount') as number;
  }
  get conditionalFormats(): ConditionalFormatCollection {
    return this.child('conditionalFormats', () => new ConditionalFormatCollection(this.context, () => this.resolveTarget()));
  }

  protected read(name: string, t: RangeTarget): unknown {
    if (name === 'address') return sheetAddress(t.sheet.name, t.rects);
    if (name === 'areaCount') return t.rects.length;
    if (name === 'cellCount') return t.rects.reduce((n, r) => n + cellsOf(r), 0);
    return undefined;
  }
}

class FormatPart extends ClientObject<RangeTarget> {
  protected scalars = ['color', 'bold'] as const;
  constructor(
    context: FakeRequestContext,
    resolver: () => RangeTarget | null,
    private part: 'fill' | 'font',
  ) {
    super(context, resolver);
  }
  get color(): string {
    return this.get('color') as string;
  }
  set color(color: string) {
    this.layer({ [this.part === 'fill' ? 'fill' : 'fontColor']: color });
  }
  get bold(): boolean {
    return this.get('bold') as boolean;
  }
  set bold(bold: boolean) {
    this.layer({ bold });
  }
  clear(): void {
    this.layer({ fill: '' });
  }
  private layer(props: Omit<FormatLayer, 'rect'>): void {
    this.act(props, (t) => {
      this.context.host.countFormatWrite(t.sheet.name);
      for (const rect of t.rects) t.sheet.formats.push({ rect, ...props });
    });
  }
  protected read(): unknown {
    return null;
  }
}

export class RangeFormat extends ClientObject<RangeTarget> {
  protected scalars = ['columnWidth'] as const;
  get fill(): FormatPart {
    return this.child('fill', () => new FormatPart(this.context, () => this.resolveTarget(), 'fill'));
  }
  get font(): FormatPart {
    return this.child('font', () => new FormatPart(this.context, () => this.resolveTarget(), 'font'));
  }
  get columnWidth(): number {
    return this.get('columnWidth') as number;
  }
  /** Points, as Excel takes them. */
  set columnWidth(points: number) {
    this.act(points, (t) => {
      this.context.host.countFormatWrite(t.sheet.name);
      for (const r of t.rects) for (let c = r.c0; c <= r.c1; c++) t.sheet.columnWidths.set(c, points);
    });
  }
  protected read(name: string, t: RangeTarget): unknown {
    return name === 'columnWidth' ? (t.sheet.columnWidths.get(t.rects[0].c0) ?? 48) : undefined;
  }
}

interface FormatTarget {
  sheet: SheetState;
  cf: ConditionalFormatState;
}

export class ConditionalFormatCollection extends ClientCollection<RangeTarget, ConditionalFormat> {
  protected members(t: RangeTarget): ConditionalFormat[] {
    return conditionalFormatsIn(t.sheet, t.rects).map((cf) => new ConditionalFormat(this.context, () => ({ sheet: t.sheet, cf })));
  }

  /** Only custom (formula) rules are faked: the add-in uses no other kind. */
  add(type: string): ConditionalFormat {
    let created: FormatTarget | null = null;
    const cf = new ConditionalFormat(this.context, () => created);
    this.act({ add: type }, (t) => {
      if (type !== 'Custom')
        throw new FakeExcelError('InvalidArgument', `The fake Excel only knows Custom conditional formats (not ${type}).`);
      const state: ConditionalFormatState = {
        id: `{FAKE-CF-${this.context.host.state.nextId++}}`,
        type: 'Custom',
        ranges: t.rects.map((r) => ({ ...r })),
        formula: '',
        stopIfTrue: false,
      };
      // Excel puts a new rule first (highest priority).
      t.sheet.conditionalFormats.unshift(state);
      created = { sheet: t.sheet, cf: state };
    });
    return cf;
  }

  getItem(id: string): ConditionalFormat {
    const cf = new ConditionalFormat(this.context, () => {
      const t = this.t();
      const hit = conditionalFormatsIn(t.sheet, t.rects).find((c) => c.id === id);
      if (!hit) throw new FakeExcelError('ItemNotFound', `No conditional format ${id}.`);
      return { sheet: t.sheet, cf: hit };
    });
    return cf.trackResolution({ getItem: id });
  }
}

export class ConditionalFormat extends ClientObject<FormatTarget> {
  protected scalars = ['id', 'type', 'priority', 'stopIfTrue'] as const;
  get id(): string {
    return this.get('id') as string;
  }
  get type(): string {
    return this.get('type') as string;
  }
  get custom(): CustomConditionalFormat {
    return this.child('custom', () => new CustomConditionalFormat(this.context, () => this.resolveTarget()));
  }
  get customOrNullObject(): CustomConditionalFormat {
    return this.child(
      'customOrNullObject',
      () =>
        new CustomConditionalFormat(this.context, () => {
          const t = this.resolveTarget();
          return t && t.cf.type === 'Custom' ? t : null;
        }),
    );
  }
  delete(): void {
    this.act({ delete: true }, (t) => {
      t.sheet.conditionalFormats = t.sheet.conditionalFormats.filter((c) => c !== t.cf);
    });
  }
  protected read(name: string, t: FormatTarget): unknown {
    if (name === 'priority') return t.sheet.conditionalFormats.indexOf(t.cf);
    return (t.cf as unknown as Record<string, unknown>)[name];
  }
}

export class CustomConditionalFormat extends ClientObject<FormatTarget> {
  protected scalars = [] as const;
  get rule(): ConditionalFormatRule {
    return this.child('rule', () => new ConditionalFormatRule(this.context, () => this.resolveTarget()));
  }
  get format(): ConditionalRangeFormat {
    return this.child('format', () => new ConditionalRangeFormat(this.context, () => this.resolveTarget()));
  }
  protected read(): unknown {
    return undefined;
  }
}

export class ConditionalFormatRule extends ClientObject<FormatTarget> {
  protected scalars = ['formula'] as const;
  get formula(): string {
    return this.get('formula') as string;
  }
  set formula(formula: string) {
    this.act(formula, (t) => {
      if (!formula.startsWith('=')) throw new FakeExcelError('InvalidArgument', 'A conditional format formula starts with "=".');
      t.cf.formula = formula;
    });
  }
  protected read(_name: string, t: FormatTarget): unknown {
    return t.cf.formula;
  }
}

export class ConditionalRangeFormat extends ClientObject<FormatTarget> {
  protected scalars = [] as const;
  get fill(): ConditionalPart {
    return this.child('fill', () => new ConditionalPart(this.context, () => this.resolveTarget(), 'fill'));
  }
  get font(): ConditionalPart {
    return this.child('font', () => new ConditionalPart(this.context, () => this.resolveTarget(), 'fontColor'));
  }
  protected read(): unknown {
    return undefined;
  }
}

class ConditionalPart extends ClientObject<FormatTarget> {
  protected scalars = ['color'] as const;
  constructor(
    context: FakeRequestContext,
    resolver: () => FormatTarget | null,
    private key: 'fill' | 'fontColor',
  ) {
    super(context, resolver);
  }
  get color(): string {
    return this.get('color') as string;
  }
  set color(color: string) {
    this.act(color, (t) => {
      t.cf[this.key] = color;
    });
  }
  set bold(bold: boolean) {
    this.act(bold, (t) => {
      t.cf.bold = bold;
    });
  }
  protected read(_name: string, t: FormatTarget): unknown {
    return t.cf[this.key] ?? null;
  }
}

export class DataValidation extends ClientObject<RangeTarget> {
  protected scalars = ['rule', 'type'] as const;
  get rule(): unknown {
    return this.get('rule');
  }
  set rule(rule: unknown) {
    this.act(rule, (t) => {
      const list = (rule as { list?: { source?: unknown; inCellDropDown?: boolean } }).list;
      if (!list || typeof list.source !== 'string')
        throw new FakeExcelError('InvalidArgument', 'The fake Excel only knows list validation with a text source.');
      const r = t.rects[0];
      t.sheet.validations = t.sheet.validations.filter(
        (v) => !(v.rect.r0 === r.r0 && v.rect.c0 === r.c0 && v.rect.r1 === r.r1 && v.rect.c1 === r.c1),
      );
      t.sheet.validations.push({ rect: { ...r }, listSource: list.source, inCellDropDown: list.inCellDropDown ?? true });
    });
  }
  clear(): void {
    this.act({ clear: true }, (t) => {
      const r = t.rects[0];
      t.sheet.validations = t.sheet.validations.filter((v) => v.rect.r1 < r.r0 || v.rect.r0 > r.r1 || v.rect.c1 < r.c0 || v.rect.c0 > r.c1);
    });
  }
  protected read(name: string, t: RangeTarget): unknown {
    const v = t.sheet.validations.find((x) => x.rect.r0 === t.rects[0].r0 && x.rect.c0 === t.rects[0].c0);
    if (name === 'type') return v ? 'List' : 'None';
    return v ? { list: { source: v.listSource, inCellDropDown: v.inCellDropDown } } : {};
  }
}

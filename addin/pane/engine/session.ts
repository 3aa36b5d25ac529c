/**
 * What the pane's Web Worker does, as plain functions over plain data (tested in Node): compile
 * the criteria once, find the roster's sheets by their headers, evaluate the roster with core,
 * turn the result into marks (core's marksOf) and result-sheet rows, and — after an edit — patch
 * the cached tables and evaluate again, answering only the sheets whose marks changed.
 */
import { compileCriteria, defaultCriteria, evaluateRoster, type CompiledCriteria } from '../../../core/index';
import type { RosterMarks, RosterSheet, SheetMarks } from '../../../core/marks/types';
import { findHeader, normalizeHeader } from '../../../core/sheet/header';
import type { Cell, HouseholdResult, Issue, RosterResult, Table, Text } from '../../../core/types';
import type { ResultSheetSpec, TemplateSheetSpec } from '../../host/types';
import { checkSheet, scoreSheet, type ResultLang } from '../../results/index';
import { messageOf } from '../../../core/engine/issues';
import { marksOf } from './marks';
import type { CriteriaFacts, Detection, EvaluateRequest, PatchRequest, RosterView, SheetHead } from './protocol';

export class EngineSession {
  private criteria: CompiledCriteria | null = null;
  private tables: { households: Table; members: Table | null } | null = null;
  private request: EvaluateRequest | null = null;
  private result: RosterResult | null = null;
  private marks: RosterMarks | null = null;
  private headerRows: Record<RosterSheet, Cell[]> = { households: [], members: [] };
  private sent: Partial<Record<RosterSheet, Table>> = {};

  /**
   * Compiles a criteria document (throws CriteriaError when invalid) and describes it; null
   * takes core's built-in default (offline with nothing cached).
   */
  setCriteria(document: unknown): CriteriaFacts {
    const c = compileCriteria((document ?? defaultCriteria) as never);
    this.criteria = c;
    this.result = null;
    this.marks = null;
    const monthly = c.document.referenceDate === 'end_of_period';
    return {
      profile: c.profile,
      periodKind: monthly ? 'month' : 'year',
      headerMinMatches: c.document.sheets.headerMinMatches,
      headerScanRows: c.document.sheets.headerScanRows,
      outcome: c.eligibility.key,
      template: templateOf(c),
    };
  }

  private compiled(): CompiledCriteria {
    if (!this.criteria) throw new Error('criteria not set');
    return this.criteria;
  }

  /**
   * Which sheet holds households and which members, by their header rows (core's header
   * detection): the sheet naming most household fields is the household sheet; the other sheet
   * naming most person fields is the member sheet. A one-row-per-person export is found as the
   * household sheet with no member sheet, and core reads it per person.
   */
  detect(sheets: SheetHead[]): Detection {
    const c = this.compiled();
    const { headerScanRows, headerMinMatches } = c.document.sheets;
    const scores = sheets.map((s) => ({
      name: s.name,
      household: findHeader(s.head, c.headers.household, headerScanRows, headerMinMatches)?.columns.size ?? 0,
      person: findHeader(s.head, c.headers.person, headerScanRows, headerMinMatches)?.columns.size ?? 0,
    }));
    let households: string | null = null;
    let best = -1;
    for (const s of scores) {
      const value = Math.max(s.household, s.person) * 1000 + s.household - s.person;
      if (Math.max(s.household, s.person) > 0 && value > best) {
        best = value;
        households = s.name;
      }
    }
    let members: string | null = null;
    let bestPerson = 0;
    for (const s of scores) {
      if (s.name === households) continue;
      if (s.person > bestPerson && s.person > s.household) {
        bestPerson = s.person;
        members = s.name;
      }
    }
    // A person sheet picked as "households" while a household sheet exists: swap them.
    if (members && households) {
      const hs = scores.find((s) => s.name === households)!;
      const ms = scores.find((s) => s.name === members)!;
      if (hs.person > hs.household && ms.household > hs.household) [households, members] = [members, households];
    }
    return { households, members, scores };
  }

  /** Evaluates the whole roster and keeps its tables for later patches. */
  /** Takes one table ahead of `evaluate` (the pane sends the household sheet while it reads the next). */
  table(part: RosterSheet, table: Table): null {
    this.sent[part] = table;
    return null;
  }

  evaluate(request: EvaluateRequest): RosterView {
    const households = request.households ?? this.sent.households ?? [];
    const members = request.members ?? (request.names.members ? (this.sent.members ?? null) : null);
    this.sent = {};
    this.request = { ...request, households, members };
    this.tables = { households, members };
    this.findHeaderRows();
    return this.run(null);
  }

  private findHeaderRows(): void {
    const c = this.compiled();
    const { households, members } = this.tables!;
    this.headerRows = {
      households: headerRowOf(c, households, members ? c.headers.household : combined(c)),
      members: members ? headerRowOf(c, members, c.headers.person) : [],
    };
  }

  /**
   * Applies an edit to the cached tables and evaluates again (cross-row rules included). Marks
   * come back only for the sheets whose marks changed.
   */
  patch(patch: PatchRequest): RosterView {
    if (!this.tables || !this.request) throw new Error('nothing validated yet');
    const table = patch.sheet === 'members' ? this.tables.members : this.tables.households;
    if (!table) throw new Error(`no ${patch.sheet} table`);
    if (!table) throw new Error(`no ${patch.sheet} table`);
    patch.values.forEach((values, i) => {
      const r = patch.row - 1 + i;
      while (table.length <= r) table.push([]);
      const row = table[r];
      values.forEach((value, j) => {
        row[patch.column + j] = value;
      });
    });
    // An edit among the first rows may have changed a header row: find the headers again.
    if (patch.row <= this.compiled().document.sheets.headerScanRows) this.findHeaderRows();
    return this.run(this.marks);
  }

  private run(previous: RosterMarks | null): RosterView {
    const c = this.compiled();
    const request = this.request!;
    const t0 = performance.now();
    const result = evaluateRoster(c, {
      households: this.tables!.households,
      members: this.tables!.members,
      period: request.period,
      expectedTownship: request.expectedTownship ?? undefined,
    });
    const marks = marksOf(result);
    const coreMs = performance.now() - t0;
    this.result = result;
    this.marks = marks;
    const changed: RosterSheet[] = (['households', 'members'] as const).filter(
      (s) => !previous || !sameMarks(previous[s], marks[s]),
    );
    return {
      layout: result.layout,
      unreadable: result.unreadable,
      sheetIssues: result.sheetIssues,
      summary: result.summary,
      households: result.households.length,
      marks: { households: changed.includes('households') ? marks.households : null, members: changed.includes('members') ? marks.members : null },
      changed,
      counts: { errors: marks.households.errors + marks.members.errors, warnings: marks.households.warnings + marks.members.warnings },
      ruleMessages: ruleMessagesOf(c, [result.households, result.members ?? []]),
      coreMs,
    };
  }

  /** The current tables as a submission body (JSON built here, off the pane's thread). */
  submissionBody(period: string, township: string): string {
    if (!this.tables) throw new Error('nothing validated yet');
    return JSON.stringify({ period, township, households: this.tables.households, members: this.tables.members });
  }

  /** The 校验结果 and 评分结果 sheets of the latest evaluation. */
  resultSheets(options: { lang: ResultLang; checkTitle?: string; scoreTitle?: string }): { check: ResultSheetSpec; score: ResultSheetSpec } {
    const c = this.compiled();
    const result = this.result;
    const request = this.request;
    if (!result || !this.marks || !request) throw new Error('nothing validated yet');
    const headerOf = (sheet: RosterSheet, column: number) => {
      const row = result.layout === 'person-per-row' ? this.headerRows.households : this.headerRows[sheet];
      const cell = row[column];
      return cell === null || cell === undefined ? '' : String(cell).trim();
    };
    const check = checkSheet({
      result,
      marks: this.marks,
      sheets: { households: request.names.households, members: request.names.members },
      headerOf,
      lang: options.lang,
      title: options.checkTitle,
    });
    const score = scoreSheet({
      result,
      indicators: c.indicators.map((i) => ({ key: i.key, label: i.label })),
      outcome: c.eligibility.key,
      villageOf: this.villageReader(result),
      lang: options.lang,
      title: options.scoreTitle,
    });
    return { check, score };
  }

  /** Reads a household's village from its own row (the head's row in a person-per-row export). */
  private villageReader(result: RosterResult): (h: HouseholdResult) => string | null {
    const c = this.compiled();
    const field = c.fieldIndex.get('village');
    const table = this.tables!.households;
    const header = this.headerRows.households;
    if (field === undefined) return () => null;
    const headers = new Set(c.fields[field].def.headers.map((h) => normalizeHeader(h)));
    const column = header.findIndex((cell) => headers.has(normalizeHeader(cell)));
    if (column < 0 || result.households.length === 0) return () => null;
    return (h) => {
      const v = table[h.row - 1]?.[column];
      return v === null || v === undefined || v === '' ? null : String(v).trim();
    };
  }
}

function combined(c: CompiledCriteria): Map<string, number> {
  const map = new Map(c.headers.household);
  for (const [h, f] of c.headers.person) map.set(h, f);
  return map;
}

function headerRowOf(c: CompiledCriteria, table: Table, lookup: ReadonlyMap<string, number>): Cell[] {
  const found = findHeader(table, lookup, c.document.sheets.headerScanRows, c.document.sheets.headerMinMatches);
  return found ? table[found.headerRow] : [];
}

/** Same cells with the same severities and reasons (what a paint and the pane's reasons show). */
function sameMarks(a: SheetMarks, b: SheetMarks): boolean {
  if (a.cells.length !== b.cells.length || a.rows.length !== b.rows.length || a.errors !== b.errors || a.warnings !== b.warnings) return false;
  for (let i = 0; i < a.cells.length; i++) {
    const x = a.cells[i];
    const y = b.cells[i];
    if (x.row !== y.row || x.column !== y.column || x.severity !== y.severity || !sameReasons(x.reasons, y.reasons)) return false;
  }
  for (let i = 0; i < a.rows.length; i++) {
    const x = a.rows[i];
    const y = b.rows[i];
    if (x.row !== y.row || x.severity !== y.severity || !sameReasons(x.reasons, y.reasons)) return false;
  }
  return true;
}

function sameReasons(a: SheetMarks['cells'][number]['reasons'], b: SheetMarks['cells'][number]['reasons']): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].rule !== b[i].rule || a[i].severity !== b[i].severity || a[i].message.zh !== b[i].message.zh) return false;
  }
  return true;
}

/**
 * The template sheets for the criteria: 户表 + 人表 when households name their head's ID (the
 * default profile), else one person-per-row sheet like the monitoring export. ID and 户编号
 * columns as text; drop-downs for enum and yes/no columns.
 */
function templateOf(c: CompiledCriteria): TemplateSheetSpec[] {
  const two = c.roles.headId >= 0;
  const sheet = (name: string, fields: CompiledCriteria['fields']): TemplateSheetSpec => {
    const headers = fields.map((f) => f.def.headers[0]);
    const textColumns: number[] = [];
    const lists: { column: number; values: string[] }[] = [];
    fields.forEach((f, i) => {
      if (f.def.type === 'id18' || f.index === c.roles.householdId || f.def.type === 'text') textColumns.push(i);
      if (f.def.type === 'enum' && f.def.values) lists.push({ column: i, values: [...f.def.values] });
      if (f.def.type === 'bool') lists.push({ column: i, values: ['是', '否'] });
    });
    const widths = headers.map((h, i) => (fields[i].def.type === 'id18' ? 20 : Math.min(24, Math.max(8, h.length * 2 + 2))));
    return { name, headers, textColumns, widths, lists };
  };
  if (!two) return [sheet('监测对象', c.fields)];
  const household = c.fields.filter((f) => f.def.level === 'household');
  const idField = c.fields[c.roles.householdId];
  const person = [idField, ...c.fields.filter((f) => f.def.level === 'person')];
  return [sheet('户表', household), sheet('人表', person)];
}

/** Each rule's message without a row's details (its first issue's field names it). */
function ruleMessagesOf(c: CompiledCriteria, parts: readonly (readonly { issues: Issue[] }[])[]): Record<string, Text> {
  const out: Record<string, Text> = {};
  for (const rows of parts) for (const row of rows) for (const issue of row.issues) {
    if (out[issue.rule]) continue;
    const rule = c.rules.findIndex((r) => r.def.id === issue.rule);
    const field = c.fields.findIndex((f) => f.def.key === issue.field);
    out[issue.rule] = rule >= 0 ? messageOf(c, rule, field, undefined) : issue.message;
  }
  return out;
}

import type { CompiledCriteria } from '../criteria/compile';
import { isEmpty, OK, parseText, type TextOut } from '../parse/index';
import { columnLetter, findHeader } from '../sheet/header';
import type { Cell, SheetIssue, Table } from '../types';

/** One sheet as the engine reads it: where its header is, which column holds which field. */
export interface SheetMap {
  sheet: 'households' | 'members';
  table: Table;
  headerRow: number;
  /** field index → 0-based column, -1 when absent. */
  colOf: Int32Array;
  /** 0-based table rows of the non-empty data rows, in sheet order. */
  rows: Int32Array;
}

export interface Layout {
  kind: 'household-member' | 'person-per-row';
  households: SheetMap | null;
  /** Member sheet (household-member) or the person sheet (person-per-row). */
  members: SheetMap | null;
  sheetIssues: SheetIssue[];
}

const text = (zh: string, en: string) => ({ zh, en });

/** Map a sheet's columns; reports duplicate columns once and returns null when no header row. */
function mapSheet(
  criteria: CompiledCriteria,
  table: Table,
  lookup: ReadonlyMap<string, number>,
  sheet: 'households' | 'members',
  issues: SheetIssue[],
): SheetMap | null {
  const found = findHeader(table, lookup, criteria.document.sheets.headerScanRows, criteria.document.sheets.headerMinMatches);
  if (!found) return null;
  const colOf = new Int32Array(criteria.fields.length).fill(-1);
  for (const [field, cols] of found.columns) {
    colOf[field] = cols[0];
    if (cols.length > 1) {
      const def = criteria.fields[field].def;
      const letters = cols.map(columnLetter);
      issues.push({
        sheet,
        rule: 'duplicate_column',
        field: def.key,
        columns: letters,
        severity: 'warning',
        fatal: false,
        message: text(
          `字段“${def.label.zh}”对应多列（${letters.join('、')}），只读取第一列 ${letters[0]}`,
          `Field "${def.label.en}" matches several columns (${letters.join(', ')}); only ${letters[0]} is read`,
        ),
      });
    }
  }
  return { sheet, table, headerRow: found.headerRow, colOf, rows: dataRows(table, found.headerRow, colOf) };
}

/** Rows after the header with a non-empty cell in a recognised column (spec §9.1). */
function dataRows(table: Table, headerRow: number, colOf: Int32Array): Int32Array {
  const cols: number[] = [];
  for (let f = 0; f < colOf.length; f++) if (colOf[f] >= 0) cols.push(colOf[f]);
  const out = new Int32Array(Math.max(0, table.length - headerRow - 1));
  let n = 0;
  for (let r = headerRow + 1; r < table.length; r++) {
    const row: Cell[] | undefined = table[r];
    if (!row) continue;
    for (let j = 0; j < cols.length; j++) {
      if (!isEmpty(row[cols[j]])) {
        out[n++] = r;
        break;
      }
    }
  }
  return out.subarray(0, n);
}

function hasRows(table: Table | null | undefined): table is Table {
  return !!table && table.some((row) => Array.isArray(row) && row.some((cell) => !isEmpty(cell)));
}

function missingColumns(criteria: CompiledCriteria, map: SheetMap, person: boolean | null, issues: SheetIssue[]): void {
  for (const f of criteria.fields) {
    if (!f.def.required || map.colOf[f.index] >= 0) continue;
    if (person !== null && f.person !== person && f.index !== criteria.roles.householdId) continue;
    // Person-per-row exports carry the head's ID in the head's own row.
    if (person === null && f.index === criteria.roles.headId) continue;
    issues.push({
      sheet: map.sheet,
      rule: 'missing_column',
      field: f.def.key,
      columns: [],
      severity: 'error',
      fatal: true,
      message: text(
        `缺少必填列“${f.def.label.zh}”（${f.def.headers.join('/')}）`,
        `Required column "${f.def.label.en}" (${f.def.headers.join('/')}) is missing`,
      ),
    });
  }
}

/**
 * A household (or person) sheet with its header but no data row. A warning, not fatal: a township
 * may truly have no household to report (no monitored household this month). The Worker refuses
 * such a roster only where it would replace one that has households.
 */
function noRows(map: SheetMap, issues: SheetIssue[]): void {
  if (map.rows.length > 0) return;
  issues.push({
    sheet: map.sheet,
    rule: 'no_rows',
    field: null,
    columns: [],
    severity: 'warning',
    fatal: false,
    message: text('表头下没有数据行（本表没有一户）', 'There is no data row under the header (no household)'),
  });
}

function noHeader(sheet: 'households' | 'members', criteria: CompiledCriteria): SheetIssue {
  const n = criteria.document.sheets.headerScanRows;
  return {
    sheet,
    rule: 'no_header',
    field: null,
    columns: [],
    severity: 'error',
    fatal: true,
    message: text(
      `前${n}行中找不到表头行（至少${criteria.document.sheets.headerMinMatches}个可识别的列名）`,
      `No header row in the first ${n} rows (at least ${criteria.document.sheets.headerMinMatches} known column names)`,
    ),
  };
}

/**
 * Person columns the first sheet must map, besides the ID number and the relation, to be read
 * one row per person when both of those are there. A household sheet with unknown ID and
 * relation columns stays a household sheet (spec §1: unknown columns are ignored).
 */
const PERSON_COLUMNS_WITH_ID_AND_RELATION = 1;
/**
 * Person columns that make the first sheet a person sheet even without its ID or relation column,
 * so an export missing one of those gets a fatal missing_column instead of one household per row.
 */
const PERSON_COLUMNS_ALONE = 4;

/**
 * Decide the layout by columns (never by sheet name): a member sheet with at least one data row
 * (spec §5: only then is it "present") → household + member sheets; otherwise a first sheet of
 * person columns → one row per person; otherwise a household sheet alone. A member sheet with
 * content but no header row cannot be read: a fatal no_header, as for the household sheet.
 */
export function readLayout(criteria: CompiledCriteria, households: Table, members: Table | null | undefined): Layout {
  const issues: SheetIssue[] = [];
  const { person, household } = criteria.headers;
  if (hasRows(members)) {
    const memberIssues: SheetIssue[] = [];
    const memberSheet = mapSheet(criteria, members, person, 'members', memberIssues);
    // A header with no data row under it (an empty template) is no member sheet at all.
    if (!memberSheet || memberSheet.rows.length > 0) {
      const householdSheet = mapSheet(criteria, households, household, 'households', issues);
      issues.push(...memberIssues);
      if (!householdSheet) issues.push(noHeader('households', criteria));
      else {
        missingColumns(criteria, householdSheet, false, issues);
        noRows(householdSheet, issues);
      }
      if (!memberSheet) issues.push(noHeader('members', criteria));
      else missingColumns(criteria, memberSheet, true, issues);
      return { kind: 'household-member', households: householdSheet, members: memberSheet, sheetIssues: issues };
    }
  }
  const combined = new Map(household);
  for (const [h, f] of person) combined.set(h, f);
  const probe: SheetIssue[] = [];
  const single = mapSheet(criteria, households, combined, 'households', probe);
  if (single && isPersonSheet(criteria, single) && !(lacksPersonColumns(criteria, single) && headsOnly(criteria, single))) {
    issues.push(...probe);
    missingColumns(criteria, single, null, issues);
    noRows(single, issues);
    return { kind: 'person-per-row', households: null, members: { ...single, sheet: 'households' }, sheetIssues: issues };
  }
  const householdSheet = mapSheet(criteria, households, household, 'households', issues);
  if (!householdSheet) issues.push(noHeader('households', criteria));
  else {
    missingColumns(criteria, householdSheet, false, issues);
    noRows(householdSheet, issues);
  }
  return { kind: 'household-member', households: householdSheet, members: null, sheetIssues: issues };
}

/** A required person column is not on the sheet (read per person, the sheet would be unreadable). */
function lacksPersonColumns(criteria: CompiledCriteria, map: SheetMap): boolean {
  return criteria.fields.some((f) => f.person && f.def.required && map.colOf[f.index] < 0);
}

/**
 * Every row is a different household (no 户编号 twice) and, where there is a relation column,
 * its 户主. Such a sheet, when it also lacks person columns, is a household sheet carrying a few
 * of the head's columns (证件号码, 与户主关系, 性别 …), not an export one row per person.
 */
function headsOnly(criteria: CompiledCriteria, map: SheetMap): boolean {
  const idColumn = map.colOf[criteria.roles.householdId];
  if (idColumn < 0 || map.rows.length === 0) return false;
  const relationColumn = map.colOf[criteria.roles.relation];
  const codeOf = criteria.fields[criteria.roles.relation].codeOf;
  const seen = new Set<string>();
  const out: TextOut = { value: '' };
  for (let k = 0; k < map.rows.length; k++) {
    const row = map.table[map.rows[k]];
    if (relationColumn >= 0) {
      // Every row a 户主: a household sheet, whose repeated 户编号 is the `unique` error it reports.
      if (parseText(row[relationColumn], out) === OK && codeOf?.get(out.value) !== criteria.roles.headCode) return false;
      continue;
    }
    if (parseText(row[idColumn], out) !== OK) continue;
    if (seen.has(out.value)) return false;
    seen.add(out.value);
  }
  return true;
}

function isPersonSheet(criteria: CompiledCriteria, map: SheetMap): boolean {
  const { personId, relation } = criteria.roles;
  let others = 0;
  for (const f of criteria.fields) if (f.person && f.index !== personId && f.index !== relation && map.colOf[f.index] >= 0) others++;
  if (map.colOf[personId] >= 0 && map.colOf[relation] >= 0) return others >= PERSON_COLUMNS_WITH_ID_AND_RELATION;
  return others >= PERSON_COLUMNS_ALONE;
}

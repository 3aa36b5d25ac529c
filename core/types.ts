/**
 * The public shapes of the engine: what the Worker, the add-in and the CLI exchange with core.
 * Everything here is plain data (JSON-serialisable), so it crosses HTTP and postMessage unchanged.
 */

/**
 * One worksheet cell as Excel (Office.js `values`) or a file reader (exceljs, read-excel-file)
 * hands it over. A date cell arrives as its serial day number from Excel and as a `Date` from a
 * file reader: core reads a `Date` as that serial everywhere (core/parse/date.ts excelSerialOf),
 * so both give the same answer.
 */
export type Cell = string | number | boolean | Date | null | undefined;

/** A worksheet as a 2-D array of cells, row 0 = worksheet row 1 (title rows included). */
export type Table = Cell[][];

export type Severity = 'error' | 'warning';

export interface Text {
  zh: string;
  en: string;
}

/** What a roster evaluation takes. */
export interface RosterInput {
  /**
   * The household sheet (户表) — or, for a person-per-row export (一人一行), the one person sheet.
   * The engine decides the layout by the columns it finds, never by sheet name.
   */
  households: Table;
  /** The optional member sheet (人表), one row per person, linked by 户编号. */
  members?: Table | null;
  /**
   * ISO date (YYYY-MM-DD) the ages, ID dates, exit years and months are judged against.
   * Default: criteria parameter `reference_date`, else the last day of `period`'s year, else today.
   */
  referenceDate?: string;
  /** Roster period, e.g. "2020" or "2024-06"; used for the default reference date. */
  period?: string;
  /**
   * On a clerk's submission, the clerk's own township: a known township other than this one
   * gets `township_mismatch` instead of passing.
   */
  expectedTownship?: string;
}

/** The two sheets a roster is read from; a person-per-row export is read as `households` only. */
export type RosterSheet = 'households' | 'members';

/** One worksheet cell an issue points at. */
export interface CellRef {
  sheet: RosterSheet;
  /** Worksheet row, 1-based (title rows counted). */
  row: number;
  /** Excel column letters ("F"). */
  column: string;
  /** The same column as a 0-based index (A = 0). */
  columnIndex: number;
}

/**
 * One problem on one cell (or one row when `column` is null). `sheet`, `row` and `column` name
 * the cell that is wrong: in a person-per-row export a household-level issue points at the row
 * whose cell gave the household its value (not the 户主 row when that cell was blank); a member's
 * issue on a household column its member sheet lacks points at the household sheet's cell.
 */
export interface Issue {
  rule: string;
  /** The criteria field key the issue is about (e.g. "labor_count"), or null for a row-level issue. */
  field: string | null;
  /** Sheet of the wrong cell (or row). */
  sheet: RosterSheet;
  /** Worksheet row (1-based) of the wrong cell, or of the row for a row-level issue. */
  row: number;
  /** Excel column letters of the wrong cell ("F"), or null for a row-level issue. */
  column: string | null;
  /** The same column as a 0-based index (A = 0), or null. */
  columnIndex: number | null;
  /**
   * Every cell the issue concerns, in sheet order, when there is more than one: the cells of a
   * person-per-row household holding the household's (wrong) value, or the two cells of a
   * `household_value_conflict` (this row's and the one the household's value came from).
   * Absent (undefined) for a single cell or a row.
   */
  cells?: CellRef[];
  severity: Severity;
  message: Text;
}

/** A problem with a whole sheet (reported once, not per row). */
export interface SheetIssue {
  sheet: RosterSheet;
  /** no_header | missing_column | duplicate_column | no_rows */
  rule: string;
  field: string | null;
  /** Column letters involved, if any. */
  columns: string[];
  severity: Severity;
  /** When true the sheet cannot be used (Worker answers 422). */
  fatal: boolean;
  message: Text;
}

export type IndicatorValue = boolean | null;

/**
 * Results are read-only: equal indicator sets and empty issue lists are shared, frozen objects.
 */
export interface HouseholdResult {
  /** Worksheet row number of the household's row (person-per-row: its 户主 row, else its first row). */
  row: number;
  householdId: string | null;
  /** Parsed township when it is valid text, else null. */
  township: string | null;
  /** Parsed head-of-household ID (upper-case X), null when missing/invalid. */
  headId: string | null;
  /** Persons in the household (household_size when it parsed; person-per-row falls back to row count). */
  persons: number | null;
  /** 'poor' (未脱贫/计划脱贫, or monitored and not eliminated), 'exited' (已脱贫 / eliminated), or null. */
  statusClass: 'poor' | 'exited' | null;
  /** Raw parsed status value (default profile's status, monitoring profile's category), for reports. */
  status: string | null;
  issues: Issue[];
  indicators: Record<string, IndicatorValue>;
  score: number;
  exitEligible: boolean;
  riskLevel: 1 | 2 | 3;
  /** Monitoring profile only: 可消除风险 (undefined, so absent from JSON, for profiles with exitEligible). */
  riskEliminable?: boolean;
}

export interface MemberResult {
  /** Worksheet row number in the member sheet (or the person sheet). */
  row: number;
  householdId: string | null;
  /** Parsed person ID (18 characters, upper-case X), null when missing/invalid. */
  id: string | null;
  issues: Issue[];
}

/**
 * Counters of one township (or of the roster total). Every rate is derived from these by
 * `rates()`, so summaries merge by adding counters.
 */
export type Counters = Record<string, number>;

export interface SummaryPart {
  counters: Counters;
  rates: Record<string, number | null>;
}

export interface Summary {
  /** Criteria profile id the summary was computed with. */
  profile: string;
  total: SummaryPart;
  /** Every configured township, zeros where it has no rows. */
  townships: Record<string, SummaryPart>;
  /**
   * Which townships the county's population-based rates (poverty incidence) cover: those whose
   * registered population is configured (spec §7: "3 of 12"), so a partial figure is never read
   * as the county's. Absent only in summaries stored before it existed.
   */
  populationCoverage?: PopulationCoverage;
}

export interface PopulationCoverage {
  /** Configured townships with a registered population, in the criteria's order. */
  townships: string[];
  /** How many townships the criteria configure. */
  of: number;
}

export interface RosterResult {
  profile: string;
  layout: 'household-member' | 'person-per-row';
  referenceDate: string;
  sheetIssues: SheetIssue[];
  /** True when a sheet issue is fatal (no header row, a required column missing). */
  unreadable: boolean;
  households: HouseholdResult[];
  members: MemberResult[];
  summary: Summary;
}

/** A criteria-document problem, with the JSON path where it is. */
export interface CriteriaProblem {
  path: string;
  message: Text;
}

import type { Text } from '../types';

/**
 * The working state of one roster evaluation. Column-oriented and typed so the hot loops stay
 * monomorphic: one parsed column per field, statuses in a Uint8Array, numbers in a
 * Float64Array, text/enum/ID values in a string array.
 */

export interface Column {
  /** Parse status per row (core/parse: OK, MISSING, TYPE, RANGE, ENUM, ID, MONTH). */
  status: Uint8Array;
  /** Numbers, booleans (1/0), months (year*12+month), enum-set bit masks. */
  numbers: Float64Array;
  /** Text and ID values ('' where not OK). */
  texts: string[];
  /** Enum columns keep the value's position in `num`; this is the value list to read it back. */
  codes: readonly string[] | null;
  /** Column index in the source sheet, -1 when the sheet has no such column. */
  column: number;
  /** Source of each row's cell for household fields built from person rows (-1 = none). */
  sourceRow: Int32Array | null;
  /** First row with an equal value, when already computed (linking shares it with `unique`). */
  first?: Int32Array;
  /** Hash of each OK text/ID value, for fields that are grouped (unique, linking, 一帮五). */
  hash: Int32Array | null;
}

export interface EvaluationState {
  /** Households (household sheet rows, or households grouped from person rows). */
  householdCount: number;
  /** Member rows (member sheet, or person rows). */
  memberCount: number;
  /** Household-level columns, by field index (undefined for person-level fields). */
  householdColumns: Column[];
  /** Person-level columns, by field index. */
  memberColumns: Column[];
  /** Members of household h are memList[memStart[h] .. memStart[h+1]). */
  memberStart: Int32Array;
  memberList: Int32Array;
  /** Household index of each member row, -1 when it belongs to none. */
  householdOfMember: Int32Array;
  /** Household has its member list checked (member sheet present, valid and first 户编号). */
  linked: Uint8Array;
  /** Age in completed years per member, -1 when the ID did not parse. */
  age: Int16Array;
  /** ID facts per member: 1 male, 0 female, 255 unknown. */
  male: Uint8Array;
  /** Indicator values: 1 true, 0 false, 2 null; H × indicators. */
  indicatorValues: Uint8Array;
  indicatorCount: number;
  /** Household flags: bit 0 hard_all_true, 1 all_true, 2 eligible, 3 has_error, 4 has_warning, 5 rows_have_error, 6 rows_have_warning. */
  householdFlags: Uint8Array;
  /** Member flags: bit 3 has_error, 4 has_warning. */
  memberFlags: Uint8Array;
  /** Rules fired per household / member: bitset of rule indexes, `words` 32-bit words per row. */
  householdRules: Uint32Array;
  memberRules: Uint32Array;
  words: number;
  score: Float64Array;
  risk: Uint8Array;
  persons: Float64Array;
  /** reference date as yyyymmdd, and its month index (year*12+month). */
  refYmd: number;
  refMonth: number;
  refYear: number;
}

export const FLAG_HARD = 1;
export const FLAG_ALL = 2;
export const FLAG_ELIGIBLE = 4;
export const FLAG_ERROR = 8;
export const FLAG_WARNING = 16;
export const FLAG_ROWS_ERROR = 32;
export const FLAG_ROWS_WARNING = 64;

export const IND_FALSE = 0;
export const IND_TRUE = 1;
export const IND_NULL = 2;

/**
 * Issues found during an evaluation, kept as flat parallel arrays (most rows have none) and
 * turned into `Issue` objects only at the end. Recording one also sets the row's rule bit
 * and error/warning flag, which later conditions (`issue`, `has_error`) read.
 */
export class IssueLog {
  readonly row: number[] = [];
  readonly rule: number[] = [];
  readonly field: number[] = [];
  /** Extra message detail by issue position (sparse). */
  readonly detail = new Map<number, Text>();

  constructor(
    private readonly flags: Uint8Array,
    private readonly bits: Uint32Array,
    private readonly words: number,
    private readonly errorRule: boolean[],
  ) {}

  add(row: number, rule: number, field: number, detail?: Text): void {
    if (detail) this.detail.set(this.row.length, detail);
    this.row.push(row);
    this.rule.push(rule);
    this.field.push(field);
    this.bits[row * this.words + (rule >>> 5)] |= 1 << (rule & 31);
    this.flags[row] |= this.errorRule[rule] ? FLAG_ERROR : FLAG_WARNING;
  }

  get length(): number {
    return this.row.length;
  }

  /** Issues grouped by row: start offsets into `order`, one counting sort. */
  byRow(rows: number): { start: Int32Array; order: Int32Array } {
    const start = new Int32Array(rows + 1);
    for (let k = 0; k < this.row.length; k++) start[this.row[k] + 1]++;
    for (let r = 0; r < rows; r++) start[r + 1] += start[r];
    const fill = start.slice(0, rows);
    const order = new Int32Array(this.row.length);
    for (let k = 0; k < this.row.length; k++) order[fill[this.row[k]]++] = k;
    return { start, order };
  }
}

/** The issue logs of an evaluation's two sides. */
export interface IssueLogs {
  households: IssueLog;
  members: IssueLog;
}

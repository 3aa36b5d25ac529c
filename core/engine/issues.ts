import type { CompiledCriteria } from '../criteria/compile';
import type { Issue, Text } from '../types';
import { type Env, FLAG_ERROR, FLAG_WARNING } from './env';
import { letterOf, type IssueGroups, type IssueLocator, type Place } from './locations';

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

export function newLogs(c: CompiledCriteria, env: Env): { hh: IssueLog; mem: IssueLog } {
  const errorRule = c.rules.map((r) => r.severity === 'error');
  return {
    hh: new IssueLog(env.hhFlags, env.hhRules, env.words, errorRule),
    mem: new IssueLog(env.memFlags, env.memRules, env.words, errorRule),
  };
}

const FIELD_MESSAGES: Record<string, (zh: string, en: string) => Text> = {
  required: (zh, en) => ({ zh: `“${zh}”为必填项`, en: `${en} is required` }),
  type: (zh, en) => ({ zh: `“${zh}”的值格式不正确`, en: `${en} has a value of the wrong type` }),
  enum: (zh, en) => ({ zh: `“${zh}”的值不在允许的选项中`, en: `${en} is not one of the allowed values` }),
  range: (zh, en) => ({ zh: `“${zh}”的值超出允许范围`, en: `${en} is out of range` }),
  id_number: (zh, en) => ({ zh: `“${zh}”不是有效的18位身份证号码`, en: `${en} is not a valid 18-digit ID number` }),
  id_area: (zh, en) => ({
    zh: `“${zh}”的地区码不是有效的省级代码，请核实`,
    en: `${en} has an area code with no valid province: please check`,
  }),
  month: (zh, en) => ({
    zh: `“${zh}”不是有效的月份（如 202203）或超出范围`,
    en: `${en} is not a valid month (e.g. 202203) or is out of range`,
  }),
  unique: (zh, en) => ({ zh: `“${zh}”与前面的行重复`, en: `${en} repeats an earlier row` }),
  household_value_conflict: (zh, en) => ({ zh: `“${zh}”与本户户主行的值不一致`, en: `${en} differs from the household's value` }),
};

function joinText(a: Text, b: Text): Text {
  return { zh: `${a.zh}${b.zh}`, en: `${a.en}${b.en}` };
}

/** The bilingual message of one recorded issue. */
export function messageOf(c: CompiledCriteria, rule: number, field: number, detail: Text | undefined): Text {
  const r = c.rules[rule];
  let base: Text;
  if (r.message) base = r.message;
  else {
    const label = field >= 0 ? c.fields[field].def.label : { zh: '该行', en: 'This row' };
    const make = FIELD_MESSAGES[r.def.id];
    base = make ? make(label.zh, label.en) : { zh: `规则 ${r.def.id}`, en: `Rule ${r.def.id}` };
  }
  return detail ? joinText(base, detail) : base;
}

/** Rows without issues share this one frozen array (most rows of a roster have none). */
export const NO_ISSUES: Issue[] = Object.freeze([]) as unknown as Issue[];

/** Reused by issuesOf: where the current issue points. */
const place: Place = { sheet: 'households', row: 0, column: -1, cells: undefined };

/** Materialise one row's issues as `Issue` objects, each pointing at its wrong cell. */
export function issuesOf(c: CompiledCriteria, log: IssueLog, group: IssueGroups, row: number, locator: IssueLocator): Issue[] {
  if (group.start[row] === group.start[row + 1]) return NO_ISSUES;
  const out: Issue[] = [];
  for (let p = group.start[row], end = group.start[row + 1]; p < end; p++) {
    const k = group.order[p];
    const rule = log.rule[k];
    const field = log.field[k];
    locator.place(row, field, rule, place);
    const column = place.column;
    // One literal (cells undefined when absent), so every issue has the same hidden class.
    out.push({
      rule: c.rules[rule].def.id,
      field: field >= 0 ? c.fields[field].def.key : null,
      sheet: place.sheet,
      row: place.row,
      column: column >= 0 ? letterOf(column) : null,
      columnIndex: column >= 0 ? column : null,
      cells: place.cells,
      severity: c.rules[rule].severity,
      message: messageOf(c, rule, field, log.detail.get(k)),
    });
  }
  return out;
}

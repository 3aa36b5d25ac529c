import type { CompiledCriteria } from '../criteria/compile';
import type { Issue, Text } from '../types';
import { type EvaluationState, IssueLog, type IssueLogs } from '../state/index';
import { letterOf, type IssueGroups, type IssueLocator, type Place } from './locations';

export function newLogs(criteria: CompiledCriteria, state: EvaluationState): IssueLogs {
  const errorRule = criteria.rules.map((r) => r.severity === 'error');
  return {
    households: new IssueLog(state.householdFlags, state.householdRules, state.words, errorRule),
    members: new IssueLog(state.memberFlags, state.memberRules, state.words, errorRule),
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
export function messageOf(criteria: CompiledCriteria, rule: number, field: number, detail: Text | undefined): Text {
  const r = criteria.rules[rule];
  let base: Text;
  if (r.message) base = r.message;
  else {
    const label = field >= 0 ? criteria.fields[field].def.label : { zh: '该行', en: 'This row' };
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
export function issuesOf(criteria: CompiledCriteria, log: IssueLog, group: IssueGroups, row: number, locator: IssueLocator): Issue[] {
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
      rule: criteria.rules[rule].def.id,
      field: field >= 0 ? criteria.fields[field].def.key : null,
      sheet: place.sheet,
      row: place.row,
      column: column >= 0 ? letterOf(column) : null,
      columnIndex: column >= 0 ? column : null,
      cells: place.cells,
      severity: criteria.rules[rule].severity,
      message: messageOf(criteria, rule, field, log.detail.get(k)),
    });
  }
  return out;
}

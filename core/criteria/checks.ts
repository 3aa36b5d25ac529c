import type { CriteriaProblem } from '../types';
import { isIsoDate } from '../parse/index';
import type { CriteriaDocument, FieldDef, RuleDef } from './schema';

/**
 * What a criteria document must satisfy beyond its schema and its conditions' syntax, so that
 * a county's edit cannot publish a document that breaks every evaluation or silently switches a
 * rule off: rule ids keep their kinds, rules point at fields of the right level and type,
 * parameters used as numbers are numbers, bounds and names make sense.
 */

type Problems = CriteriaProblem[];

export function problem(path: string, zh: string, en: string): CriteriaProblem {
  return { path, message: { zh, en } };
}

/**
 * The rule ids of the shipped profiles with their kinds: ids are part of the contract (spec §6,
 * profile §3), and the engine's built-in kinds do the work their ids promise. A county may change
 * a check's condition, severity or message, or switch a rule off, but `required` stays a field
 * rule and `helper_overload` a group count. Written out rather than read from the profiles, so
 * that compiling criteria does not bundle both shipped documents into the pane; checks.test.ts
 * holds this list equal to the profiles.
 */
const RESERVED_IDS: Readonly<Record<string, readonly string[]>> = {
  field: ['required', 'type', 'enum', 'range', 'id_number', 'id_area', 'month'],
  unique: ['unique'],
  check: [
    'labor_le_size',
    'insured_le_size',
    'pension_le',
    'exit_year_required',
    'loan_purpose_required',
    'loan_nonproductive',
    'income_inconsistent',
    'monitoring_misidentified',
    'size_mismatch',
    'head_count',
    'head_id_mismatch',
    'dropout_mismatch',
    'insured_mismatch',
    'school_age_not_enrolled',
    'monitored_fields',
    'elimination_order',
    'elimination_too_soon',
    'eliminated_with_problem',
    'eliminated_below_line',
    'eliminated_no_labor',
    'unmonitored_with_problem',
    'risk_type_members',
    'relation_gender',
    'labor_age',
    'schooling_age',
    'medical_double',
    'phone_format',
  ],
  township: ['township_known'],
  township_mismatch: ['township_mismatch'],
  group_count: ['helper_overload'],
  member_orphan: ['member_orphan'],
  value_conflict: ['household_value_conflict'],
  id_gender: ['gender_mismatch'],
};

export const RESERVED: ReadonlyMap<string, string> = new Map(
  Object.entries(RESERVED_IDS).flatMap(([kind, ids]) => ids.map((id) => [id, kind] as const)),
);

/** Problems of a document that passed its schema; `fieldIndex` maps field keys to positions. */
export function checkDocument(doc: CriteriaDocument, fieldIndex: ReadonlyMap<string, number>): Problems {
  const check: DocumentCheck = { doc, fieldIndex, params: doc.parameters as Record<string, number | string | null>, problems: [] };
  checkReferenceDate(check);
  doc.fields.forEach((f, i) => checkField(check, f, `fields[${i}]`));
  doc.rules.forEach((rule, i) => checkRule(check, rule, `rules[${i}]`));
  checkTownshipNames(check);
  checkAggregateKeys(check);
  return check.problems;
}

interface DocumentCheck {
  doc: CriteriaDocument;
  fieldIndex: ReadonlyMap<string, number>;
  params: Record<string, number | string | null>;
  problems: Problems;
}

/** A parameter used as a number must be one (a field bound may also be null: no bound). */
function checkNumericParam(check: DocumentCheck, name: string, path: string, nullable = false): void {
  const { params } = check;
  if (name === 'reference_year' || name === 'reference_month' || !(name in params)) return;
  if (typeof params[name] !== 'number' && !(nullable && params[name] === null))
    check.problems.push(
      problem(
        path,
        `参数 ${name} 用作数值，应为数字（现为 ${JSON.stringify(params[name])}）`,
        `parameter ${name} is used as a number but is ${JSON.stringify(params[name])}`,
      ),
    );
}

function checkReferenceDate(check: DocumentCheck): void {
  const reference = check.params.reference_date;
  if (reference !== undefined && reference !== null && !isIsoDate(reference)) {
    check.problems.push(
      problem(
        'parameters.reference_date',
        `基准日期应为 YYYY-MM-DD 格式的有效日期：${String(reference)}`,
        `reference_date must be a valid YYYY-MM-DD date: ${String(reference)}`,
      ),
    );
  }
}

/** Bounds that are numbers and in order; values listed once; exclusive values among them. */
function checkField(check: DocumentCheck, f: FieldDef, path: string): void {
  const { params, problems } = check;
  if (typeof f.min === 'string') checkNumericParam(check, f.min, `${path}.min`, true);
  if (typeof f.max === 'string') checkNumericParam(check, f.max, `${path}.max`, true);
  const min = typeof f.min === 'string' ? params[f.min] : f.min;
  const max = typeof f.max === 'string' ? params[f.max] : f.max;
  if (typeof min === 'number' && typeof max === 'number' && min > max)
    problems.push(problem(`${path}.max`, `上限 ${max} 小于下限 ${min}`, `max ${max} is below min ${min}`));
  const seen = new Set<string>();
  (f.values ?? []).forEach((v, j) => {
    if (seen.has(v)) problems.push(problem(`${path}.values[${j}]`, `取值 ${v} 重复`, `duplicate value ${v}`));
    seen.add(v);
  });
  (f.exclusive ?? []).forEach((v, j) => {
    if (!seen.has(v)) problems.push(problem(`${path}.exclusive[${j}]`, `${v} 不在取值中`, `${v} is not one of the values`));
  });
}

/** The field a rule names, when it exists, with a problem when its level or type does not fit. */
function ruleField(
  check: DocumentCheck,
  key: string | null,
  path: string,
  want: { level?: FieldDef['level']; types?: readonly string[] },
): FieldDef | null {
  if (key === null) return null;
  const k = check.fieldIndex.get(key);
  if (k === undefined) return null; // reported as an unknown field where the rule is compiled
  const def = check.doc.fields[k];
  if (want.level && def.level !== want.level)
    check.problems.push(
      problem(
        path,
        `字段 ${key} 是${def.level === 'person' ? '成员' : '户'}级字段，此处应为${want.level === 'person' ? '成员' : '户'}级`,
        `field ${key} is ${def.level}-level; ${want.level}-level is needed here`,
      ),
    );
  if (want.types && !want.types.includes(def.type))
    check.problems.push(
      problem(
        path,
        `字段 ${key} 的类型 ${def.type} 不适用，应为 ${want.types.join('/')}`,
        `field ${key} has type ${def.type}; ${want.types.join('/')} is needed here`,
      ),
    );
  return def;
}

/** A reserved id keeps its kind; the fields a rule names fit what its kind does with them. */
function checkRule(check: DocumentCheck, rule: RuleDef, path: string): void {
  const reserved = RESERVED.get(rule.id);
  if (reserved !== undefined && reserved !== rule.kind)
    check.problems.push(
      problem(
        `${path}.kind`,
        `规则 ${rule.id} 的类型应为 ${reserved}（规则编号是约定的一部分）`,
        `rule ${rule.id} must be of kind ${reserved} (rule ids are part of the contract)`,
      ),
    );
  switch (rule.kind) {
    case 'township':
    case 'township_mismatch':
      ruleField(check, rule.field, `${path}.field`, { level: 'household', types: ['text', 'enum'] });
      break;
    case 'group_count':
      ruleField(check, rule.field, `${path}.field`, { level: 'household' });
      if (typeof rule.max === 'string') checkNumericParam(check, rule.max, `${path}.max`);
      break;
    case 'id_gender':
      checkIdGender(check, rule, path);
      break;
    case 'check':
      // A person check may mark a household column (each person row of an export carries it);
      // a household check cannot mark a person column (whose member row would it be?).
      if (rule.level === 'household')
        rule.checks.forEach((c, j) => ruleField(check, c.field, `${path}.checks[${j}].field`, { level: 'household' }));
      break;
    case 'unique':
      rule.fields.forEach((key, j) => ruleField(check, key, `${path}.fields[${j}]`, {}));
      break;
  }
}

function checkIdGender(check: DocumentCheck, rule: Extract<RuleDef, { kind: 'id_gender' }>, path: string): void {
  ruleField(check, rule.idField, `${path}.idField`, { level: 'person', types: ['id18'] });
  const gender = ruleField(check, rule.genderField, `${path}.genderField`, { level: 'person', types: ['enum'] });
  for (const side of ['male', 'female'] as const) {
    if (gender?.type === 'enum' && !(gender.values ?? []).includes(rule[side]))
      check.problems.push(
        problem(
          `${path}.${side}`,
          `${rule[side]} 不是字段 ${rule.genderField} 的取值`,
          `${rule[side]} is not a value of ${rule.genderField}`,
        ),
      );
  }
}

function checkTownshipNames(check: DocumentCheck): void {
  check.doc.townships.forEach((t, i) => {
    if (t.name.trim() !== t.name)
      check.problems.push(
        problem(
          `townships[${i}].name`,
          `乡镇名“${t.name}”首尾有空白（单元格去掉首尾空白后比较，永远对不上）`,
          `township name "${t.name}" starts or ends with white space (cells are trimmed, so it could never match)`,
        ),
      );
  });
}

/** Count and rate keys are each listed once. */
function checkAggregateKeys(check: DocumentCheck): void {
  const { doc, problems } = check;
  const counts = new Set<string>();
  doc.aggregates.counts.forEach((c, i) => {
    if (counts.has(c.key)) problems.push(problem(`aggregates.counts[${i}].key`, `计数 ${c.key} 重复`, `duplicate count ${c.key}`));
    counts.add(c.key);
  });
  const rates = new Set<string>();
  doc.aggregates.rates.forEach((r, i) => {
    if (rates.has(r.key)) problems.push(problem(`aggregates.rates[${i}].key`, `比率 ${r.key} 重复`, `duplicate rate ${r.key}`));
    rates.add(r.key);
  });
}

/** Nesting a condition may have: real ones are under ten deep; far deeper would overflow the compiler's stack. */
export const MAX_CONDITION_DEPTH = 100;

/** Every condition of a document with its path. */
export function conditionsOf(doc: CriteriaDocument): [string, unknown][] {
  const out: [string, unknown][] = [];
  doc.rules.forEach((rule, i) => {
    if (rule.kind === 'check') rule.checks.forEach((check, j) => out.push([`rules[${i}].checks[${j}].when`, check.when]));
  });
  doc.indicators.forEach((d, i) => out.push([`indicators[${i}].when`, d.when]));
  out.push(['eligibility.when', doc.eligibility.when]);
  doc.risk.levels.forEach((l, i) => out.push([`risk.levels[${i}].when`, l.when]));
  out.push(['statusClass.poor', doc.statusClass.poor], ['statusClass.exited', doc.statusClass.exited]);
  doc.aggregates.counts.forEach((c, i) => out.push([`aggregates.counts[${i}].when`, c.when]));
  doc.aggregates.sums.forEach((sum, i) => {
    out.push([`aggregates.sums[${i}].value`, sum.value]);
    if (sum.when !== undefined) out.push([`aggregates.sums[${i}].when`, sum.when]);
  });
  return out;
}

/** Conditions nested deeper than MAX_CONDITION_DEPTH (measured without recursion). */
export function tooDeep(doc: CriteriaDocument): Problems {
  const problems: Problems = [];
  for (const [path, expr] of conditionsOf(doc)) {
    const stack: [unknown, number][] = [[expr, 1]];
    while (stack.length > 0) {
      const [e, depth] = stack.pop()!;
      if (depth > MAX_CONDITION_DEPTH) {
        problems.push(
          problem(path, `条件嵌套超过 ${MAX_CONDITION_DEPTH} 层`, `the condition is nested more than ${MAX_CONDITION_DEPTH} levels deep`),
        );
        break;
      }
      if (e !== null && typeof e === 'object') for (const v of Object.values(e)) stack.push([v, depth + 1]);
    }
  }
  return problems;
}

import type { CriteriaProblem } from '../types';
import type { FieldDef } from './schema';

/**
 * The types of a condition's operands, checked once when the document is compiled. The logic's
 * semantics make a comparison of a number with text, or an enum with a value it does not have,
 * simply null or false at run time: a county that writes "4000" for the income line, or misspells
 * 已脱贫 in a condition, would switch an indicator or a count off without a word. Only certain
 * mistakes are reported; whatever cannot be known before the roster is read passes.
 */

type Type =
  | { t: 'number' | 'string' | 'bool' | 'null' | 'any'; param?: string; literal?: boolean; month?: FieldDef }
  | { t: 'enum'; field: FieldDef }
  /** An enum_set field: its value is a set, tested with "includes". */
  | { t: 'set'; field: FieldDef };

const ANY: Type = { t: 'any' };
const NUMBER: Type = { t: 'number' };
const BOOL: Type = { t: 'bool' };

export interface TypeFacts {
  fields: readonly FieldDef[];
  fieldIndex: ReadonlyMap<string, number>;
  params: Readonly<Record<string, number | string | null>>;
}

const FLAGS = new Set(['hard_all_true', 'all_true', 'eligible', 'has_error', 'has_warning', 'rows_have_error', 'rows_have_warning']);
const NUMBERS = new Set(['score', 'persons', 'risk_level']);
const TRUTH_OPS = new Set(['and', 'or', '!', 'not', 'all_true', 'any_true']);
const ARITHMETIC = new Set(['+', '-', '*', '/', 'abs', 'min', 'max']);
const RELATIONS = new Set(['<', '<=', '>', '>=']);
const EQUALITY = new Set(['==', '!=', '===', '!==']);
const BOOL_OPS = new Set(['has_members', 'missing', 'invalid', 'includes', 'issue', 'member_issue', 'is_head']);

/** Type problems of one condition (already compiled without error) at `path`. */
export function conditionTypeProblems(facts: TypeFacts, expr: unknown, level: 'household' | 'person', path: string): CriteriaProblem[] {
  const checker: Checker = { facts, problems: [] };
  typeOf(checker, expr, level, path);
  return checker.problems;
}

/** What a walk over one condition reads (the document's facts) and where it reports. */
interface Checker {
  facts: TypeFacts;
  problems: CriteriaProblem[];
}

function report(checker: Checker, at: string, zh: string, en: string): void {
  checker.problems.push({ path: at, message: { zh, en } });
}

/** One operation of a condition: `{op: args}`, read at `level`, found at `path` in the document. */
interface Operation {
  op: string;
  args: unknown[];
  level: 'household' | 'person';
  path: string;
}

function argPath(operation: Operation, k: number): string {
  return operation.path ? `${operation.path}.${operation.op}[${k}]` : `${operation.op}[${k}]`;
}

/** The type of argument `k`, its own problems reported on the way. */
function operandType(checker: Checker, operation: Operation, k: number, level = operation.level): Type {
  return typeOf(checker, operation.args[k], level, argPath(operation, k));
}

/** The type of a condition or operand, reporting the problems found in it. */
function typeOf(checker: Checker, expr: unknown, level: 'household' | 'person', path: string): Type {
  if (expr === null) return { t: 'null', literal: true };
  if (typeof expr === 'number') return { t: 'number', literal: true };
  if (typeof expr === 'string') return { t: 'string', literal: true };
  if (typeof expr === 'boolean') return { t: 'bool', literal: true };
  if (typeof expr !== 'object' || Array.isArray(expr)) return ANY;
  const keys = Object.keys(expr);
  if (keys.length !== 1) return ANY;
  const op = keys[0];
  const raw = (expr as Record<string, unknown>)[op];
  return operationType(checker, { op, args: Array.isArray(raw) ? raw : [raw], level, path });
}

function operationType(checker: Checker, operation: Operation): Type {
  const { op, args } = operation;
  const operands = () => args.map((_, k) => operandType(checker, operation, k));
  if (op === 'var') return args.length === 1 && typeof args[0] === 'string' ? variableType(checker.facts, args[0], operation.level) : ANY;
  if (TRUTH_OPS.has(op)) {
    operands();
    return BOOL;
  }
  if (op === 'count' || op === 'some' || op === 'none' || op === 'all') {
    operandType(checker, operation, 0, 'person');
    return op === 'count' ? NUMBER : BOOL;
  }
  if (ARITHMETIC.has(op)) {
    args.forEach((_, k) => mustBeNumber(checker, operandType(checker, operation, k), argPath(operation, k)));
    return NUMBER;
  }
  if (RELATIONS.has(op)) return relationType(checker, operation, operands());
  if (EQUALITY.has(op) && args.length === 2) return equalityType(checker, operation, operands());
  if (op === 'in' && args.length === 2) return membershipType(checker, operation);
  if (op === 'members' || op === 'age' || op === 'month') return NUMBER;
  if (BOOL_OPS.has(op)) return BOOL;
  if (op === 'matches') {
    operandType(checker, operation, 0);
    return BOOL;
  }
  if (op === 'head_member') {
    const k = typeof args[0] === 'string' ? checker.facts.fieldIndex.get(args[0]) : undefined;
    return k === undefined ? ANY : fieldType(checker.facts.fields[k]);
  }
  operands();
  return ANY;
}

/** `<`, `<=`, `>`, `>=`: no truth values; with a number on one side, numbers on every side. */
function relationType(checker: Checker, operation: Operation, types: Type[]): Type {
  const numeric = types.some((t) => t.t === 'number');
  types.forEach((x, j) => types.forEach((y, k) => j !== k && monthLiteral(checker, x, y, operation.args[k], argPath(operation, k))));
  types.forEach((t, k) => {
    if (t.t === 'bool' && !('literal' in t && t.literal))
      report(checker, argPath(operation, k), '真假值不能比较大小', 'truth values have no order');
    else if (numeric) mustBeNumber(checker, t, argPath(operation, k));
  });
  return BOOL;
}

/** `==`, `!=` and strict forms: each side judged against the other. */
function equalityType(checker: Checker, operation: Operation, [a, b]: Type[]): Type {
  for (const [x, y, k] of [
    [a, b, 1],
    [b, a, 0],
  ] as const) {
    const at = argPath(operation, k);
    monthLiteral(checker, x, y, operation.args[k], at);
    if (x.t === 'enum') enumConstant(checker, x.field, y, constantOf(checker.facts, operation.args[k]), at);
    else if (x.t === 'set') setConstant(checker, x.field, y, at);
    else if (x.t === 'number' && y.t === 'string' && ('literal' in y || 'param' in y)) mustBeNumber(checker, y, at);
    else if (x.t === 'string' && !('literal' in x && x.literal) && y.t === 'number' && 'literal' in y && y.literal)
      report(checker, at, '文本不会等于数字', 'text never equals a number');
    else if (x.t === 'bool' && !('literal' in x && x.literal) && (y.t === 'string' || y.t === 'number') && 'literal' in y && y.literal) {
      const d = describe(checker.facts, y);
      report(checker, at, `真假值不会等于${d.zh}`, `a truth value never equals ${d.en}`);
    }
  }
  return BOOL;
}

/** `{"in": [x, [items…]]}`: each item judged as if compared with x. */
function membershipType(checker: Checker, operation: Operation): Type {
  const x = operandType(checker, operation, 0);
  const list = operation.args[1];
  const items = Array.isArray(list) ? list : [];
  items.forEach((item, j) => {
    const itemAt = `${argPath(operation, 1)}[${j}]`;
    const itemType = typeOf(checker, item, operation.level, itemAt);
    if (x.t === 'enum') enumConstant(checker, x.field, itemType, item, itemAt);
    else if (x.t === 'set') setConstant(checker, x.field, itemType, itemAt);
    else if (x.t === 'number' && itemType.t === 'string') mustBeNumber(checker, itemType, itemAt);
  });
  return BOOL;
}

function fieldType(def: FieldDef): Type {
  if (def.type === 'enum') return { t: 'enum', field: def };
  if (def.type === 'enum_set') return { t: 'set', field: def };
  if (def.type === 'bool') return BOOL;
  if (def.type === 'text' || def.type === 'id18') return { t: 'string' };
  // A month field holds a month index (year × 12 + month), not YYYYMM.
  if (def.type === 'month') return { t: 'number', month: def };
  return NUMBER;
}

function variableType(facts: TypeFacts, name: string, level: 'household' | 'person'): Type {
  const k = facts.fieldIndex.get(name);
  if (k !== undefined && facts.fields[k].level === level) return fieldType(facts.fields[k]);
  if (name.startsWith('param.')) {
    const p = name.slice(6);
    if (p === 'reference_month' || p === 'reference_year') return NUMBER;
    if (!(p in facts.params)) return ANY;
    const v = facts.params[p];
    return { t: v === null ? 'null' : typeof v === 'number' ? 'number' : 'string', param: p };
  }
  if (level === 'person') {
    if (name.startsWith('hh.')) return variableType(facts, name.slice(3), 'household');
    return name === 'has_error' || name === 'has_warning' ? BOOL : ANY;
  }
  if (name.startsWith('indicator.') || FLAGS.has(name)) return BOOL;
  return NUMBERS.has(name) ? NUMBER : ANY;
}

const TYPE_NAMES = {
  number: ['数值', 'a number'],
  string: ['文本', 'text'],
  bool: ['真假值', 'a truth value'],
  null: ['空值', 'null'],
  any: ['值', 'a value'],
} as const;

function describe(facts: TypeFacts, type: Type): { zh: string; en: string } {
  if (type.t === 'enum') return { zh: `枚举字段 ${type.field.key}`, en: `the enum field ${type.field.key}` };
  if (type.t === 'set') return { zh: `多选字段 ${type.field.key}`, en: `the multi-value field ${type.field.key}` };
  if ('param' in type && type.param) {
    const value = JSON.stringify(facts.params[type.param]);
    return { zh: `参数 ${type.param}（值为 ${value}）`, en: `parameter ${type.param} (${value})` };
  }
  const [zh, en] = TYPE_NAMES[type.t];
  return { zh, en };
}

/** An operand that must be a number (arithmetic, or compared with a number). */
function mustBeNumber(checker: Checker, type: Type, at: string): void {
  if (type.t === 'number' || type.t === 'any' || (type.t === 'null' && !('param' in type && type.param))) return;
  const d = describe(checker.facts, type);
  report(checker, at, `此处应为数值，却是${d.zh}`, `a number is needed here, but this is ${d.en}`);
}

/** A multi-value field compared with text: it holds a set, so this is never true. */
function setConstant(checker: Checker, field: FieldDef, other: Type, at: string): void {
  if (other.t !== 'string') return;
  report(
    checker,
    at,
    `多选字段 ${field.key} 的值是一组取值，请用 {"includes": ["${field.key}", 取值]} 判断是否含有某个取值`,
    `${field.key} holds a set of values: test one with {"includes": ["${field.key}", value]}`,
  );
}

/** An enum compared with a constant: the constant must be one of its values. */
function enumConstant(checker: Checker, field: FieldDef, other: Type, value: unknown, at: string): void {
  if (other.t === 'null' || other.t === 'any') return;
  if (other.t === 'string' && (other.literal || ('param' in other && other.param)) && typeof value === 'string') {
    enumText(checker, field, value, at);
    return;
  }
  if (other.t === 'number' || other.t === 'bool') {
    const d = describe(checker.facts, other);
    report(checker, at, `枚举字段 ${field.key} 不会等于${d.zh}`, `the enum field ${field.key} never equals ${d.en}`);
  }
}

/** A text an enum is compared with: a value, or else say what it is (empty, an alias, unknown). */
function enumText(checker: Checker, field: FieldDef, value: string, at: string): void {
  const values = field.values ?? [];
  if (values.includes(value)) return;
  const alias = field.aliases?.[value];
  if (value.trim() === '')
    report(
      checker,
      at,
      `空文本不是字段 ${field.key} 的取值；判断是否为空请用 {"missing": "${field.key}"}`,
      `empty text is never a value of ${field.key}: test emptiness with {"missing": "${field.key}"}`,
    );
  else if (alias !== undefined)
    report(
      checker,
      at,
      `“${value}”是“${alias}”的别名；条件里请写取值“${alias}”`,
      `"${value}" is an alias of "${alias}": write the value "${alias}" in conditions`,
    );
  else
    report(
      checker,
      at,
      `“${value}”不是字段 ${field.key} 的取值（${values.join('、')}）`,
      `"${value}" is not a value of ${field.key} (${values.join(', ')})`,
    );
}

/** A month field compared with a YYYYMM number: that number is no month index. */
function monthLiteral(checker: Checker, x: Type, y: Type, value: unknown, at: string): void {
  if (x.t !== 'number' || !('month' in x) || !x.month) return;
  if (y.t === 'number' && 'literal' in y && y.literal && typeof value === 'number' && value >= 190001) {
    report(
      checker,
      at,
      `月份字段 ${x.month.key} 存的是月序号，不能直接与 ${value} 比较；请写 {"month": ${value}}`,
      `the month field ${x.month.key} holds a month index, not ${value}: write {"month": ${value}}`,
    );
  }
}

/** The value of a constant operand: a literal, or a parameter's value (undefined otherwise). */
function constantOf(facts: TypeFacts, expr: unknown): unknown {
  if (expr !== null && typeof expr === 'object' && !Array.isArray(expr)) {
    const name = (expr as { var?: unknown }).var;
    const p = typeof name === 'string' && name.startsWith('param.') ? name.slice(6) : null;
    return p !== null && p in facts.params ? facts.params[p] : undefined;
  }
  return expr;
}

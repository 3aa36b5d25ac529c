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
  const problems: CriteriaProblem[] = [];
  const report = (at: string, zh: string, en: string) => problems.push({ path: at, message: { zh, en } });

  const fieldType = (def: FieldDef): Type => {
    if (def.type === 'enum') return { t: 'enum', field: def };
    if (def.type === 'enum_set') return { t: 'set', field: def };
    if (def.type === 'bool') return BOOL;
    if (def.type === 'text' || def.type === 'id18') return { t: 'string' };
    // A month field holds a month index (year × 12 + month), not YYYYMM.
    if (def.type === 'month') return { t: 'number', month: def };
    return NUMBER;
  };

  const variable = (name: string, at: 'household' | 'person'): Type => {
    const k = facts.fieldIndex.get(name);
    if (k !== undefined && facts.fields[k].level === at) return fieldType(facts.fields[k]);
    if (name.startsWith('param.')) {
      const p = name.slice(6);
      if (p === 'reference_month' || p === 'reference_year') return NUMBER;
      if (!(p in facts.params)) return ANY;
      const v = facts.params[p];
      return { t: v === null ? 'null' : typeof v === 'number' ? 'number' : 'string', param: p };
    }
    if (at === 'person') {
      if (name.startsWith('hh.')) return variable(name.slice(3), 'household');
      return name === 'has_error' || name === 'has_warning' ? BOOL : ANY;
    }
    if (name.startsWith('indicator.') || FLAGS.has(name)) return BOOL;
    return NUMBERS.has(name) ? NUMBER : ANY;
  };

  const describe = (type: Type): { zh: string; en: string } => {
    if (type.t === 'enum') return { zh: `枚举字段 ${type.field.key}`, en: `the enum field ${type.field.key}` };
    if (type.t === 'set') return { zh: `多选字段 ${type.field.key}`, en: `the multi-value field ${type.field.key}` };
    if ('param' in type && type.param) {
      const value = JSON.stringify(facts.params[type.param]);
      return { zh: `参数 ${type.param}（值为 ${value}）`, en: `parameter ${type.param} (${value})` };
    }
    const names = {
      number: ['数值', 'a number'],
      string: ['文本', 'text'],
      bool: ['真假值', 'a truth value'],
      null: ['空值', 'null'],
      any: ['值', 'a value'],
    } as const;
    const [zh, en] = names[type.t];
    return { zh, en };
  };

  /** An operand that must be a number (arithmetic, or compared with a number). */
  const mustBeNumber = (type: Type, at: string) => {
    if (type.t === 'number' || type.t === 'any' || (type.t === 'null' && !('param' in type && type.param))) return;
    const d = describe(type);
    report(at, `此处应为数值，却是${d.zh}`, `a number is needed here, but this is ${d.en}`);
  };

  /** A multi-value field compared with text: it holds a set, so this is never true. */
  const setConstant = (field: FieldDef, other: Type, at: string) => {
    if (other.t !== 'string') return;
    report(
      at,
      `多选字段 ${field.key} 的值是一组取值，请用 {"includes": ["${field.key}", 取值]} 判断是否含有某个取值`,
      `${field.key} holds a set of values: test one with {"includes": ["${field.key}", value]}`,
    );
  };

  /** An enum compared with a constant: the constant must be one of its values. */
  const enumConstant = (field: FieldDef, other: Type, value: unknown, at: string) => {
    if (other.t === 'null' || other.t === 'any') return;
    if (other.t === 'string' && (other.literal || ('param' in other && other.param)) && typeof value === 'string') {
      const alias = field.aliases?.[value];
      if ((field.values ?? []).includes(value)) return;
      if (value.trim() === '')
        report(
          at,
          `空文本不是字段 ${field.key} 的取值；判断是否为空请用 {"missing": "${field.key}"}`,
          `empty text is never a value of ${field.key}: test emptiness with {"missing": "${field.key}"}`,
        );
      else if (alias !== undefined)
        report(
          at,
          `“${value}”是“${alias}”的别名；条件里请写取值“${alias}”`,
          `"${value}" is an alias of "${alias}": write the value "${alias}" in conditions`,
        );
      else
        report(
          at,
          `“${value}”不是字段 ${field.key} 的取值（${(field.values ?? []).join('、')}）`,
          `"${value}" is not a value of ${field.key} (${(field.values ?? []).join(', ')})`,
        );
      return;
    }
    if (other.t === 'number' || other.t === 'bool') {
      const d = describe(other);
      report(at, `枚举字段 ${field.key} 不会等于${d.zh}`, `the enum field ${field.key} never equals ${d.en}`);
    }
  };

  /** A month field compared with a YYYYMM number: that number is no month index. */
  const monthLiteral = (x: Type, y: Type, value: unknown, at: string) => {
    if (x.t !== 'number' || !('month' in x) || !x.month) return;
    if (y.t === 'number' && 'literal' in y && y.literal && typeof value === 'number' && value >= 190001) {
      report(
        at,
        `月份字段 ${x.month.key} 存的是月序号，不能直接与 ${value} 比较；请写 {"month": ${value}}`,
        `the month field ${x.month.key} holds a month index, not ${value}: write {"month": ${value}}`,
      );
    }
  };

  const constantOf = (expr: unknown): unknown => {
    if (expr !== null && typeof expr === 'object' && !Array.isArray(expr)) {
      const name = (expr as { var?: unknown }).var;
      const p = typeof name === 'string' && name.startsWith('param.') ? name.slice(6) : null;
      return p !== null && p in facts.params ? facts.params[p] : undefined;
    }
    return expr;
  };

  const walk = (e: unknown, at: 'household' | 'person', p: string): Type => {
    if (e === null) return { t: 'null', literal: true };
    if (typeof e === 'number') return { t: 'number', literal: true };
    if (typeof e === 'string') return { t: 'string', literal: true };
    if (typeof e === 'boolean') return { t: 'bool', literal: true };
    if (typeof e !== 'object' || Array.isArray(e)) return ANY;
    const keys = Object.keys(e);
    if (keys.length !== 1) return ANY;
    const op = keys[0];
    const raw = (e as Record<string, unknown>)[op];
    const args: unknown[] = Array.isArray(raw) ? raw : [raw];
    const argAt = (k: number) => (p ? `${p}.${op}[${k}]` : `${op}[${k}]`);
    const sub = (k: number, l = at) => walk(args[k], l, argAt(k));

    if (op === 'var') return args.length === 1 && typeof args[0] === 'string' ? variable(args[0], at) : ANY;
    if (TRUTH_OPS.has(op)) {
      args.forEach((_, k) => sub(k));
      return BOOL;
    }
    if (op === 'count' || op === 'some' || op === 'none' || op === 'all') {
      sub(0, 'person');
      return op === 'count' ? NUMBER : BOOL;
    }
    if (ARITHMETIC.has(op)) {
      args.forEach((_, k) => mustBeNumber(sub(k), argAt(k)));
      return NUMBER;
    }
    if (RELATIONS.has(op)) {
      const types = args.map((_, k) => sub(k));
      const numeric = types.some((t) => t.t === 'number');
      types.forEach((x, j) => types.forEach((y, k) => j !== k && monthLiteral(x, y, args[k], argAt(k))));
      types.forEach((t, k) => {
        if (t.t === 'bool' && !('literal' in t && t.literal)) report(argAt(k), '真假值不能比较大小', 'truth values have no order');
        else if (numeric) mustBeNumber(t, argAt(k));
      });
      return BOOL;
    }
    if (EQUALITY.has(op) && args.length === 2) {
      const [a, b] = [sub(0), sub(1)];
      for (const [x, y, k] of [
        [a, b, 1],
        [b, a, 0],
      ] as const) {
        monthLiteral(x, y, args[k], argAt(k));
        if (x.t === 'enum') enumConstant(x.field, y, constantOf(args[k]), argAt(k));
        else if (x.t === 'set') setConstant(x.field, y, argAt(k));
        else if (x.t === 'number' && y.t === 'string' && ('literal' in y || 'param' in y)) mustBeNumber(y, argAt(k));
        else if (x.t === 'string' && !('literal' in x && x.literal) && y.t === 'number' && 'literal' in y && y.literal)
          report(argAt(k), '文本不会等于数字', 'text never equals a number');
        else if (
          x.t === 'bool' &&
          !('literal' in x && x.literal) &&
          (y.t === 'string' || y.t === 'number') &&
          'literal' in y &&
          y.literal
        ) {
          const d = describe(y);
          report(argAt(k), `真假值不会等于${d.zh}`, `a truth value never equals ${d.en}`);
        }
      }
      return BOOL;
    }
    if (op === 'in' && args.length === 2) {
      const x = sub(0);
      const items = Array.isArray(args[1]) ? args[1] : [];
      items.forEach((item, j) => {
        const itemAt = `${argAt(1)}[${j}]`;
        const itemType = walk(item, at, itemAt);
        if (x.t === 'enum') enumConstant(x.field, itemType, item, itemAt);
        else if (x.t === 'set') setConstant(x.field, itemType, itemAt);
        else if (x.t === 'number' && itemType.t === 'string') mustBeNumber(itemType, itemAt);
      });
      return BOOL;
    }
    if (op === 'members' || op === 'age' || op === 'month') return NUMBER;
    if (BOOL_OPS.has(op)) return BOOL;
    if (op === 'matches') {
      sub(0);
      return BOOL;
    }
    if (op === 'head_member') {
      const k = typeof args[0] === 'string' ? facts.fieldIndex.get(args[0]) : undefined;
      return k === undefined ? ANY : fieldType(facts.fields[k]);
    }
    args.forEach((_, k) => sub(k));
    return ANY;
  };

  walk(expr, level, path);
  return problems;
}

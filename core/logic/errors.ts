/** Compile-time errors of the condition compiler, bilingual, located by a JSON path. */

export class LogicError extends Error {
  readonly path: string;
  readonly zh: string;
  readonly en: string;
  /** The name of an unknown variable, for callers that explain it (a field of the other level …). */
  readonly variable?: string;

  constructor(path: string, zh: string, en: string, variable?: string) {
    super(path ? `${path}: ${en} (${zh})` : `${en} (${zh})`);
    this.name = 'LogicError';
    this.path = path;
    this.zh = zh;
    this.en = en;
    this.variable = variable;
  }
}

/** Path of argument `index` of operator `op` in the expression at `path`: `path.op[index]`. */
export function argPath(path: string, op: string, index: number): string {
  return `${opPath(path, op)}[${index}]`;
}

/** Path of the argument list of operator `op` at `path`: `path.op` (just `op` at the root). */
export function opPath(path: string, op: string): string {
  return path ? `${path}.${op}` : op;
}

/** A short JSON rendering of a value for messages. */
export function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'function';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return String(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

function count(min: number, max: number): { zh: string; en: string } {
  if (min === max) return { zh: `${min} 个`, en: `${min} argument${min === 1 ? '' : 's'}` };
  if (max === Infinity) return { zh: `至少 ${min} 个`, en: `at least ${min} argument${min === 1 ? '' : 's'}` };
  if (max === min + 1) return { zh: `${min} 或 ${max} 个`, en: `${min} or ${max} arguments` };
  return { zh: `${min} 到 ${max} 个`, en: `${min} to ${max} arguments` };
}

export const E = {
  unknownOperator: (path: string, op: string) => new LogicError(path, `未知的运算符 ${show(op)}`, `unknown operator ${show(op)}`),
  unknownVar: (path: string, name: string) => new LogicError(path, `未知的变量 ${show(name)}`, `unknown variable ${show(name)}`, name),
  arity: (path: string, op: string, min: number, max: number, got: number) => {
    const c = count(min, max);
    return new LogicError(
      path,
      `运算符 ${show(op)} 需要 ${c.zh}参数，实际为 ${got} 个`,
      `operator ${show(op)} expects ${c.en}, got ${got}`,
    );
  },
  keys: (path: string, keys: string[]) =>
    new LogicError(
      path,
      `表达式对象必须恰好有一个键（运算符），实际有 ${keys.length} 个${keys.length ? `：${keys.map(show).join('、')}` : ''}`,
      `an expression object must have exactly one key (the operator), got ${keys.length}${keys.length ? `: ${keys.map(show).join(', ')}` : ''}`,
    ),
  array: (path: string) =>
    new LogicError(
      path,
      '此处应为表达式，不能是数组（数组只能作为 "in" 的列表操作数）',
      'an expression is expected here, not an array (arrays are only allowed as the list operand of "in")',
    ),
  notJson: (path: string, v: unknown) => new LogicError(path, `不是合法的 JSON 值：${show(v)}`, `not a JSON value: ${show(v)}`),
  varName: (path: string, v: unknown) =>
    new LogicError(path, `"var" 的变量名必须是字符串，不能是 ${show(v)}`, `the name in "var" must be a string, got ${show(v)}`),
  varDefault: (path: string, v: unknown) =>
    new LogicError(
      path,
      `"var" 的默认值必须是字面量（数字、字符串、布尔值或 null），不能是 ${show(v)}`,
      `the default of "var" must be a literal (number, string, boolean or null), got ${show(v)}`,
    ),
  inList: (path: string, v: unknown) =>
    new LogicError(
      path,
      `"in" 的第二个操作数必须是字面量数组，不能是 ${show(v)}`,
      `the second operand of "in" must be an array of literals, got ${show(v)}`,
    ),
  inItem: (path: string, v: unknown) =>
    new LogicError(
      path,
      `"in" 列表的元素必须是字面量（数字、字符串、布尔值或 null），不能是 ${show(v)}`,
      `the items of an "in" list must be literals (number, string, boolean or null), got ${show(v)}`,
    ),
  notBoolean: (path: string, op: string, v: unknown) =>
    new LogicError(
      path,
      `运算符 ${show(op)} 的操作数必须是布尔值或 null，不能是 ${show(v)}`,
      `the operands of ${show(op)} must be booleans or null, got ${show(v)}`,
    ),
  notNumber: (path: string, op: string, v: unknown) =>
    new LogicError(
      path,
      `运算符 ${show(op)} 的操作数必须是数字或 null，不能是 ${show(v)}`,
      `the operands of ${show(op)} must be numbers or null, got ${show(v)}`,
    ),
  compareBoolean: (path: string, op: string, v: unknown) =>
    new LogicError(
      path,
      `运算符 ${show(op)} 只能比较数字或字符串，不能是 ${show(v)}`,
      `operator ${show(op)} compares numbers or strings only, got ${show(v)}`,
    ),
  customResult: (path: string, op: string) =>
    new LogicError(path, `自定义运算符 ${show(op)} 没有返回求值函数`, `custom operator ${show(op)} did not return an evaluator`),
};

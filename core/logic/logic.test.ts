import { describe, expect, it } from 'vitest';
import { LogicError, compileLogic, referencedOperators, referencedVars } from './index.js';
import type { CustomOperator, Evaluator, LogicScope, Value } from './index.js';

// ------------------------------------------------------------ a fake engine environment

interface Member {
  age: number | null;
  disabled: boolean | null;
}
interface Household {
  vals: Record<string, Value>;
  members: Member[];
}
interface Env {
  rows: Household[];
}

const VARS = ['a', 'b', 'c', 'income', 'status', 'flag', 'x', 'y', 'z'];

/** Member scope: env = the household's member list, i = member index. */
const memberScope: LogicScope<Member[]> = {
  resolveVar(name) {
    if (name === 'age') return (ms, k) => ms[k].age;
    if (name === 'disabled') return (ms, k) => ms[k].disabled;
    return null;
  },
};

/** `{"count": [pred]}`: members for which pred is exactly true. */
const count: CustomOperator<Env> = (args, ctx) => {
  if (args.length !== 1) throw new LogicError(ctx.path, '"count" 需要 1 个参数', '"count" expects 1 argument');
  const pred = ctx.compile(args[0], memberScope, `${ctx.path}[0]`);
  return (env, i) => {
    const ms = env.rows[i].members;
    let n = 0;
    for (let k = 0; k < ms.length; k++) if (pred(ms, k) === true) n++;
    return n;
  };
};

const scope: LogicScope<Env> = {
  resolveVar(name) {
    if (!VARS.includes(name)) return null;
    return (env, i) => {
      const v = env.rows[i].vals[name];
      return v === undefined ? null : v;
    };
  },
  operators: { count },
};

function ev(expr: unknown, vals: Record<string, Value> = {}, members: Member[] = []): Value {
  const f = compileLogic(expr, scope);
  return f({ rows: [{ vals, members }] }, 0);
}

function err(expr: unknown, path = 'p'): LogicError {
  try {
    compileLogic(expr, scope, path);
  } catch (e) {
    expect(e).toBeInstanceOf(LogicError);
    return e as LogicError;
  }
  throw new Error(`expected a LogicError for ${JSON.stringify(expr)}`);
}

const v = (name: string) => ({ var: name });
const T3: Value[] = [true, false, null];

// ------------------------------------------------------------ literals and var

describe('literals and var', () => {
  it('literals evaluate to themselves', () => {
    for (const x of [0, 1.5, -3, '', 'abc', true, false, null]) expect(ev(x)).toBe(x);
  });
  it('var resolves through the scope', () => {
    expect(ev(v('a'), { a: 42 })).toBe(42);
    expect(ev(v('a'), {})).toBe(null);
    expect(ev({ var: ['a'] }, { a: 'x' })).toBe('x');
  });
  it('var default replaces null only', () => {
    expect(ev({ var: ['a', 7] }, {})).toBe(7);
    expect(ev({ var: ['a', 7] }, { a: 0 })).toBe(0);
    expect(ev({ var: ['a', 7] }, { a: false })).toBe(false);
    expect(ev({ var: ['a', null] }, {})).toBe(null);
  });
  it('resolveVar receives the path of the var expression', () => {
    const seen: string[] = [];
    const s: LogicScope<null> = {
      resolveVar(name, path) {
        seen.push(`${name}@${path}`);
        return () => 1;
      },
    };
    compileLogic({ and: [true, { '==': [v('q'), 1] }] }, s, 'r[0].when');
    expect(seen).toEqual(['q@r[0].when.and[1].==[0]']);
  });
});

// ------------------------------------------------------------ Kleene logic

function kAnd(x: Value, y: Value): Value {
  if (x === false || y === false) return false;
  if (x === null || y === null) return null;
  return true;
}
function kOr(x: Value, y: Value): Value {
  if (x === true || y === true) return true;
  if (x === null || y === null) return null;
  return false;
}

describe('and / or / not (Kleene)', () => {
  it('truth tables, variables and literals', () => {
    for (const x of T3)
      for (const y of T3) {
        const vals = { a: x, b: y };
        expect(ev({ and: [v('a'), v('b')] }, vals)).toBe(kAnd(x, y));
        expect(ev({ or: [v('a'), v('b')] }, vals)).toBe(kOr(x, y));
        // one side a literal (constant folding paths)
        expect(ev({ and: [x, v('b')] }, vals)).toBe(kAnd(x, y));
        expect(ev({ or: [v('a'), y] }, vals)).toBe(kOr(x, y));
        expect(ev({ and: [x, y] })).toBe(kAnd(x, y));
        expect(ev({ or: [x, y] })).toBe(kOr(x, y));
      }
  });
  it('n-ary, three operands', () => {
    for (const x of T3)
      for (const y of T3)
        for (const z of T3) {
          const vals = { a: x, b: y, c: z };
          expect(ev({ and: [v('a'), v('b'), v('c')] }, vals)).toBe(kAnd(kAnd(x, y), z));
          expect(ev({ or: [v('a'), v('b'), v('c')] }, vals)).toBe(kOr(kOr(x, y), z));
          expect(ev({ and: [v('a'), null, v('c')] }, vals)).toBe(kAnd(kAnd(x, null), z));
          expect(ev({ or: [v('a'), null, v('c')] }, vals)).toBe(kOr(kOr(x, null), z));
        }
  });
  it('single operand', () => {
    for (const x of T3) {
      expect(ev({ and: [v('a')] }, { a: x })).toBe(x);
      expect(ev({ or: v('a') }, { a: x })).toBe(x);
    }
  });
  it('not / ! keeps null', () => {
    expect(ev({ '!': [v('a')] }, { a: true })).toBe(false);
    expect(ev({ '!': [v('a')] }, { a: false })).toBe(true);
    expect(ev({ '!': [v('a')] }, { a: null })).toBe(null);
    expect(ev({ not: v('a') }, { a: false })).toBe(true);
    expect(ev({ '!': true })).toBe(false);
    expect(ev({ '!': [null] })).toBe(null);
  });
  it('non-boolean operands at run time count by JS truthiness', () => {
    expect(ev({ and: [v('a'), true] }, { a: 5 })).toBe(true);
    expect(ev({ and: [v('a'), v('b')] }, { a: 0, b: true })).toBe(false);
    expect(ev({ or: [v('a'), v('b')] }, { a: '', b: 'x' })).toBe(true);
    expect(ev({ '!': v('a') }, { a: 0 })).toBe(true);
    expect(ev({ '!': v('a') }, { a: 'x' })).toBe(false);
  });
});

// ------------------------------------------------------------ equality

describe('equality', () => {
  it('== / != are null when a side is null, strict otherwise', () => {
    expect(ev({ '==': [v('a'), 'A'] }, { a: 'A' })).toBe(true);
    expect(ev({ '==': [v('a'), 'A'] }, { a: 'B' })).toBe(false);
    expect(ev({ '==': [v('a'), 'A'] }, {})).toBe(null);
    expect(ev({ '==': [v('a'), v('b')] }, { a: null, b: null })).toBe(null);
    expect(ev({ '==': [v('a'), 1] }, { a: '1' })).toBe(false);
    expect(ev({ '==': [v('a'), v('b')] }, { a: 1, b: 1 })).toBe(true);
    expect(ev({ '==': [1, true] })).toBe(false);
    expect(ev({ '==': [v('a'), null] }, { a: 1 })).toBe(null);
    expect(ev({ '!=': [v('a'), 'A'] }, { a: 'A' })).toBe(false);
    expect(ev({ '!=': [v('a'), 'A'] }, { a: 'B' })).toBe(true);
    expect(ev({ '!=': ['A', v('a')] }, {})).toBe(null);
    expect(ev({ '!=': [v('a'), v('b')] }, { a: 0, b: '0' })).toBe(true);
  });
  it('=== / !== are two-valued and compare null', () => {
    expect(ev({ '===': [v('a'), null] }, {})).toBe(true);
    expect(ev({ '===': [v('a'), null] }, { a: false })).toBe(false);
    expect(ev({ '===': [v('a'), true] }, { a: true })).toBe(true);
    expect(ev({ '===': [v('a'), true] }, { a: null })).toBe(false);
    expect(ev({ '!==': [v('a'), true] }, { a: null })).toBe(true);
    expect(ev({ '!==': [v('a'), true] }, { a: true })).toBe(false);
    expect(ev({ '===': [v('a'), v('b')] }, {})).toBe(true);
    expect(ev({ '!==': [v('a'), v('b')] }, { a: 1 })).toBe(true);
    expect(ev({ '===': [null, null] })).toBe(true);
  });
});

// ------------------------------------------------------------ ordering

describe('comparisons', () => {
  it('numbers, constant on either side', () => {
    expect(ev({ '>=': [v('income'), 4000] }, { income: 4000 })).toBe(true);
    expect(ev({ '>=': [v('income'), 4000] }, { income: 3999 })).toBe(false);
    expect(ev({ '>': [v('income'), 4000] }, { income: 4000 })).toBe(false);
    expect(ev({ '>': [v('income'), 4000] }, { income: 4001 })).toBe(true);
    expect(ev({ '<': [v('income'), 4000] }, { income: 1 })).toBe(true);
    expect(ev({ '<': [v('income'), 4000] }, { income: 4000 })).toBe(false);
    expect(ev({ '<=': [v('income'), 4000] }, { income: 4000 })).toBe(true);
    expect(ev({ '<=': [v('income'), 4000] }, { income: 4001 })).toBe(false);
    expect(ev({ '<': [4000, v('income')] }, { income: 4001 })).toBe(true);
    expect(ev({ '<': [4000, v('income')] }, { income: 4000 })).toBe(false);
    expect(ev({ '>=': [4000, v('income')] }, { income: 4000 })).toBe(true);
    expect(ev({ '>': [v('a'), v('b')] }, { a: 2, b: 1 })).toBe(true);
    expect(ev({ '>': [v('a'), v('b')] }, { a: 1, b: 2 })).toBe(false);
    expect(ev({ '<': [1, 2] })).toBe(true);
    expect(ev({ '<': [2, 1] })).toBe(false);
  });
  it('null or mismatched types give null', () => {
    for (const op of ['<', '<=', '>', '>=']) {
      expect(ev({ [op]: [v('a'), 1] }, {})).toBe(null);
      expect(ev({ [op]: [1, v('a')] }, {})).toBe(null);
      expect(ev({ [op]: [v('a'), v('b')] }, { a: 1 })).toBe(null);
      expect(ev({ [op]: [v('a'), 1] }, { a: '1' })).toBe(null);
      expect(ev({ [op]: [v('a'), 1] }, { a: true })).toBe(null);
      expect(ev({ [op]: [v('a'), null] }, { a: 1 })).toBe(null);
    }
  });
  it('strings compare in JS code-unit order', () => {
    expect(ev({ '<': [v('a'), 'b'] }, { a: 'a' })).toBe(true);
    expect(ev({ '<': [v('a'), v('b')] }, { a: 'b', b: 'a' })).toBe(false);
    expect(ev({ '>=': ['2024-06', v('a')] }, { a: '2024-01' })).toBe(true);
  });
  it('between form for < and <=', () => {
    expect(ev({ '<': [0, v('a'), 10] }, { a: 5 })).toBe(true);
    expect(ev({ '<': [0, v('a'), 10] }, { a: 10 })).toBe(false);
    expect(ev({ '<=': [0, v('a'), 10] }, { a: 10 })).toBe(true);
    expect(ev({ '<=': [0, v('a'), 10] }, { a: 11 })).toBe(false);
    expect(ev({ '<=': [0, v('a'), 10] }, {})).toBe(null);
    expect(ev({ '<': [v('a'), v('b'), v('c')] }, { a: 1, b: 2, c: 3 })).toBe(true);
    expect(ev({ '<': [v('a'), v('b'), v('c')] }, { a: 1, b: 3, c: 2 })).toBe(false);
    expect(ev({ '<': [v('a'), v('b'), v('c')] }, { a: 5, b: 3, c: null })).toBe(null);
    expect(ev({ '<': [1, 2, 3] })).toBe(true);
    expect(ev({ '<=': [1, 2, 2] })).toBe(true);
    expect(ev({ '<': [1, 2, 2] })).toBe(false);
  });
});

// ------------------------------------------------------------ arithmetic

describe('arithmetic', () => {
  it('+ - * / with variables and constants', () => {
    expect(ev({ '+': [v('a'), 2] }, { a: 3 })).toBe(5);
    expect(ev({ '+': [v('a'), v('b'), v('c')] }, { a: 1, b: 2, c: 3 })).toBe(6);
    expect(ev({ '+': [1, 2, 3] })).toBe(6);
    expect(ev({ '+': [v('a')] }, { a: 3 })).toBe(3);
    expect(ev({ '-': [v('a'), 2] }, { a: 3 })).toBe(1);
    expect(ev({ '-': [10, v('a')] }, { a: 3 })).toBe(7);
    expect(ev({ '-': v('a') }, { a: 3 })).toBe(-3);
    expect(ev({ '*': [v('a'), v('b')] }, { a: 3, b: 4 })).toBe(12);
    expect(ev({ '*': [2, v('a'), 2] }, { a: 3 })).toBe(12);
    expect(ev({ '/': [v('a'), 4] }, { a: 2 })).toBe(0.5);
    expect(ev({ '/': [1, v('a')] }, { a: 4 })).toBe(0.25);
    expect(ev({ '/': [v('a'), v('b')] }, { a: 9, b: 3 })).toBe(3);
  });
  it('null propagation and type mismatch', () => {
    for (const op of ['+', '-', '*', '/']) {
      expect(ev({ [op]: [v('a'), 2] }, {})).toBe(null);
      expect(ev({ [op]: [2, v('a')] }, {})).toBe(null);
      expect(ev({ [op]: [v('a'), v('b')] }, { a: 1 })).toBe(null);
      expect(ev({ [op]: [v('a'), null] }, { a: 1 })).toBe(null);
      expect(ev({ [op]: [v('a'), 1] }, { a: '1' })).toBe(null);
      expect(ev({ [op]: [v('a'), 1] }, { a: true })).toBe(null);
    }
    expect(ev({ '+': [v('a'), v('b'), v('c')] }, { a: 1, b: 2 })).toBe(null);
    expect(ev({ '-': v('a') }, {})).toBe(null);
  });
  it('division by zero and overflow give null', () => {
    expect(ev({ '/': [v('a'), 0] }, { a: 1 })).toBe(null);
    expect(ev({ '/': [v('a'), v('b')] }, { a: 1, b: 0 })).toBe(null);
    expect(ev({ '/': [1, v('b')] }, { b: 0 })).toBe(null);
    expect(ev({ '/': [0, 0] })).toBe(null);
    expect(ev({ '*': [v('a'), 1e308] }, { a: 10 })).toBe(null);
  });
  it('abs, min, max', () => {
    expect(ev({ abs: v('a') }, { a: -4 })).toBe(4);
    expect(ev({ abs: [v('a')] }, {})).toBe(null);
    expect(ev({ min: [v('a'), 3] }, { a: 5 })).toBe(3);
    expect(ev({ max: [v('a'), 3] }, { a: 5 })).toBe(5);
    expect(ev({ min: [v('a'), v('b'), v('c')] }, { a: 5, b: 2, c: 9 })).toBe(2);
    expect(ev({ max: [v('a'), v('b'), v('c')] }, { a: 5, b: 2, c: 9 })).toBe(9);
    expect(ev({ max: [v('a'), v('b'), v('c')] }, { a: 5, b: 2 })).toBe(null);
    expect(ev({ min: [v('a'), 1] }, {})).toBe(null);
    expect(ev({ max: [1, 7, 3] })).toBe(7);
    expect(ev({ max: [1, null] })).toBe(null);
    expect(ev({ min: [v('a')] }, { a: 'x' })).toBe(null);
  });
});

// ------------------------------------------------------------ in, if, ??

describe('in', () => {
  it('membership without coercion, null for null', () => {
    const e = { in: [v('status'), ['脱贫户', '监测户']] };
    expect(ev(e, { status: '监测户' })).toBe(true);
    expect(ev(e, { status: '一般户' })).toBe(false);
    expect(ev(e, {})).toBe(null);
    expect(ev({ in: [v('a'), [1, 2]] }, { a: '1' })).toBe(false);
    expect(ev({ in: [v('a'), [1]] }, { a: 1 })).toBe(true);
    expect(ev({ in: [v('a'), [1]] }, { a: 2 })).toBe(false);
    expect(ev({ in: [v('a'), []] }, { a: 2 })).toBe(false);
    expect(ev({ in: [v('a'), []] }, {})).toBe(null);
    expect(ev({ in: ['b', ['a', 'b']] })).toBe(true);
    expect(ev({ in: [null, ['a', 'b']] })).toBe(null);
  });
});

describe('if', () => {
  it('takes a branch only when its condition is exactly true', () => {
    const e = { if: [v('a'), 'A', v('b'), 'B', 'else'] };
    expect(ev(e, { a: true })).toBe('A');
    expect(ev(e, { a: false, b: true })).toBe('B');
    expect(ev(e, { a: null, b: null })).toBe('else');
    expect(ev(e, { a: 1, b: 'x' })).toBe('else');
    expect(ev({ if: [v('a'), 1] }, { a: false })).toBe(null);
    expect(ev({ if: [v('a'), 1] }, { a: true })).toBe(1);
    expect(ev({ if: ['only'] })).toBe('only');
    expect(ev({ if: [true, v('a'), 2] }, { a: 9 })).toBe(9);
    expect(ev({ if: [false, 1, null, 2, 3] })).toBe(3);
    expect(ev({ if: [v('a'), v('b'), v('c')] }, { a: true, b: 'b', c: 'c' })).toBe('b');
    expect(ev({ if: [v('a'), v('b'), v('c')] }, { a: false, b: 'b', c: 'c' })).toBe('c');
    expect(ev({ if: [v('a'), 1, v('c')] }, { a: false, c: 'c' })).toBe('c');
    expect(ev({ if: [v('a'), v('b'), 2] }, { a: false })).toBe(2);
  });
  it('an if of booleans works as an and operand', () => {
    expect(ev({ and: [{ if: [v('a'), true, false] }, true] }, { a: true })).toBe(true);
    expect(ev({ and: [{ if: [v('a'), 1, 0] }, true] }, { a: true })).toBe(true);
    expect(ev({ and: [{ if: [v('a'), 1, 0] }, true] }, { a: false })).toBe(false);
  });
});

describe('??', () => {
  it('first non-null operand', () => {
    expect(ev({ '??': [v('a'), v('b'), 3] }, { a: null, b: 2 })).toBe(2);
    expect(ev({ '??': [v('a'), v('b'), 3] }, { a: 1, b: 2 })).toBe(1);
    expect(ev({ '??': [v('a'), v('b'), 3] }, {})).toBe(3);
    expect(ev({ '??': [v('a'), v('b')] }, {})).toBe(null);
    expect(ev({ '??': [null, v('a')] }, { a: false })).toBe(false);
    expect(ev({ '??': [0, v('a')] }, { a: 5 })).toBe(0);
    expect(ev({ '??': [null] })).toBe(null);
    expect(ev({ '??': v('a') }, { a: 'x' })).toBe('x');
  });
});

// ------------------------------------------------------------ custom operators

describe('custom operators', () => {
  const members: Member[] = [
    { age: 70, disabled: false },
    { age: 10, disabled: true },
    { age: null, disabled: null },
    { age: 65, disabled: true },
  ];
  it('compile their argument in a member scope', () => {
    expect(ev({ count: [{ '>=': [v('age'), 60] }] }, {}, members)).toBe(2);
    expect(ev({ count: { var: 'disabled' } }, {}, members)).toBe(2);
    expect(ev({ '>=': [{ count: [{ '<': [v('age'), 18] }] }, 1] }, {}, members)).toBe(true);
    expect(ev({ '==': [{ count: [true] }, v('a')] }, { a: 4 }, members)).toBe(true);
  });
  it('member scope does not see household variables, and errors carry the nested path', () => {
    const e = err({ and: [true, { count: [{ '==': [v('income'), 1] }] }] }, 'rules[3].when');
    expect(e.path).toBe('rules[3].when.and[1].count[0].==[0]');
    expect(e.en).toBe('unknown variable "income"');
    expect(e.zh).toBe('未知的变量 "income"');
    const e2 = err({ count: [1, 2] }, 'r');
    expect(e2.path).toBe('r.count');
  });
  it('take precedence over built-ins of the same name', () => {
    const s: LogicScope<null> = {
      resolveVar: () => null,
      operators: { '+': () => () => 'custom' },
    };
    expect(compileLogic({ '+': [1, 2] }, s)(null, 0)).toBe('custom');
  });
  it('inherited Object properties are not operators', () => {
    expect(err({ toString: [] }).en).toBe('unknown operator "toString"');
    expect(err(JSON.parse('{"__proto__": [1]}')).en).toBe('unknown operator "__proto__"');
    expect(err({ constructor: [1] }).en).toBe('unknown operator "constructor"');
  });
});

// ------------------------------------------------------------ compile-time errors

describe('compile-time errors', () => {
  const cases: [string, unknown, string, string][] = [
    ['unknown operator', { and: [true, { foo: [1] }] }, 'p.and[1]', 'unknown operator "foo"'],
    ['unknown variable', { '==': [v('nope'), 1] }, 'p.==[0]', 'unknown variable "nope"'],
    ['! with two args', { '!': [true, false] }, 'p', 'operator "!" expects 1 argument, got 2'],
    ['not with none', { not: [] }, 'p', 'operator "not" expects 1 argument, got 0'],
    ['/ with one arg', { '/': [v('a')] }, 'p', 'operator "/" expects 2 arguments, got 1'],
    ['if with zero args', { if: [] }, 'p', 'operator "if" expects at least 1 argument, got 0'],
    ['and with zero args', { and: [] }, 'p', 'operator "and" expects at least 1 argument, got 0'],
    ['== with three', { '==': [1, 2, 3] }, 'p', 'operator "==" expects 2 arguments, got 3'],
    ['> with three', { '>': [1, 2, 3] }, 'p', 'operator ">" expects 2 arguments, got 3'],
    ['< with four', { '<': [1, 2, 3, 4] }, 'p', 'operator "<" expects 2 or 3 arguments, got 4'],
    ['- with three', { '-': [1, 2, 3] }, 'p', 'operator "-" expects 1 or 2 arguments, got 3'],
    ['var with three', { var: ['a', 1, 2] }, 'p', 'operator "var" expects 1 or 2 arguments, got 3'],
    ['var non-string name', { var: 5 }, 'p.var[0]', 'the name in "var" must be a string, got 5'],
    ['var object name', { var: [{ var: 'a' }] }, 'p.var[0]', 'the name in "var" must be a string, got {"var":"a"}'],
    ['var non-literal default', { var: ['a', { var: 'b' }] }, 'p.var[1]', 'the default of "var" must be a literal (number, string, boolean or null), got {"var":"b"}'],
    ['several keys', { or: [{ '==': [1, 1], '!=': [1, 2] }] }, 'p.or[0]', 'an expression object must have exactly one key (the operator), got 2: "==", "!="'],
    ['no key', {}, 'p', 'an expression object must have exactly one key (the operator), got 0'],
    ['array as expression', { and: [[true, false]] }, 'p.and[0]', 'an expression is expected here, not an array (arrays are only allowed as the list operand of "in")'],
    ['array at root', [1, 2], 'p', 'an expression is expected here, not an array (arrays are only allowed as the list operand of "in")'],
    ['in without list', { in: [v('a'), 'abc'] }, 'p.in[1]', 'the second operand of "in" must be an array of literals, got "abc"'],
    ['in with expression item', { in: [v('a'), [1, v('b')]] }, 'p.in[1][1]', 'the items of an "in" list must be literals (number, string, boolean or null), got {"var":"b"}'],
    ['in arity', { in: [v('a')] }, 'p', 'operator "in" expects 2 arguments, got 1'],
    ['and literal number', { and: [v('a'), 1] }, 'p.and[1]', 'the operands of "and" must be booleans or null, got 1'],
    ['or literal string', { or: ['yes'] }, 'p.or[0]', 'the operands of "or" must be booleans or null, got "yes"'],
    ['! literal number', { '!': 0 }, 'p.![0]', 'the operands of "!" must be booleans or null, got 0'],
    ['if literal condition', { if: [v('a'), 1, 'x', 2, 3] }, 'p.if[2]', 'the operands of "if" must be booleans or null, got "x"'],
    ['+ literal string', { '+': [v('a'), '1'] }, 'p.+[1]', 'the operands of "+" must be numbers or null, got "1"'],
    ['* literal boolean', { '*': [true, v('a')] }, 'p.*[0]', 'the operands of "*" must be numbers or null, got true'],
    ['< literal boolean', { '<': [v('a'), false] }, 'p.<[1]', 'operator "<" compares numbers or strings only, got false'],
    ['undefined', { '==': [v('a'), undefined] }, 'p.==[1]', 'not a JSON value: undefined'],
    ['NaN', { '==': [v('a'), NaN] }, 'p.==[1]', 'not a JSON value: NaN'],
    ['custom returns nothing', { bad: [] }, 'p', 'custom operator "bad" did not return an evaluator'],
  ];
  const badScope: LogicScope<Env> = {
    ...scope,
    operators: { ...scope.operators, bad: (() => undefined) as unknown as CustomOperator<Env> },
  };
  for (const [name, expr, path, en] of cases) {
    it(name, () => {
      let caught: unknown;
      try {
        compileLogic(expr, badScope, 'p');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LogicError);
      const e = caught as LogicError;
      expect(e.path).toBe(path);
      expect(e.en).toBe(en);
      expect(e.zh.length).toBeGreaterThan(0);
      expect(e.message).toContain(path);
    });
  }
  it('Chinese messages', () => {
    expect(err({ foo: [] }).zh).toBe('未知的运算符 "foo"');
    expect(err({ '!': [true, false] }).zh).toBe('运算符 "!" 需要 1 个参数，实际为 2 个');
  });
  it('root path defaults to the operator itself', () => {
    const e = err({ and: [{ foo: 1 }] }, '');
    expect(e.path).toBe('and[0]');
    expect(e.message).toBe('and[0]: unknown operator "foo" (未知的运算符 "foo")');
  });
  it('errors in branches that folding makes unreachable are still reported', () => {
    expect(err({ and: [false, { foo: 1 }] }).path).toBe('p.and[1]');
    expect(err({ if: [true, 1, { var: 'nope' }] }).path).toBe('p.if[2]');
    expect(err({ '??': [1, { var: 'nope' }] }).path).toBe('p.??[1]');
  });
  it('literal nulls are allowed everywhere', () => {
    expect(ev({ and: [null] })).toBe(null);
    expect(ev({ '+': [null, v('a')] }, { a: 1 })).toBe(null);
    expect(ev({ '<': [null, v('a')] }, { a: 1 })).toBe(null);
    expect(ev({ if: [null, 1, 2] })).toBe(2);
  });
});

// ------------------------------------------------------------ static walks

describe('referencedVars / referencedOperators', () => {
  const expr = {
    and: [
      { '>=': [v('income'), 4000] },
      { '==': [{ var: ['status', 'x'] }, 'A'] },
      { count: [{ '>=': [v('age'), 60] }] },
      { in: [v('income'), [1, 2]] },
      { '!': v('flag') },
      { or: [v('income'), { '??': [v('a'), 1] }] },
    ],
  };
  it('collects var names, custom operator arguments included, first-seen order, unique', () => {
    expect(referencedVars(expr)).toEqual(['income', 'status', 'age', 'flag', 'a']);
  });
  it('collects operator names', () => {
    expect(referencedOperators(expr)).toEqual(['and', '>=', 'var', '==', 'count', 'in', '!', 'or', '??']);
  });
  it('never throw on malformed input', () => {
    expect(referencedVars({ var: 5 })).toEqual([]);
    expect(referencedVars(null)).toEqual([]);
    expect(referencedVars([{ var: 'a' }, { x: 1, y: { var: 'b' } }])).toEqual(['a', 'b']);
    expect(referencedOperators('abc')).toEqual([]);
    expect(referencedOperators({ x: 1, y: { var: 'b' } })).toEqual(['x', 'y', 'var']);
  });
});

// ------------------------------------------------------------ hot path

describe('hot path', () => {
  it('evaluates a compiled condition 1,000,000 times', () => {
    const N = 1_000_000;
    const a = new Float64Array(N);
    const b: string[] = new Array(N);
    for (let i = 0; i < N; i++) {
      a[i] = (i * 7) % 8000;
      b[i] = i % 3 === 0 ? 'A' : 'B';
    }
    interface Cols {
      a: Float64Array;
      b: string[];
    }
    const colScope: LogicScope<Cols> = {
      resolveVar(name): Evaluator<Cols> | null {
        if (name === 'a') return (env, i) => env.a[i];
        if (name === 'b') return (env, i) => env.b[i];
        return null;
      },
    };
    const f = compileLogic({ and: [{ '>=': [{ var: 'a' }, 4000] }, { '==': [{ var: 'b' }, 'A'] }] }, colScope);
    const env = { a, b };
    let expected = 0;
    for (let i = 0; i < N; i++) if (a[i] >= 4000 && b[i] === 'A') expected++;
    let got = 0;
    for (let i = 0; i < N; i++) if (f(env, i) === true) got++;
    expect(got).toBe(expected);
    expect(got).toBeGreaterThan(100_000);
  });
});

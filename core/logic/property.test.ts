/**
 * Property test: compiled evaluation equals a plain recursive reference interpreter, for random
 * expression trees over 3 variables, on every one of the 6³ assignments of the variables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogicError, compileLogic } from './index.js';
import type { LogicScope, Value } from './index.js';

type Row = Record<string, Value>;
const VALUES: Value[] = [true, false, null, 0, 1, 'a'];
const NAMES = ['a', 'b', 'c'];

const ROWS: Row[] = [];
for (const a of VALUES) for (const b of VALUES) for (const c of VALUES) ROWS.push({ a, b, c });

const scope: LogicScope<Row[]> = {
  resolveVar: (name) => (NAMES.includes(name) ? (rows, i) => rows[i][name] : null),
};

// ------------------------------------------------------------ the reference interpreter

type Expr = Value | { [op: string]: unknown };

function argsOf(e: Record<string, unknown>): { op: string; args: unknown[] } {
  const op = Object.keys(e)[0];
  const raw = e[op];
  return { op, args: Array.isArray(raw) ? raw : [raw] };
}

function isPrim(x: unknown): boolean {
  return x === null || typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string';
}

/** Is there a literal in a position where its type is rejected at compile time? */
function staticError(e: unknown): boolean {
  if (isPrim(e)) return false;
  const { op, args } = argsOf(e as Record<string, unknown>);
  if (op === 'var') return false;
  if (op === 'in') return staticError(args[0]);
  const bad = (x: unknown, k: number): boolean => {
    if (!isPrim(x) || x === null) return false;
    if (op === 'and' || op === 'or' || op === '!' || op === 'not') return typeof x !== 'boolean';
    if (op === 'if') return k % 2 === 0 && k < args.length - (args.length % 2) && typeof x !== 'boolean';
    if (['+', '-', '*', '/', 'abs', 'min', 'max'].includes(op)) return typeof x !== 'number';
    if (['<', '<=', '>', '>='].includes(op)) return typeof x === 'boolean';
    return false;
  };
  return args.some((x, k) => bad(x, k) || staticError(x));
}

function bool(v: Value): Value {
  if (v === null) return null;
  if (v === true || v === false) return v;
  return Boolean(v);
}

function num(vs: Value[]): number[] | null {
  for (const v of vs) if (typeof v !== 'number') return null;
  return vs as number[];
}

function finite(x: number): Value {
  return Number.isFinite(x) ? x : null;
}

function canCompare(x: Value, y: Value): boolean {
  if (typeof x === 'number' && typeof y === 'number') return true;
  if (typeof x === 'string' && typeof y === 'string') return true;
  return false;
}

function less(op: string, x: Value, y: Value): boolean {
  const a = x as number;
  const b = y as number;
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function ref(e: unknown, row: Row): Value {
  if (isPrim(e)) return e as Value;
  const { op, args } = argsOf(e as Record<string, unknown>);
  const all = () => args.map((x) => ref(x, row));
  switch (op) {
    case 'var': {
      const v = row[args[0] as string];
      if (v === null && args.length > 1) return args[1] as Value;
      return v;
    }
    case 'and': {
      const vs = all().map(bool);
      if (vs.includes(false)) return false;
      if (vs.includes(null)) return null;
      return true;
    }
    case 'or': {
      const vs = all().map(bool);
      if (vs.includes(true)) return true;
      if (vs.includes(null)) return null;
      return false;
    }
    case '!':
    case 'not': {
      const v = bool(ref(args[0], row));
      return v === null ? null : !v;
    }
    case '==':
    case '!=': {
      const [x, y] = all();
      if (x === null || y === null) return null;
      return op === '==' ? x === y : x !== y;
    }
    case '===':
      return ref(args[0], row) === ref(args[1], row);
    case '!==':
      return ref(args[0], row) !== ref(args[1], row);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const vs = all();
      for (let k = 0; k + 1 < vs.length; k++) if (!canCompare(vs[k], vs[k + 1])) return null;
      for (let k = 0; k + 1 < vs.length; k++) if (!less(op, vs[k], vs[k + 1])) return false;
      return true;
    }
    case '+':
    case '*': {
      const ns = num(all());
      if (ns === null) return null;
      let acc = ns[0];
      for (let k = 1; k < ns.length; k++) acc = op === '+' ? acc + ns[k] : acc * ns[k];
      return finite(acc);
    }
    case '-': {
      const ns = num(all());
      if (ns === null) return null;
      return ns.length === 1 ? -ns[0] : finite(ns[0] - ns[1]);
    }
    case '/': {
      const ns = num(all());
      if (ns === null || ns[1] === 0) return null;
      return finite(ns[0] / ns[1]);
    }
    case 'abs': {
      const ns = num(all());
      return ns === null ? null : Math.abs(ns[0]);
    }
    case 'min':
    case 'max': {
      const ns = num(all());
      if (ns === null) return null;
      return op === 'min' ? Math.min(...ns) : Math.max(...ns);
    }
    case 'in': {
      const x = ref(args[0], row);
      if (x === null) return null;
      return (args[1] as Value[]).includes(x);
    }
    case 'if': {
      let k = 0;
      for (; k + 1 < args.length; k += 2) if (ref(args[k], row) === true) return ref(args[k + 1], row);
      return k < args.length ? ref(args[k], row) : null;
    }
    case '??': {
      for (const x of args) {
        const v = ref(x, row);
        if (v !== null) return v;
      }
      return null;
    }
  }
  throw new Error(`reference: no operator ${op}`);
}

// ------------------------------------------------------------ the grammar

const lit = fc.constantFrom<Value>(...VALUES);
const name = fc.constantFrom(...NAMES);
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 4, arbitrary: name.map((n) => ({ var: n })) },
  { weight: 1, arbitrary: fc.tuple(name, lit).map(([n, d]) => ({ var: [n, d] })) },
  { weight: 2, arbitrary: lit },
);

const expr: (depth: number) => fc.Arbitrary<Expr> = fc.memo((depth) => {
  if (depth <= 1) return leaf;
  const sub = expr(depth - 1);
  const list = (min: number, max: number) => fc.array(sub, { minLength: min, maxLength: max });
  const node = fc.oneof(
    fc.tuple(fc.constantFrom('and', 'or', '+', '*', 'min', 'max', '??'), list(1, 4)).map(([op, xs]) => ({ [op]: xs })),
    fc.tuple(fc.constantFrom('!', 'not', 'abs', '-'), sub, fc.boolean()).map(([op, x, bare]) => ({ [op]: bare ? x : [x] })),
    fc
      .tuple(fc.constantFrom('==', '!=', '===', '!==', '<', '<=', '>', '>=', '-', '/'), sub, sub)
      .map(([op, x, y]) => ({ [op]: [x, y] })),
    fc.tuple(fc.constantFrom('<', '<='), sub, sub, sub).map(([op, x, y, z]) => ({ [op]: [x, y, z] })),
    fc.tuple(sub, fc.subarray([true, false, 0, 1, 'a', 'b', null] as Value[])).map(([x, xs]) => ({ in: [x, xs] })),
    list(1, 6).map((xs) => ({ if: xs })),
  );
  return fc.oneof({ weight: 1, arbitrary: leaf }, { weight: 3, arbitrary: node });
});

// A typed grammar: numbers where numbers are expected, booleans where booleans are, so that
// most trees evaluate to something other than null and every folding path matters.
const numLit = fc.constantFrom<Value>(0, 1, 2, -1, 0.5, null);
const boolLit = fc.constantFrom<Value>(true, false, null);
const varE = fc.oneof(
  { weight: 4, arbitrary: name.map((n): Expr => ({ var: n })) },
  { weight: 1, arbitrary: fc.tuple(name, lit).map(([n, d]): Expr => ({ var: [n, d] })) },
);

const numE: (depth: number) => fc.Arbitrary<Expr> = fc.memo((depth) => {
  const leafN = fc.oneof({ weight: 3, arbitrary: varE }, { weight: 2, arbitrary: numLit });
  if (depth <= 1) return leafN;
  const n = numE(depth - 1);
  const b = boolE(depth - 1);
  const node = fc.oneof(
    fc.tuple(fc.constantFrom('+', '-', '*', '/', 'min', 'max'), n, n).map(([op, x, y]): Expr => ({ [op]: [x, y] })),
    fc.tuple(fc.constantFrom('+', '*', 'min', 'max', '??'), fc.array(n, { minLength: 1, maxLength: 4 })).map(([op, xs]): Expr => ({ [op]: xs })),
    fc.tuple(fc.constantFrom('-', 'abs'), n).map(([op, x]): Expr => ({ [op]: x })),
    fc.tuple(b, n, n).map(([c, x, y]): Expr => ({ if: [c, x, y] })),
    fc.tuple(b, n, b, n).map(([c, x, d, y]): Expr => ({ if: [c, x, d, y] })),
    fc.tuple(n, n).map(([x, y]): Expr => ({ '??': [x, y] })),
  );
  return fc.oneof({ weight: 1, arbitrary: leafN }, { weight: 2, arbitrary: node });
});

const boolE: (depth: number) => fc.Arbitrary<Expr> = fc.memo((depth) => {
  const leafB = fc.oneof({ weight: 3, arbitrary: varE }, { weight: 2, arbitrary: boolLit });
  if (depth <= 1) return leafB;
  const n = numE(depth - 1);
  const b = boolE(depth - 1);
  const any = fc.oneof(n, b, fc.constant<Expr>('a'));
  const node = fc.oneof(
    fc.tuple(fc.constantFrom('and', 'or'), fc.array(b, { minLength: 1, maxLength: 4 })).map(([op, xs]): Expr => ({ [op]: xs })),
    fc.tuple(fc.constantFrom('!', 'not'), b).map(([op, x]): Expr => ({ [op]: [x] })),
    fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!=', '===', '!=='), n, n).map(([op, x, y]): Expr => ({ [op]: [x, y] })),
    fc.tuple(fc.constantFrom('==', '!=', '===', '!=='), any, any).map(([op, x, y]): Expr => ({ [op]: [x, y] })),
    fc.tuple(fc.constantFrom('<', '<='), n, n, n).map(([op, x, y, z]): Expr => ({ [op]: [x, y, z] })),
    fc.tuple(any, fc.subarray([true, false, 0, 1, 2, 'a', null] as Value[])).map(([x, xs]): Expr => ({ in: [x, xs] })),
    fc.tuple(b, b, b).map(([c, x, y]): Expr => ({ if: [c, x, y] })),
    fc.tuple(b, b).map(([x, y]): Expr => ({ '??': [x, y] })),
  );
  return fc.oneof({ weight: 1, arbitrary: leafB }, { weight: 3, arbitrary: node });
});

// ------------------------------------------------------------ the property

function check(arb: fc.Arbitrary<Expr>, numRuns: number): { compiled: number; rejected: number; nonNull: number } {
  let compiled = 0;
  let rejected = 0;
  let nonNull = 0;
  fc.assert(
    fc.property(arb, (e) => {
        const shouldFail = staticError(e);
        let f: ((rows: Row[], i: number) => Value) | null = null;
        try {
          f = compileLogic(e, scope, 'x');
        } catch (err) {
          expect(err).toBeInstanceOf(LogicError);
        }
        expect(f === null).toBe(shouldFail);
        if (f === null) {
          rejected++;
          return;
        }
        compiled++;
        for (let i = 0; i < ROWS.length; i++) {
          const want = ref(e, ROWS[i]);
          const got = f(ROWS, i); // never throws: an exception fails the property
          if (got !== null) nonNull++;
          if (!Object.is(got, want)) {
            expect({ expr: e, row: ROWS[i], got }).toEqual({ expr: e, row: ROWS[i], got: want });
          }
        }
      }),
    { numRuns },
  );
  return { compiled, rejected, nonNull };
}

describe('compiled evaluation = reference interpreter, over every assignment of a, b, c', () => {
  it('untyped trees (literals anywhere: compile errors exactly where the reference expects them)', () => {
    const r = check(expr(5), 3000);
    // the grammar must exercise evaluation, not only compile errors
    expect(r.compiled).toBeGreaterThan(500);
    expect(r.rejected).toBeGreaterThan(0);
  });
  it('well-typed trees (numbers and booleans where expected)', () => {
    const r = check(fc.oneof(boolE(5), numE(5)), 3000);
    expect(r.rejected).toBe(0);
    expect(r.nonNull).toBeGreaterThan(r.compiled * ROWS.length * 0.2);
  });
});

/** ==, !=, ===, !==, <, <=, >, >=, in. */
import { E } from './errors.js';
import { arity, at, dynamic, isLiteral, constant, subAll, toFn } from './node.js';
import type { Builder, Builtin, Node } from './node.js';
import type { Evaluator, MemberTest, NumberTest, Value } from './types.js';

// ---------------------------------------------------------------- equality

function equality<State>(b: Builder<State>, strict: boolean, neg: boolean): Node<State> {
  arity(b, 2, 2);
  const [x, y] = subAll(b);
  if (x.k === 'c' && y.k === 'c') {
    if (!strict && (x.v === null || y.v === null)) return constant(null);
    return constant((x.v === y.v) !== neg);
  }
  if (x.k === 'c' || y.k === 'c') {
    const c = x.k === 'c' ? x.v : (y as { v: Value }).v;
    const f = x.k === 'd' ? x.f : (y as { f: Evaluator<State> }).f;
    if (strict) return dynamic<State>(neg ? (e, i) => f(e, i) !== c : (e, i) => f(e, i) === c, true);
    if (c === null) return constant(null);
    const compare = (f as NumberTest<State>).compare;
    if (compare && typeof c === 'number') return dynamic(compare(neg ? '!=' : '==', c), true);
    const member = (f as MemberTest<State>).member;
    if (member) {
      const m = member([c]);
      return dynamic<State>(
        neg
          ? (e, i) => {
              const v = m(e, i);
              return v === null ? null : !v;
            }
          : m,
        true,
      );
    }
    return dynamic<State>(
      neg
        ? (e, i) => {
            const v = f(e, i);
            return v === null ? null : v !== c;
          }
        : (e, i) => {
            const v = f(e, i);
            return v === null ? null : v === c;
          },
      true,
    );
  }
  const a = x.f;
  const c = (y as { f: Evaluator<State> }).f;
  if (strict) return dynamic<State>(neg ? (e, i) => a(e, i) !== c(e, i) : (e, i) => a(e, i) === c(e, i), true);
  const fused = (a as NumberTest<State>).compareWith?.(neg ? '!=' : '==', c);
  if (fused) return dynamic(fused, true);
  return dynamic<State>(
    neg
      ? (e, i) => {
          const v = a(e, i);
          if (v === null) return null;
          const w = c(e, i);
          return w === null ? null : v !== w;
        }
      : (e, i) => {
          const v = a(e, i);
          if (v === null) return null;
          const w = c(e, i);
          return w === null ? null : v === w;
        },
    true,
  );
}

export const eq: Builtin = (b) => equality(b, false, false);
export const ne: Builtin = (b) => equality(b, false, true);
export const seq: Builtin = (b) => equality(b, true, false);
export const sne: Builtin = (b) => equality(b, true, true);

// ---------------------------------------------------------------- ordering

type Rel = '<' | '<=' | '>' | '>=';
// Operands are numbers or strings (checked before calling); TS wants one type for `<`.
type N = number;
const REL: Record<Rel, (a: N, b: N) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};
const FLIP: Record<Rel, Rel> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** Both numbers or both strings. */
function comparable(x: Value, y: Value): boolean {
  const t = typeof x;
  return (t === 'number' || t === 'string') && typeof y === t;
}

function relConst(rel: (a: N, b: N) => boolean, x: Value, y: Value): Value {
  return comparable(x, y) ? rel(x as N, y as N) : null;
}

/** `dyn rel c` for a constant number c: the hot path (`{">=": [{"var": "income"}, 4000]}`). */
function relNumber<State>(op: Rel, f: Evaluator<State>, c: number): Evaluator<State> {
  switch (op) {
    case '<':
      return (e, i) => {
        const v = f(e, i);
        return typeof v === 'number' ? v < c : null;
      };
    case '<=':
      return (e, i) => {
        const v = f(e, i);
        return typeof v === 'number' ? v <= c : null;
      };
    case '>':
      return (e, i) => {
        const v = f(e, i);
        return typeof v === 'number' ? v > c : null;
      };
    case '>=':
      return (e, i) => {
        const v = f(e, i);
        return typeof v === 'number' ? v >= c : null;
      };
  }
}

function relation<State>(b: Builder<State>, op: Rel, between: boolean): Node<State> {
  arity(b, 2, between ? 3 : 2);
  for (let k = 0; k < b.args.length; k++) {
    const x = b.args[k];
    if (typeof x === 'boolean') throw E.compareBoolean(at(b, k), op, x);
  }
  const nodes = subAll(b);
  const rel = REL[op];
  if (nodes.length === 3) return betweenNode(op, rel, nodes);
  let [x, y] = nodes;
  if (x.k === 'c' && y.k === 'c') return constant(relConst(rel, x.v, y.v));
  let o = op;
  if (x.k === 'c') {
    [x, y] = [y, x];
    o = FLIP[op];
  }
  const f = (x as { f: Evaluator<State> }).f;
  if (y.k === 'c') {
    const c = y.v;
    if (typeof c === 'number') {
      const compare = (f as NumberTest<State>).compare;
      return dynamic(compare ? compare(o, c) : relNumber(o, f, c), true);
    }
    if (typeof c === 'string') {
      const r = REL[o];
      return dynamic<State>((e, i) => {
        const v = f(e, i);
        return typeof v === 'string' ? r(v as unknown as N, c as unknown as N) : null;
      }, true);
    }
    return constant(null); // null or a folded boolean: never comparable
  }
  const g = y.f;
  const fused = (f as NumberTest<State>).compareWith?.(o, g);
  if (fused) return dynamic(fused, true);
  return dynamic<State>((e, i) => {
    const v = f(e, i);
    const w = g(e, i);
    return comparable(v, w) ? rel(v as N, w as N) : null;
  }, true);
}

/** `{"<": [a, b, c]}` = a < b < c; null when any operand is null or a pair is not comparable. */
function betweenNode<State>(op: Rel, rel: (a: N, b: N) => boolean, nodes: Node<State>[]): Node<State> {
  const [lo, mid, hi] = nodes;
  if (lo.k === 'c' && mid.k === 'c' && hi.k === 'c') {
    if (!comparable(lo.v, mid.v) || !comparable(mid.v, hi.v)) return constant(null);
    return constant(rel(lo.v as N, mid.v as N) && rel(mid.v as N, hi.v as N));
  }
  if (lo.k === 'c' && hi.k === 'c' && mid.k === 'd' && typeof lo.v === 'number' && typeof hi.v === 'number') {
    const a = lo.v;
    const c = hi.v;
    const f = mid.f;
    return dynamic<State>(
      op === '<'
        ? (e, i) => {
            const v = f(e, i);
            return typeof v === 'number' ? a < v && v < c : null;
          }
        : (e, i) => {
            const v = f(e, i);
            return typeof v === 'number' ? a <= v && v <= c : null;
          },
      true,
    );
  }
  const fa = toFn(lo);
  const fb = toFn(mid);
  const fc = toFn(hi);
  return dynamic<State>((e, i) => {
    const x = fa(e, i);
    const y = fb(e, i);
    const z = fc(e, i);
    if (!comparable(x, y) || !comparable(y, z)) return null;
    return rel(x as N, y as N) && rel(y as N, z as N);
  }, true);
}

export const lt: Builtin = (b) => relation(b, '<', true);
export const le: Builtin = (b) => relation(b, '<=', true);
export const gt: Builtin = (b) => relation(b, '>', false);
export const ge: Builtin = (b) => relation(b, '>=', false);

// ---------------------------------------------------------------- in

/** `{"in": [x, [literal, …]]}`: null when x is null, else membership (no coercion). */
export const inList: Builtin = <State>(b: Builder<State>): Node<State> => {
  arity(b, 2, 2);
  const list = b.args[1];
  if (!Array.isArray(list)) throw E.inList(at(b, 1), list);
  list.forEach((item, k) => {
    if (!isLiteral(item)) throw E.inItem(`${at(b, 1)}[${k}]`, item);
  });
  const items = list as Value[];
  const x = b.sub(0);
  if (x.k === 'c') return constant(x.v === null ? null : items.includes(x.v));
  const f = x.f;
  const member = (f as MemberTest<State>).member;
  if (member) return dynamic<State>(member(items), true);
  if (items.length === 0) return dynamic<State>((e, i) => (f(e, i) === null ? null : false), true);
  if (items.length === 1) {
    const c = items[0];
    return dynamic<State>((e, i) => {
      const v = f(e, i);
      return v === null ? null : v === c;
    }, true);
  }
  const set = new Set<Value>(items);
  return dynamic<State>((e, i) => {
    const v = f(e, i);
    return v === null ? null : set.has(v);
  }, true);
};

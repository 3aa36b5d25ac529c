/** and, or, !/not, if, ?? — Kleene three-valued logic. */
import { E } from './errors.js';
import { arity, at, dynamic, isLiteral, constant, subAll, truthy } from './node.js';
import type { Builder, Builtin, Dynamic, Node } from './node.js';
import type { Evaluator, Value } from './types.js';

/** A literal operand where a boolean is expected must be true, false or null. */
function checkBoolLiteral<State>(b: Builder<State>, k: number): void {
  const x = b.args[k];
  if (isLiteral(x) && x !== null && typeof x !== 'boolean') throw E.notBoolean(at(b, k), b.op, x);
}

/** A closure returning only true/false/null (numbers and strings by JS truthiness). */
function asBool<State>(n: Dynamic<State>): Evaluator<State> {
  if (n.bool) return n.f;
  const f = n.f;
  return (e, i) => {
    const v = f(e, i);
    return v === null || typeof v === 'boolean' ? v : !!v;
  };
}

function andOr<State>(b: Builder<State>, isAnd: boolean): Node<State> {
  arity(b, 1, Infinity);
  for (let k = 0; k < b.args.length; k++) checkBoolLiteral(b, k);
  const nodes = subAll(b);
  // `and`: false absorbs, true is neutral. `or`: the other way round.
  const absorb = !isAnd;
  let sawNull = false;
  const fs: Evaluator<State>[] = [];
  for (const n of nodes) {
    if (n.k === 'c') {
      const v = truthy(n.v);
      if (v === absorb) return constant(absorb);
      if (v === null) sawNull = true;
    } else fs.push(asBool(n));
  }
  if (fs.length === 0) return constant(sawNull ? null : !absorb);
  let f: Evaluator<State>;
  if (fs.length === 1) f = fs[0];
  else if (fs.length === 2) {
    const a = fs[0];
    const c = fs[1];
    f = isAnd
      ? (e, i) => {
          const x = a(e, i);
          if (x === false) return false;
          const y = c(e, i);
          if (y === false) return false;
          return x === null || y === null ? null : true;
        }
      : (e, i) => {
          const x = a(e, i);
          if (x === true) return true;
          const y = c(e, i);
          if (y === true) return true;
          return x === null || y === null ? null : false;
        };
  } else {
    const n = fs.length;
    f = isAnd
      ? (e, i) => {
          let unknown = false;
          for (let k = 0; k < n; k++) {
            const x = fs[k](e, i);
            if (x === false) return false;
            if (x === null) unknown = true;
          }
          return unknown ? null : true;
        }
      : (e, i) => {
          let unknown = false;
          for (let k = 0; k < n; k++) {
            const x = fs[k](e, i);
            if (x === true) return true;
            if (x === null) unknown = true;
          }
          return unknown ? null : false;
        };
  }
  if (sawNull) {
    // A literal null operand: the result can only be the absorbing value or null.
    const g = f;
    f = isAnd ? (e, i) => (g(e, i) === false ? false : null) : (e, i) => (g(e, i) === true ? true : null);
  }
  return dynamic(f, true);
}

export const and: Builtin = (b) => andOr(b, true);
export const or: Builtin = (b) => andOr(b, false);

export const not: Builtin = <State>(b: Builder<State>): Node<State> => {
  arity(b, 1, 1);
  checkBoolLiteral(b, 0);
  const n = b.sub(0);
  if (n.k === 'c') {
    const v = truthy(n.v);
    return constant(v === null ? null : !v);
  }
  const f = n.f;
  return dynamic<State>((e, i) => {
    const v = f(e, i);
    return v === null ? null : !v;
  }, true);
};

/** True when a node can only produce true/false/null. */
function isBoolNode<State>(n: Node<State>): boolean {
  return n.k === 'd' ? n.bool : n.v === null || typeof n.v === 'boolean';
}

/** `if`: [c1, v1, c2, v2, …, else]; a branch is taken only when its condition is exactly true. */
export const ifThenElse: Builtin = <State>(b: Builder<State>): Node<State> => {
  arity(b, 1, Infinity);
  const nArgs = b.args.length;
  const pairs = nArgs >> 1;
  for (let p = 0; p < pairs; p++) checkBoolLiteral(b, 2 * p);
  const nodes = subAll(b);
  let result: Node<State> = nArgs % 2 === 1 ? nodes[nArgs - 1] : constant(null);
  for (let p = pairs - 1; p >= 0; p--) {
    const cond = nodes[2 * p];
    const then = nodes[2 * p + 1];
    if (cond.k === 'c') {
      if (cond.v === true) result = then;
      continue;
    }
    const c = cond.f;
    const bool = isBoolNode(then) && isBoolNode(result);
    const r: Node<State> = result;
    if (then.k === 'c') {
      const tv = then.v;
      if (r.k === 'c') {
        const rv = r.v;
        result = dynamic<State>((e, i) => (c(e, i) === true ? tv : rv), bool);
      } else {
        const rf = r.f;
        result = dynamic<State>((e, i) => (c(e, i) === true ? tv : rf(e, i)), bool);
      }
    } else {
      const tf = then.f;
      if (r.k === 'c') {
        const rv = r.v;
        result = dynamic<State>((e, i) => (c(e, i) === true ? tf(e, i) : rv), bool);
      } else {
        const rf = r.f;
        result = dynamic<State>((e, i) => (c(e, i) === true ? tf(e, i) : rf(e, i)), bool);
      }
    }
  }
  return result;
};

/** `??`: the first non-null operand, else null. */
export const coalesce: Builtin = <State>(b: Builder<State>): Node<State> => {
  arity(b, 1, Infinity);
  const nodes = subAll(b);
  const fs: Dynamic<State>[] = [];
  let last: Value = null;
  for (const n of nodes) {
    if (n.k === 'c') {
      if (n.v === null) continue;
      last = n.v;
      break;
    }
    fs.push(n);
  }
  let result: Node<State> = constant(last);
  for (let k = fs.length - 1; k >= 0; k--) {
    const f: Evaluator<State> = fs[k].f;
    const bool: boolean = fs[k].bool && isBoolNode(result);
    const r: Node<State> = result;
    if (r.k === 'c') {
      const rv: Value = r.v;
      result =
        rv === null
          ? dynamic(f, fs[k].bool)
          : dynamic<State>((e, i) => {
              const v = f(e, i);
              return v !== null ? v : rv;
            }, bool);
    } else {
      const rf: Evaluator<State> = r.f;
      result = dynamic<State>((e: State, i: number): Value => {
        const v = f(e, i);
        return v !== null ? v : rf(e, i);
      }, bool);
    }
  }
  return result;
};

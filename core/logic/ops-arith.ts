/**
 * +, -, *, /, abs, min, max. Any operand that is null — or, at run time, not a number — gives null;
 * so does division by zero and a non-finite result (overflow).
 */
import { E } from './errors.js';
import { arity, at, dynamic, constant, subAll, toFn } from './node.js';
import type { Builder, Builtin, Node } from './node.js';
import type { Evaluator, Value } from './types.js';

type Op = '+' | '-' | '*' | '/';

function fin(r: number): number | null {
  return Number.isFinite(r) ? r : null;
}

function apply(op: Op, a: number, b: number): number | null {
  switch (op) {
    case '+':
      return fin(a + b);
    case '-':
      return fin(a - b);
    case '*':
      return fin(a * b);
    case '/':
      return b === 0 ? null : fin(a / b);
  }
}

/** A literal operand must be a number or null. */
function checkNumberLiterals<State>(b: Builder<State>): void {
  for (let k = 0; k < b.args.length; k++) {
    const x = b.args[k];
    if (typeof x === 'string' || typeof x === 'boolean') throw E.notNumber(at(b, k), b.op, x);
  }
}

/** Fold an operator over constant values, left to right. */
function foldAll(op: Op, vs: Value[]): Value {
  const first = vs[0];
  if (typeof first !== 'number') return null;
  let acc: number = first;
  for (let k = 1; k < vs.length; k++) {
    const v = vs[k];
    if (typeof v !== 'number') return null;
    const r = apply(op, acc, v);
    if (r === null) return null;
    acc = r;
  }
  return acc;
}

/** `f(e,i) op c`. */
function dynamicByConstant<State>(op: Op, f: Evaluator<State>, c: number): Evaluator<State> {
  switch (op) {
    case '+':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const r = v + c;
        return Number.isFinite(r) ? r : null;
      };
    case '-':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const r = v - c;
        return Number.isFinite(r) ? r : null;
      };
    case '*':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const r = v * c;
        return Number.isFinite(r) ? r : null;
      };
    case '/':
      // c !== 0 here (a zero divisor folds to null)
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const r = v / c;
        return Number.isFinite(r) ? r : null;
      };
  }
}

/** `c op f(e,i)` (only - and / are not commutative). */
function constantByDynamic<State>(op: Op, c: number, f: Evaluator<State>): Evaluator<State> {
  switch (op) {
    case '+':
    case '*':
      return dynamicByConstant(op, f, c);
    case '-':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const r = c - v;
        return Number.isFinite(r) ? r : null;
      };
    case '/':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number' || v === 0) return null;
        const r = c / v;
        return Number.isFinite(r) ? r : null;
      };
  }
}

function dynDyn<State>(op: Op, f: Evaluator<State>, g: Evaluator<State>): Evaluator<State> {
  switch (op) {
    case '+':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const w = g(e, i);
        if (typeof w !== 'number') return null;
        const r = v + w;
        return Number.isFinite(r) ? r : null;
      };
    case '-':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const w = g(e, i);
        if (typeof w !== 'number') return null;
        const r = v - w;
        return Number.isFinite(r) ? r : null;
      };
    case '*':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const w = g(e, i);
        if (typeof w !== 'number') return null;
        const r = v * w;
        return Number.isFinite(r) ? r : null;
      };
    case '/':
      return (e, i) => {
        const v = f(e, i);
        if (typeof v !== 'number') return null;
        const w = g(e, i);
        if (typeof w !== 'number' || w === 0) return null;
        const r = v / w;
        return Number.isFinite(r) ? r : null;
      };
  }
}

function binary<State>(op: Op, x: Node<State>, y: Node<State>): Node<State> {
  if (x.k === 'c' && y.k === 'c') return constant(foldAll(op, [x.v, y.v]));
  if (y.k === 'c') {
    const c = y.v;
    if (typeof c !== 'number' || (op === '/' && c === 0)) return constant(null);
    return dynamic(dynamicByConstant(op, (x as { f: Evaluator<State> }).f, c), false);
  }
  if (x.k === 'c') {
    const c = x.v;
    if (typeof c !== 'number') return constant(null);
    return dynamic(constantByDynamic(op, c, y.f), false);
  }
  return dynamic(dynDyn(op, x.f, y.f), false);
}

/** + and * : one operand or more, left to right. */
function nary<State>(b: Builder<State>, op: '+' | '*'): Node<State> {
  arity(b, 1, Infinity);
  checkNumberLiterals(b);
  const nodes = subAll(b);
  if (nodes.length === 1) return toNumber(nodes[0]);
  if (nodes.every((n) => n.k === 'c'))
    return constant(
      foldAll(
        op,
        nodes.map((n) => (n as { v: Value }).v),
      ),
    );
  if (nodes.some((n) => n.k === 'c' && typeof n.v !== 'number')) return constant(null);
  if (nodes.length === 2) return binary(op, nodes[0], nodes[1]);
  const fs = nodes.map(toFn);
  const n = fs.length;
  return dynamic<State>(
    op === '+'
      ? (e, i) => {
          let acc = 0;
          for (let k = 0; k < n; k++) {
            const v = fs[k](e, i);
            if (typeof v !== 'number') return null;
            acc = k === 0 ? v : acc + v;
          }
          return Number.isFinite(acc) ? acc : null;
        }
      : (e, i) => {
          let acc = 1;
          for (let k = 0; k < n; k++) {
            const v = fs[k](e, i);
            if (typeof v !== 'number') return null;
            acc = k === 0 ? v : acc * v;
          }
          return Number.isFinite(acc) ? acc : null;
        },
    false,
  );
}

/** The operand itself when it is a number, else null. */
function toNumber<State>(n: Node<State>): Node<State> {
  if (n.k === 'c') return constant(typeof n.v === 'number' ? n.v : null);
  const f = n.f;
  return dynamic<State>((e, i) => {
    const v = f(e, i);
    return typeof v === 'number' ? v : null;
  }, false);
}

export const add: Builtin = (b) => nary(b, '+');
export const mul: Builtin = (b) => nary(b, '*');

export const sub: Builtin = <State>(b: Builder<State>): Node<State> => {
  arity(b, 1, 2);
  checkNumberLiterals(b);
  const nodes = subAll(b);
  if (nodes.length === 2) return binary('-', nodes[0], nodes[1]);
  const x = nodes[0];
  if (x.k === 'c') return constant(typeof x.v === 'number' ? -x.v : null);
  const f = x.f;
  return dynamic<State>((e, i) => {
    const v = f(e, i);
    return typeof v === 'number' ? -v : null;
  }, false);
};

export const div: Builtin = <State>(b: Builder<State>): Node<State> => {
  arity(b, 2, 2);
  checkNumberLiterals(b);
  const nodes = subAll(b);
  return binary('/', nodes[0], nodes[1]);
};

export const abs: Builtin = <State>(b: Builder<State>): Node<State> => {
  arity(b, 1, 1);
  checkNumberLiterals(b);
  const x = b.sub(0);
  if (x.k === 'c') return constant(typeof x.v === 'number' ? Math.abs(x.v) : null);
  const f = x.f;
  return dynamic<State>((e, i) => {
    const v = f(e, i);
    return typeof v === 'number' ? Math.abs(v) : null;
  }, false);
};

function minMax<State>(b: Builder<State>, isMin: boolean): Node<State> {
  arity(b, 1, Infinity);
  checkNumberLiterals(b);
  const nodes = subAll(b);
  if (nodes.some((n) => n.k === 'c' && typeof n.v !== 'number')) return constant(null);
  if (nodes.every((n) => n.k === 'c')) {
    const vs = nodes.map((n) => (n as { v: number }).v);
    return constant(isMin ? Math.min(...vs) : Math.max(...vs));
  }
  if (nodes.length === 1) return toNumber(nodes[0]);
  if (nodes.length === 2) {
    const f = toFn(nodes[0]);
    const g = toFn(nodes[1]);
    return dynamic<State>(
      isMin
        ? (e, i) => {
            const v = f(e, i);
            if (typeof v !== 'number') return null;
            const w = g(e, i);
            return typeof w === 'number' ? Math.min(v, w) : null;
          }
        : (e, i) => {
            const v = f(e, i);
            if (typeof v !== 'number') return null;
            const w = g(e, i);
            return typeof w === 'number' ? Math.max(v, w) : null;
          },
      false,
    );
  }
  const fs = nodes.map(toFn);
  const n = fs.length;
  return dynamic<State>(
    isMin
      ? (e, i) => {
          let acc = Infinity;
          for (let k = 0; k < n; k++) {
            const v = fs[k](e, i);
            if (typeof v !== 'number') return null;
            acc = Math.min(acc, v);
          }
          return acc;
        }
      : (e, i) => {
          let acc = -Infinity;
          for (let k = 0; k < n; k++) {
            const v = fs[k](e, i);
            if (typeof v !== 'number') return null;
            acc = Math.max(acc, v);
          }
          return acc;
        },
    false,
  );
}

export const min: Builtin = (b) => minMax(b, true);
export const max: Builtin = (b) => minMax(b, false);

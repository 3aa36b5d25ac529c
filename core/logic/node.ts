/**
 * Internal representation used while compiling: a sub-expression is either a constant
 * (folded at compile time) or a closure. Builtins see their operands in this form so they can
 * specialise (constant operand, 1/2-operand fast paths) before producing a closure.
 */
import { E, argPath } from './errors.js';
import type { Evaluator, LogicScope, Value } from './types.js';

export interface Constant {
  readonly k: 'c';
  readonly v: Value;
}
export interface Dynamic<State> {
  readonly k: 'd';
  readonly f: Evaluator<State>;
  /** The closure only ever returns true, false or null. */
  readonly bool: boolean;
}
export type Node<State> = Constant | Dynamic<State>;

const TRUE: Constant = { k: 'c', v: true };
const FALSE: Constant = { k: 'c', v: false };
const NULL: Constant = { k: 'c', v: null };

export function constant(v: Value): Constant {
  return v === null ? NULL : v === true ? TRUE : v === false ? FALSE : { k: 'c', v };
}
export function dynamic<State>(f: Evaluator<State>, bool: boolean): Dynamic<State> {
  return { k: 'd', f, bool };
}

const fTrue = (): Value => true;
const fFalse = (): Value => false;
const fNull = (): Value => null;

/** The closure for a node (constants become `() => v`). */
export function toFn<State>(n: Node<State>): Evaluator<State> {
  if (n.k === 'd') return n.f;
  const v = n.v;
  if (v === null) return fNull;
  if (v === true) return fTrue;
  if (v === false) return fFalse;
  return () => v;
}

/** A JSON primitive written in the document (not something folded to a constant). */
export function isLiteral(x: unknown): x is Value {
  return x === null || typeof x === 'boolean' || typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
}

/** JS truthiness for non-boolean, non-null operands of and/or/not (0, "" → false). */
export function truthy(v: Value): boolean | null {
  return v === null || typeof v === 'boolean' ? v : !!v;
}

/** What a builtin operator gets from the compiler. */
export interface Builder<State> {
  readonly op: string;
  /** Path of the operator's own expression (the object `{op: args}`). */
  readonly path: string;
  readonly args: unknown[];
  readonly scope: LogicScope<State>;
  /** Compile argument k in the current scope. */
  sub(k: number): Node<State>;
}

export type Builtin = <State>(b: Builder<State>) => Node<State>;

export function at<State>(b: Builder<State>, k: number): string {
  return argPath(b.path, b.op, k);
}

export function arity<State>(b: Builder<State>, min: number, max: number): void {
  const n = b.args.length;
  if (n < min || n > max) throw E.arity(b.path, b.op, min, max, n);
}

/** Compile every argument (so errors anywhere are reported even when folding makes some unreachable). */
export function subAll<State>(b: Builder<State>): Node<State>[] {
  const out: Node<State>[] = [];
  for (let k = 0; k < b.args.length; k++) out.push(b.sub(k));
  return out;
}

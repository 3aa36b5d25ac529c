/**
 * Internal representation used while compiling: a sub-expression is either a constant
 * (folded at compile time) or a closure. Builtins see their operands in this form so they can
 * specialise (constant operand, 1/2-operand fast paths) before producing a closure.
 */
import { E, argPath } from './errors.js';
import type { Evaluator, LogicScope, Value } from './types.js';

export interface Const {
  readonly k: 'c';
  readonly v: Value;
}
export interface Dyn<Env> {
  readonly k: 'd';
  readonly f: Evaluator<Env>;
  /** The closure only ever returns true, false or null. */
  readonly bool: boolean;
}
export type Node<Env> = Const | Dyn<Env>;

const TRUE: Const = { k: 'c', v: true };
const FALSE: Const = { k: 'c', v: false };
const NULL: Const = { k: 'c', v: null };

export function konst(v: Value): Const {
  return v === null ? NULL : v === true ? TRUE : v === false ? FALSE : { k: 'c', v };
}
export function dyn<Env>(f: Evaluator<Env>, bool: boolean): Dyn<Env> {
  return { k: 'd', f, bool };
}

const fTrue = (): Value => true;
const fFalse = (): Value => false;
const fNull = (): Value => null;

/** The closure for a node (constants become `() => v`). */
export function toFn<Env>(n: Node<Env>): Evaluator<Env> {
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
export interface Builder<Env> {
  readonly op: string;
  /** Path of the operator's own expression (the object `{op: args}`). */
  readonly path: string;
  readonly args: unknown[];
  readonly scope: LogicScope<Env>;
  /** Compile argument k in the current scope. */
  sub(k: number): Node<Env>;
}

export type Builtin = <Env>(b: Builder<Env>) => Node<Env>;

export function at<Env>(b: Builder<Env>, k: number): string {
  return argPath(b.path, b.op, k);
}

export function arity<Env>(b: Builder<Env>, min: number, max: number): void {
  const n = b.args.length;
  if (n < min || n > max) throw E.arity(b.path, b.op, min, max, n);
}

/** Compile every argument (so errors anywhere are reported even when folding makes some unreachable). */
export function subAll<Env>(b: Builder<Env>): Node<Env>[] {
  const out: Node<Env>[] = [];
  for (let k = 0; k < b.args.length; k++) out.push(b.sub(k));
  return out;
}

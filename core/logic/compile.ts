/** The compiler: JSON expression → closure, once, at load time (no eval / new Function). */
import { E, argPath, opPath } from './errors.js';
import { at, arity, dynamic, isLiteral, constant, toFn } from './node.js';
import type { Builder, Builtin, Node } from './node.js';
import * as A from './ops-arith.js';
import * as C from './ops-compare.js';
import * as L from './ops-logic.js';
import type { CompileContext, Evaluator, LogicScope } from './types.js';

/** `{"var": "name"}` or `{"var": ["name", default]}`. */
const variable: Builtin = <State>(b: Builder<State>): Node<State> => {
  arity(b, 1, 2);
  const name = b.args[0];
  if (typeof name !== 'string') throw E.varName(at(b, 0), name);
  const def = b.args.length === 2 ? b.args[1] : null;
  if (!isLiteral(def)) throw E.varDefault(at(b, 1), def);
  const f = b.scope.resolveVar(name, b.path);
  if (f === null || f === undefined) throw E.unknownVar(b.path, name);
  if (typeof f !== 'function') throw E.unknownVar(b.path, name);
  if (def === null) return dynamic(f, false);
  return dynamic<State>((e, i) => {
    const v = f(e, i);
    return v === null ? def : v;
  }, false);
};

const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['var', variable],
  ['and', L.and],
  ['or', L.or],
  ['!', L.not],
  ['not', L.not],
  ['if', L.ifThenElse],
  ['??', L.coalesce],
  ['==', C.eq],
  ['!=', C.ne],
  ['===', C.seq],
  ['!==', C.sne],
  ['<', C.lt],
  ['<=', C.le],
  ['>', C.gt],
  ['>=', C.ge],
  ['in', C.inList],
  ['+', A.add],
  ['-', A.sub],
  ['*', A.mul],
  ['/', A.div],
  ['abs', A.abs],
  ['min', A.min],
  ['max', A.max],
]);

/** Names of the built-in operators. */
export const BUILTIN_OPERATORS: readonly string[] = [...BUILTINS.keys()];

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(x: object): boolean {
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

export function compileNode<State>(expr: unknown, scope: LogicScope<State>, path: string): Node<State> {
  if (isLiteral(expr)) return constant(expr);
  if (Array.isArray(expr)) throw E.array(path);
  if (typeof expr !== 'object' || expr === null || !isPlainObject(expr)) throw E.notJson(path, expr);
  const keys = Object.keys(expr);
  if (keys.length !== 1) throw E.keys(path, keys);
  const op = keys[0];
  const raw = (expr as Record<string, unknown>)[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];

  const ops = scope.operators;
  if (ops && hasOwn.call(ops, op)) {
    const custom = ops[op];
    const ctx: CompileContext = {
      compile: <S>(e: unknown, s: LogicScope<S>, p: string): Evaluator<S> => toFn(compileNode(e, s, p)),
      path: opPath(path, op),
    };
    const f = custom(args, ctx);
    if (typeof f !== 'function') throw E.customResult(path, op);
    return dynamic(f, false);
  }

  const builtin = BUILTINS.get(op);
  if (!builtin) throw E.unknownOperator(path, op);
  const b: Builder<State> = {
    op,
    path,
    args,
    scope,
    sub: (k) => compileNode(args[k], scope, argPath(path, op, k)),
  };
  return builtin(b);
}

/**
 * Compile a condition once into a closure. Throws LogicError (with a JSON path under `path`)
 * for anything malformed; the closure itself never throws.
 */
export function compileLogic<State>(expr: unknown, scope: LogicScope<State>, path = ''): Evaluator<State> {
  return toFn(compileNode(expr, scope, path));
}

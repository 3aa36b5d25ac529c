/**
 * Public types of the condition compiler (JsonLogic subset, three-valued).
 * `null` is "unknown": an input that is missing or could not be parsed.
 */

export type Value = number | string | boolean | null;

/** A compiled expression: evaluated for row i against an environment the engine owns. */
export type Evaluator<E> = (state: E, i: number) => Value;

export interface LogicScope<E> {
  /** Resolve {"var": name}; return null for an unknown name (→ LogicError at compile time). */
  resolveVar(name: string, path: string): Evaluator<E> | null;
  /** Engine-provided operators (member aggregates, "missing", "age" …), checked before built-ins are rejected as unknown. */
  operators?: Readonly<Record<string, CustomOperator<E>>>;
}

export interface CompileContext {
  /** Compile a sub-expression, optionally in another scope (e.g. member scope inside an aggregate). */
  compile<S>(expr: unknown, scope: LogicScope<S>, path: string): Evaluator<S>;
  /**
   * Path of this operator's argument list, e.g. `rules[0].when.count`.
   * Argument k lives at `${path}[k]`: pass that to `compile`, and to `new LogicError` for your own errors.
   */
  path: string;
}

export type CustomOperator<E> = (args: unknown[], ctx: CompileContext) => Evaluator<E>;

/**
 * A variable's evaluator may offer a faster test "value is one of these constants" (an enum
 * read as its code): same answer as comparing the value — null when the value is null, else
 * whether it is one of `values` — without reading the value itself.
 */
export interface MemberTest<E> {
  member?: (values: readonly Value[]) => Evaluator<E>;
}

/** The comparisons a variable's evaluator may fuse with its read (see NumberTest). */
export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

/**
 * A variable's evaluator that only ever returns a number or null may offer fused comparisons:
 * `compare(op, c)` answers like `{op: [this, c]}` for a constant number c, and
 * `compareWith(op, other)` like `{op: [this, other]}` when `other` is such a variable too (else
 * null). Same answers as the generic operators, without a call per operand.
 */
export interface NumberTest<E> {
  compare?: (op: Comparison, c: number) => Evaluator<E>;
  compareWith?: (op: Comparison, other: Evaluator<E>) => Evaluator<E> | null;
}

/**
 * Condition compiler for criteria documents: a JsonLogic subset with three-valued (Kleene) logic,
 * compiled once into plain closures (no eval / new Function — Cloudflare Workers refuse them).
 *
 * Semantics (null = "unknown": an input missing or unparsable):
 * - Literals: number, string, boolean, null. An array only as the list operand of "in".
 *   An object has exactly one key, the operator; a non-array argument is a one-element list.
 * - var: {"var": "name"} / {"var": ["name", default]} (literal default replaces null).
 * - and / or (n-ary), ! / not: Kleene. Result is always true/false/null. A literal operand that is
 *   not boolean/null is a LogicError; at run time a number or string operand counts by JS
 *   truthiness (0, "" false; other numbers/strings true).
 * - == / !=: null if either side is null, else strict (no coercion: 1 != "1").
 *   === / !==: two-valued, null === null is true.
 * - < <= > >=: both numbers or both strings (JS code-unit order), else null (null operand,
 *   mixed types, booleans). A literal boolean operand is a LogicError.
 *   {"<": [a, b, c]} / {"<=": …} = a < b < c, null if any pair is not comparable.
 * - + - * / abs min max: null if any operand is null or (at run time) not a number, division by
 *   zero, or a non-finite result. A literal string/boolean operand is a LogicError.
 *   + and * take 1+ operands (one operand: the number itself), - 1 (negation) or 2, / exactly 2.
 * - in: {"in": [x, [literals]]}: null if x is null, else membership without coercion.
 * - if: [c1, v1, …, else]; a branch is taken only when its condition is exactly true (a number or
 *   string condition is not); no else → null. A literal non-boolean non-null condition is a LogicError.
 * - ??: the first non-null operand, else null.
 * - Custom operators in scope.operators take precedence over built-ins of the same name.
 *
 * Error paths: the caller's base path, then `.op[k]` per level, e.g. `rules[0].when.and[1].==[0]`.
 * Errors about an operand's value point at the operand; unknown operator / variable, wrong arity
 * and several keys point at the expression object itself.
 */
export type { Comparison, CompileContext, CustomOperator, Evaluator, LogicScope, MemberTest, NumberTest, Value } from './types.js';
export { LogicError } from './errors.js';
export { compileLogic, BUILTIN_OPERATORS } from './compile.js';
export { referencedVars, referencedOperators } from './refs.js';

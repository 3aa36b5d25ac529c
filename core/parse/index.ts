/**
 * Cell value parsers of the engine (roster-spec §2, §9; monitoring-profile §2, §6.3).
 *
 * Hot path: no allocation on success (results go into caller-owned, reused `out` objects,
 * status is a small integer), no regexes, closures or try/catch in the per-cell functions.
 * Pure TypeScript: no Node or DOM imports.
 */
export { OK, MISSING, TYPE, RANGE, ENUM, ID, MONTH } from './status';
export type { ParseStatus } from './status';
export { isEmpty, codePointLength } from './chars';
export { parseNumber, parseInteger, MAX_MAGNITUDE } from './number';
export type { NumberOut } from './number';
export { parseText, parseBool, createEnumMatcher } from './text';
export type { TextOut, BoolOut } from './text';
export { parseId18 } from './id';
export type { IdOut, IdReason } from './id';
export { parseMonth } from './month';
export type { MonthOut } from './month';
export { ymdFromIso, isIsoDate, ageAt, monthIndex } from './date';

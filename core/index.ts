/**
 * Roster Check engine: the roster contract (../shared/spec/roster-spec.md) and the monitoring
 * profile as code. Pure TypeScript — no Office, Workers, Node or DOM imports — so the Worker,
 * the Excel add-in and the CLI all give the same answer.
 *
 * @example
 * import { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries } from './core';
 * const criteria = compileCriteria(defaultCriteria);           // once
 * const result = evaluateRoster(criteria, { households, members, period: '2020' });
 * const county = mergeSummaries(criteria, [resultA.summary, resultB.summary]);
 * const marks = marksOf(result);                                // what a client paints
 */
export * from './types';
export { criteriaSchema } from './criteria/schema';
export type { CriteriaDocument, CriteriaInput, FieldDef, RuleDef, IndicatorDef } from './criteria/schema';
export { compileCriteria, validateCriteria, CriteriaError } from './criteria/compile';
export type { CompiledCriteria } from './criteria/compile';
export { defaultCriteria, monitoringCriteria, profiles } from './criteria/profiles/index';
export { evaluateRoster, referenceDateOf } from './engine/evaluate';
export { RosterInputError, parsePeriod } from './engine/input';
export type { RosterInputProblem } from './engine/input';
export type { EvaluateOptions } from './engine/evaluate';
export { mergeSummaries, emptySummary } from './summary/index';
export { marksOf } from './marks/index';
export type { CellMark, MarkReason, RosterMarks, RowMark, SheetMarks } from './marks/types';
export { columnLetter, normalizeHeader } from './sheet/header';
export { ZOD_CODE_ZH, zodIssueZh } from './text/zod';

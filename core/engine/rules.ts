import type { CompiledCriteria, CompiledRule } from '../criteria/compile';
import { OK } from '../parse/index';
import type { Column, EvaluationState } from '../state/index';
import { evaluateIndicators } from './indicators';
import type { IssueLog, IssueLogs } from '../state/index';
import { textAt } from './columns';
import { firstOccurrence } from './buckets';
import type { ArrayPool } from './pool';

/** String keys of a column (numbers and enum codes as text, which keeps equality exact). */
function keysOf(col: Column): readonly string[] {
  if (col.texts.length === col.status.length) return col.texts;
  const keys = new Array<string>(col.status.length);
  for (let i = 0; i < keys.length; i++) keys[i] = col.status[i] === OK ? (col.codes ? textAt(col, i) : String(col.numbers[i])) : '';
  return keys;
}

type Logs = IssueLogs;

const noTrace = (): void => {};

/**
 * Every rule after parsing, in the order their inputs become known: cross-row rules, person
 * checks, then indicators (which may read person issues), then household checks (which may
 * read indicators).
 */
export interface RuleOptions {
  /** On a clerk's submission, the clerk's township (township_mismatch), else null. */
  expectedTownship: string | null;
  /** A member sheet was read (household + member layout): member_orphan applies. */
  memberSheet: boolean;
  /** The engine's buffers for these criteria. */
  pool: ArrayPool;
  trace?: (phase: string) => void;
}

export function runRules(criteria: CompiledCriteria, state: EvaluationState, logs: Logs, options: RuleOptions): void {
  const { expectedTownship, memberSheet, pool } = options;
  const trace = options.trace ?? noTrace;
  for (const rule of criteria.byKind.unique) unique(criteria, state, logs, rule, pool);
  for (const rule of criteria.byKind.township) township(criteria, state, logs.households, rule, null);
  if (expectedTownship !== null)
    for (const rule of criteria.byKind.township_mismatch) township(criteria, state, logs.households, rule, expectedTownship);
  for (const rule of criteria.byKind.group_count) groupCount(criteria, state, logs.households, rule, pool);
  if (memberSheet) for (const rule of criteria.byKind.member_orphan) orphans(criteria, state, logs.members, rule);
  for (const rule of criteria.byKind.id_gender) idGender(criteria, state, logs.members, rule);
  trace('cross-row');
  const checks = criteria.byKind.check;
  for (const rule of checks)
    if (rule.def.kind === 'check' && rule.def.level === 'person') runChecks(rule, state.memberCount, state, logs.members);
  trace('person-checks');
  evaluateIndicators(criteria, state);
  trace('indicators');
  for (const rule of checks)
    if (rule.def.kind === 'check' && rule.def.level === 'household') runChecks(rule, state.householdCount, state, logs.households);
  trace('household-checks');
}

function runChecks(rule: CompiledRule, n: number, state: EvaluationState, log: IssueLog): void {
  const each = rule.def.kind === 'check' && rule.def.mode === 'each';
  const checks = rule.checks;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < checks.length; k++) {
      if (checks[k].when(state, i) === true) {
        log.add(i, rule.index, checks[k].field);
        if (!each) break;
      }
    }
  }
}

/** Every occurrence of a parsed value after the first (values that failed to parse are ignored). */
function unique(criteria: CompiledCriteria, state: EvaluationState, logs: Logs, rule: CompiledRule, pool: ArrayPool): void {
  for (const field of rule.fields) {
    const person = criteria.fields[field].person;
    // A household-level field read from person rows is one value per household already.
    const col: Column | undefined = person ? state.memberColumns[field] : state.householdColumns[field];
    if (!col) continue;
    const log = person ? logs.members : logs.households;
    if (col.column < 0) continue;
    const first = col.first ?? firstOccurrence([{ values: keysOf(col), status: col.status, hash: col.hash }], pool, 'unique');
    for (let i = 0; i < first.length; i++) if (first[i] >= 0 && first[i] !== i) log.add(i, rule.index, field);
  }
}

function township(criteria: CompiledCriteria, state: EvaluationState, log: IssueLog, rule: CompiledRule, expected: string | null): void {
  const field = rule.fields[0];
  const col = state.householdColumns[field];
  for (let h = 0; h < state.householdCount; h++) {
    if (col.status[h] !== OK) continue;
    const known = criteria.townshipIndex.has(col.texts[h]);
    if (expected === null ? !known : known && col.texts[h] !== expected) log.add(h, rule.index, field);
  }
}

function groupCount(criteria: CompiledCriteria, state: EvaluationState, log: IssueLog, rule: CompiledRule, pool: ArrayPool): void {
  if (rule.def.kind !== 'group_count') return;
  const field = rule.fields[0];
  const col = state.householdColumns[field];
  const bound = rule.def.max;
  const max = typeof bound === 'number' ? bound : Number(criteria.params[bound]);
  const first = firstOccurrence([{ values: keysOf(col), status: col.status, hash: col.hash }], pool, 'group');
  const counts = new Int32Array(state.householdCount);
  for (let h = 0; h < state.householdCount; h++) if (first[h] >= 0) counts[first[h]]++;
  for (let h = 0; h < state.householdCount; h++) if (first[h] >= 0 && counts[first[h]] > max) log.add(h, rule.index, field);
}

function orphans(criteria: CompiledCriteria, state: EvaluationState, log: IssueLog, rule: CompiledRule): void {
  const field = rule.fields[0];
  const col = state.memberColumns[criteria.roles.householdId];
  for (let m = 0; m < state.memberCount; m++) if (col.status[m] === OK && state.householdOfMember[m] < 0) log.add(m, rule.index, field);
}

function idGender(criteria: CompiledCriteria, state: EvaluationState, log: IssueLog, rule: CompiledRule): void {
  if (rule.def.kind !== 'id_gender') return;
  const gender = state.memberColumns[rule.fields[1]];
  const { male, female } = rule.def;
  for (let m = 0; m < state.memberCount; m++) {
    const idMale = state.male[m];
    if (idMale === 255 || gender.status[m] !== OK) continue;
    const g = textAt(gender, m);
    if ((idMale === 1 && g === female) || (idMale === 0 && g === male)) log.add(m, rule.index, rule.fields[1]);
  }
}

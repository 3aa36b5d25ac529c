import type { CompiledCriteria, CompiledRule } from '../criteria/compile';
import { OK } from '../parse/index';
import type { Column, Env } from '../state/index';
import { evaluateIndicators } from './indicators';
import type { IssueLog, IssueLogs } from '../state/index';
import { textAt } from './columns';
import { firstOccurrence } from './buckets';
import type { ArrayPool } from './pool';

/** String keys of a column (numbers and enum codes as text, which keeps equality exact). */
function keysOf(col: Column): readonly string[] {
  if (col.str.length === col.st.length) return col.str;
  const keys = new Array<string>(col.st.length);
  for (let i = 0; i < keys.length; i++) keys[i] = col.st[i] === OK ? (col.codes ? textAt(col, i) : String(col.num[i])) : '';
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

export function runRules(c: CompiledCriteria, env: Env, logs: Logs, options: RuleOptions): void {
  const { expectedTownship, memberSheet, pool } = options;
  const trace = options.trace ?? noTrace;
  for (const rule of c.byKind.unique) unique(c, env, logs, rule, pool);
  for (const rule of c.byKind.township) township(c, env, logs.hh, rule, null);
  if (expectedTownship !== null) for (const rule of c.byKind.township_mismatch) township(c, env, logs.hh, rule, expectedTownship);
  for (const rule of c.byKind.group_count) groupCount(c, env, logs.hh, rule, pool);
  if (memberSheet) for (const rule of c.byKind.member_orphan) orphans(c, env, logs.mem, rule);
  for (const rule of c.byKind.id_gender) idGender(c, env, logs.mem, rule);
  trace('cross-row');
  const checks = c.byKind.check;
  for (const rule of checks) if (rule.def.kind === 'check' && rule.def.level === 'person') runChecks(rule, env.M, env, logs.mem);
  trace('person-checks');
  evaluateIndicators(c, env);
  trace('indicators');
  for (const rule of checks) if (rule.def.kind === 'check' && rule.def.level === 'household') runChecks(rule, env.H, env, logs.hh);
  trace('household-checks');
}

function runChecks(rule: CompiledRule, n: number, env: Env, log: IssueLog): void {
  const each = rule.def.kind === 'check' && rule.def.mode === 'each';
  const checks = rule.checks;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < checks.length; k++) {
      if (checks[k].when(env, i) === true) {
        log.add(i, rule.index, checks[k].field);
        if (!each) break;
      }
    }
  }
}

/** Every occurrence of a parsed value after the first (values that failed to parse are ignored). */
function unique(c: CompiledCriteria, env: Env, logs: Logs, rule: CompiledRule, pool: ArrayPool): void {
  for (const field of rule.fields) {
    const person = c.fields[field].person;
    // A household-level field read from person rows is one value per household already.
    const col: Column | undefined = person ? env.mem[field] : env.hh[field];
    if (!col) continue;
    const log = person ? logs.mem : logs.hh;
    if (col.column < 0) continue;
    const first = col.first ?? firstOccurrence([{ values: keysOf(col), st: col.st, hash: col.hash }], pool, 'unique');
    for (let i = 0; i < first.length; i++) if (first[i] >= 0 && first[i] !== i) log.add(i, rule.index, field);
  }
}

function township(c: CompiledCriteria, env: Env, log: IssueLog, rule: CompiledRule, expected: string | null): void {
  const field = rule.fields[0];
  const col = env.hh[field];
  for (let h = 0; h < env.H; h++) {
    if (col.st[h] !== OK) continue;
    const known = c.townshipIndex.has(col.str[h]);
    if (expected === null ? !known : known && col.str[h] !== expected) log.add(h, rule.index, field);
  }
}

function groupCount(c: CompiledCriteria, env: Env, log: IssueLog, rule: CompiledRule, pool: ArrayPool): void {
  if (rule.def.kind !== 'group_count') return;
  const field = rule.fields[0];
  const col = env.hh[field];
  const bound = rule.def.max;
  const max = typeof bound === 'number' ? bound : Number(c.params[bound]);
  const first = firstOccurrence([{ values: keysOf(col), st: col.st, hash: col.hash }], pool, 'group');
  const counts = new Int32Array(env.H);
  for (let h = 0; h < env.H; h++) if (first[h] >= 0) counts[first[h]]++;
  for (let h = 0; h < env.H; h++) if (first[h] >= 0 && counts[first[h]] > max) log.add(h, rule.index, field);
}

function orphans(c: CompiledCriteria, env: Env, log: IssueLog, rule: CompiledRule): void {
  const field = rule.fields[0];
  const col = env.mem[c.roles.householdId];
  for (let m = 0; m < env.M; m++) if (col.st[m] === OK && env.memHousehold[m] < 0) log.add(m, rule.index, field);
}

function idGender(c: CompiledCriteria, env: Env, log: IssueLog, rule: CompiledRule): void {
  if (rule.def.kind !== 'id_gender') return;
  const gender = env.mem[rule.fields[1]];
  const { male, female } = rule.def;
  for (let m = 0; m < env.M; m++) {
    const idMale = env.male[m];
    if (idMale === 255 || gender.st[m] !== OK) continue;
    const g = textAt(gender, m);
    if ((idMale === 1 && g === female) || (idMale === 0 && g === male)) log.add(m, rule.index, rule.fields[1]);
  }
}

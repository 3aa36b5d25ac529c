import type { CompiledCriteria } from '../criteria/compile';
import { OK, ymdFromIso } from '../parse/index';
import { checkRosterInput, parsePeriod } from './input';
import { summarise } from '../summary/index';
import type { HouseholdResult, MemberResult, RosterInput, RosterResult } from '../types';
import { NO_TABLE, textAt, type ParseContext } from './columns';
import { type Env, FLAG_ELIGIBLE, FLAG_ERROR, FLAG_ROWS_ERROR, FLAG_ROWS_WARNING, FLAG_WARNING, IND_NULL, IND_TRUE } from './env';
import { issuesOf, NO_ISSUES, type IssueLog } from './issues';
import { readLayout, type Layout } from './layout';
import { runRules } from './rules';
import { buildHouseholdMember } from './household-sheets';
import { buildPersonPerRow } from './person-rows';
import type { Built } from './layout-common';
import { locatorsOf, type IssueLocator } from './locations';

export interface EvaluateOptions {
  /** Called after each phase with its name (layout, parse, cross-row, person-checks, indicators, household-checks, outcomes, results, summary), for benchmarks. */
  trace?: (phase: string) => void;
}

const noTrace = (): void => {};

/** The reference date: input, criteria parameter, end of the period (see parsePeriod), or today. */
export function referenceDateOf(c: CompiledCriteria, input: RosterInput): string {
  if (input.referenceDate) return input.referenceDate;
  const p = c.params.reference_date;
  if (typeof p === 'string' && p) return p;
  const period = input.period !== undefined && input.period !== null ? parsePeriod(String(input.period)) : null;
  if (period) {
    const { year, month } = period;
    if (c.document.referenceDate === 'end_of_period' && month !== null) {
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
    }
    return `${year}-12-31`;
  }
  return new Date().toISOString().slice(0, 10);
}

/**
 * Evaluate a roster against compiled criteria: parse, every rule, indicators, score,
 * eligibility, risk level and the summary. Pure and deterministic; never throws on cell data.
 * Throws RosterInputError (zh + en, with paths) when the input itself is wrong: a table that is
 * not an array of rows, a period that is no year or month, a reference date that is no date.
 *
 * @example
 * const criteria = compileCriteria(defaultCriteria);
 * const { households, summary } = evaluateRoster(criteria, { households: sheet, members, period: '2020' });
 */
export function evaluateRoster(c: CompiledCriteria, input: RosterInput, options: EvaluateOptions = {}): RosterResult {
  checkRosterInput(input);
  const trace = options.trace ?? noTrace;
  const referenceDate = referenceDateOf(c, input);
  const refYmd = ymdFromIso(referenceDate);
  const ctx: ParseContext = { refYmd, refYear: Math.floor(refYmd / 10000), refYyyymm: Math.floor(refYmd / 100), pool: c.pool };
  const layout = readLayout(c, input.households ?? [], input.members);
  const unreadable = layout.sheetIssues.some((s) => s.fatal);
  trace('layout');

  const build = layout.kind === 'person-per-row' ? buildPersonPerRow : buildHouseholdMember;
  const built = build(c, layout.households, layout.members, ctx, trace);
  const { env, logs, hhRow, memRow, memSheet } = built;
  trace('parse');
  runRules(c, env, logs, input.expectedTownship ?? null, layout.kind === 'household-member' && memSheet !== null, trace);
  scoreHouseholds(c, env);
  trace('outcomes');

  const hhGroup = logs.hh.byRow(env.H);
  const memGroup = logs.mem.byRow(env.M);
  const locators = locatorsOf(c, layout.kind, built, memGroup);
  const households = householdResults(c, env, logs.hh, hhGroup, hhRow, locators.households);
  const members: MemberResult[] = new Array(env.M);
  const pid = c.roles.personId;
  const hid = c.roles.householdId;
  const idc = env.mem[pid];
  const hc = env.mem[hid];
  for (let m = 0; m < env.M; m++) {
    members[m] = {
      row: memRow[m],
      householdId: hc.st[m] === OK ? hc.str[m] : null,
      id: idc.st[m] === OK ? idc.str[m] : null,
      issues: memGroup.start[m] === memGroup.start[m + 1] ? NO_ISSUES : issuesOf(c, logs.mem, memGroup, m, locators.members),
    };
  }
  trace('results');
  const summary = summarise(c, env, logs);
  trace('summary');
  keepShapes(c, layout, built);
  return {
    profile: c.profile,
    layout: layout.kind,
    referenceDate,
    sheetIssues: layout.sheetIssues,
    unreadable,
    households,
    members,
    summary,
  };
}

/**
 * This evaluation's working objects stay referenced until the next one (ArrayPool.keep says
 * why). The input tables are let go: only the engine's own objects, whose buffers are pooled
 * anyway, are kept.
 */
function keepShapes(c: CompiledCriteria, layout: Layout, built: Built): void {
  if (layout.households) layout.households.table = NO_TABLE;
  if (layout.members) layout.members.table = NO_TABLE;
  c.pool.keep('evaluation', { layout, built });
}

/** Flags for errors on a household's rows, then eligibility and the risk level. */
function scoreHouseholds(c: CompiledCriteria, env: Env): void {
  for (let h = 0; h < env.H; h++) {
    let rowsFlags = env.hhFlags[h];
    for (let p = env.memStart[h]; p < env.memStart[h + 1]; p++) rowsFlags |= env.memFlags[env.memList[p]];
    if (rowsFlags & FLAG_ERROR) env.hhFlags[h] |= FLAG_ROWS_ERROR;
    if (rowsFlags & FLAG_WARNING) env.hhFlags[h] |= FLAG_ROWS_WARNING;
    if (c.eligibility.when(env, h) === true) env.hhFlags[h] |= FLAG_ELIGIBLE;
    let level = c.riskOtherwise;
    for (let k = 0; k < c.risk.length; k++) {
      if (c.risk[k].when(env, h) === true) {
        level = c.risk[k].level;
        break;
      }
    }
    env.risk[h] = level;
  }
}

/** The person ID of the household's first 户主 member, when it parsed. */
function headMemberId(c: CompiledCriteria, env: Env, h: number): string | null {
  const rel = env.mem[c.roles.relation];
  const ids = env.mem[c.roles.personId];
  for (let p = env.memStart[h]; p < env.memStart[h + 1]; p++) {
    const m = env.memList[p];
    if (rel.st[m] === OK && rel.num[m] === c.roles.headCode) return ids.st[m] === OK ? ids.str[m] : null;
  }
  return null;
}

function householdResults(
  c: CompiledCriteria,
  env: Env,
  log: IssueLog,
  group: { start: Int32Array; order: Int32Array },
  hhRow: Int32Array,
  locator: IssueLocator,
): HouseholdResult[] {
  const out: HouseholdResult[] = new Array(env.H);
  const { householdId, township, headId, status } = c.roles;
  const text = (k: number, h: number) => (k >= 0 && env.hh[k].st[h] === OK ? textAt(env.hh[k], h) : null);
  // Without a head-ID field (monitoring profile) the head is its 户主 member (spec §8 matches on it).
  const headOf = headId >= 0 ? (h: number) => text(headId, h) : (h: number) => headMemberId(c, env, h);
  const exitKey = c.eligibility.key === 'exitEligible';
  // Households with the same indicator values share one frozen indicators object: a roster
  // has a few hundred patterns at most, so this saves an object per household.
  const keys = c.indicators.map((i) => i.key);
  const patterns = new Map<number, Readonly<Record<string, boolean | null>>>();
  for (let h = 0; h < env.H; h++) {
    let code = 0;
    for (let j = 0; j < env.nInd; j++) code = code * 3 + env.ind[h * env.nInd + j];
    // Past 30 indicators the code would lose precision: build each object afresh.
    let indicators = env.nInd <= 30 ? patterns.get(code) : undefined;
    if (!indicators) {
      const o: Record<string, boolean | null> = {};
      for (let j = 0; j < env.nInd; j++) {
        const v = env.ind[h * env.nInd + j];
        o[keys[j]] = v === IND_NULL ? null : v === IND_TRUE;
      }
      patterns.set(code, (indicators = Object.freeze(o)));
    }
    const poor = c.statusPoor(env, h) === true;
    const exited = !poor && c.statusExited(env, h) === true;
    const eligible = (env.hhFlags[h] & FLAG_ELIGIBLE) !== 0;
    // One literal for both profile kinds (riskEliminable undefined where the profile has
    // exitEligible): a property added afterwards would give results a second hidden class.
    out[h] = {
      row: hhRow[h],
      householdId: text(householdId, h),
      township: text(township, h),
      headId: headOf(h),
      persons: Number.isNaN(env.persons[h]) ? null : env.persons[h],
      statusClass: poor ? 'poor' : exited ? 'exited' : null,
      status: text(status, h),
      issues: issuesOf(c, log, group, h, locator),
      indicators,
      score: env.score[h],
      exitEligible: exitKey ? eligible : false,
      riskLevel: env.risk[h] as 1 | 2 | 3,
      riskEliminable: exitKey ? undefined : eligible,
    };
  }
  // The shared indicator objects too (ArrayPool.keep).
  c.pool.keep('indicators', patterns);
  return out;
}

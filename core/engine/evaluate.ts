import type { CompiledCriteria } from '../criteria/compile';
import { OK, ymdFromIso } from '../parse/index';
import { checkRosterInput, parsePeriod } from './input';
import { summarise } from '../summary/index';
import type { HouseholdResult, MemberResult, RosterInput, RosterResult } from '../types';
import { NO_TABLE, textAt, type ParseContext } from './columns';
import {
  type EvaluationState,
  FLAG_ELIGIBLE,
  FLAG_ERROR,
  FLAG_ROWS_ERROR,
  FLAG_ROWS_WARNING,
  FLAG_WARNING,
  IND_NULL,
  IND_TRUE,
} from '../state/index';
import { issuesOf, NO_ISSUES } from './issues';
import type { IssueLog } from '../state/index';
import { readLayout, type Layout } from './layout';
import { runRules } from './rules';
import { type ArrayPool, poolOf } from './pool';
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
export function referenceDateOf(criteria: CompiledCriteria, input: RosterInput): string {
  if (input.referenceDate) return input.referenceDate;
  const p = criteria.params.reference_date;
  if (typeof p === 'string' && p) return p;
  const period = input.period !== undefined && input.period !== null ? parsePeriod(String(input.period)) : null;
  if (period) {
    const { year, month } = period;
    if (criteria.document.referenceDate === 'end_of_period' && month !== null) {
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
export function evaluateRoster(criteria: CompiledCriteria, input: RosterInput, options: EvaluateOptions = {}): RosterResult {
  checkRosterInput(input);
  const trace = options.trace ?? noTrace;
  const referenceDate = referenceDateOf(criteria, input);
  const refYmd = ymdFromIso(referenceDate);
  const pool = poolOf(criteria);
  const ctx: ParseContext = { refYmd, refYear: Math.floor(refYmd / 10000), refYyyymm: Math.floor(refYmd / 100), pool };
  const layout = readLayout(criteria, input.households ?? [], input.members);
  const unreadable = layout.sheetIssues.some((s) => s.fatal);
  trace('layout');

  const build = layout.kind === 'person-per-row' ? buildPersonPerRow : buildHouseholdMember;
  const built = build(criteria, layout.households, layout.members, ctx, trace);
  const { state, logs, householdRows, memberRows, memberSheet } = built;
  trace('parse');
  runRules(criteria, state, logs, {
    expectedTownship: input.expectedTownship ?? null,
    memberSheet: layout.kind === 'household-member' && memberSheet !== null,
    pool,
    trace,
  });
  scoreHouseholds(criteria, state);
  trace('outcomes');

  const householdIssues = logs.households.byRow(state.householdCount);
  const memberIssues = logs.members.byRow(state.memberCount);
  const locators = locatorsOf(criteria, layout.kind, built, memberIssues);
  const households = householdResults(criteria, state, logs.households, householdIssues, householdRows, locators.households);
  const members: MemberResult[] = new Array(state.memberCount);
  const pid = criteria.roles.personId;
  const hid = criteria.roles.householdId;
  const personIds = state.memberColumns[pid];
  const householdIds = state.memberColumns[hid];
  for (let m = 0; m < state.memberCount; m++) {
    members[m] = {
      row: memberRows[m],
      householdId: householdIds.status[m] === OK ? householdIds.texts[m] : null,
      id: personIds.status[m] === OK ? personIds.texts[m] : null,
      issues:
        memberIssues.start[m] === memberIssues.start[m + 1]
          ? NO_ISSUES
          : issuesOf(criteria, logs.members, memberIssues, m, locators.members),
    };
  }
  trace('results');
  const summary = summarise(criteria, state, logs);
  trace('summary');
  keepShapes(pool, layout, built);
  return {
    profile: criteria.profile,
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
function keepShapes(pool: ArrayPool, layout: Layout, built: Built): void {
  if (layout.households) layout.households.table = NO_TABLE;
  if (layout.members) layout.members.table = NO_TABLE;
  pool.keep('evaluation', { layout, built });
}

/** Flags for errors on a household's rows, then eligibility and the risk level. */
function scoreHouseholds(criteria: CompiledCriteria, state: EvaluationState): void {
  for (let h = 0; h < state.householdCount; h++) {
    let rowsFlags = state.householdFlags[h];
    for (let p = state.memberStart[h]; p < state.memberStart[h + 1]; p++) rowsFlags |= state.memberFlags[state.memberList[p]];
    if (rowsFlags & FLAG_ERROR) state.householdFlags[h] |= FLAG_ROWS_ERROR;
    if (rowsFlags & FLAG_WARNING) state.householdFlags[h] |= FLAG_ROWS_WARNING;
    if (criteria.eligibility.when(state, h) === true) state.householdFlags[h] |= FLAG_ELIGIBLE;
    let level = criteria.riskOtherwise;
    for (let k = 0; k < criteria.risk.length; k++) {
      if (criteria.risk[k].when(state, h) === true) {
        level = criteria.risk[k].level;
        break;
      }
    }
    state.risk[h] = level;
  }
}

/** The person ID of the household's first 户主 member, when it parsed. */
function headMemberId(criteria: CompiledCriteria, state: EvaluationState, h: number): string | null {
  const rel = state.memberColumns[criteria.roles.relation];
  const ids = state.memberColumns[criteria.roles.personId];
  for (let p = state.memberStart[h]; p < state.memberStart[h + 1]; p++) {
    const m = state.memberList[p];
    if (rel.status[m] === OK && rel.numbers[m] === criteria.roles.headCode) return ids.status[m] === OK ? ids.texts[m] : null;
  }
  return null;
}

function householdResults(
  criteria: CompiledCriteria,
  state: EvaluationState,
  log: IssueLog,
  group: { start: Int32Array; order: Int32Array },
  householdRows: Int32Array,
  locator: IssueLocator,
): HouseholdResult[] {
  const out: HouseholdResult[] = new Array(state.householdCount);
  const { householdId, township, headId, status } = criteria.roles;
  const text = (k: number, h: number) =>
    k >= 0 && state.householdColumns[k].status[h] === OK ? textAt(state.householdColumns[k], h) : null;
  // Without a head-ID field (monitoring profile) the head is its 户主 member (spec §8 matches on it).
  const headOf = headId >= 0 ? (h: number) => text(headId, h) : (h: number) => headMemberId(criteria, state, h);
  const exitKey = criteria.eligibility.key === 'exitEligible';
  // Households with the same indicator values share one frozen indicators object: a roster
  // has a few hundred patterns at most, so this saves an object per household.
  const keys = criteria.indicators.map((i) => i.key);
  const patterns = new Map<number, Readonly<Record<string, boolean | null>>>();
  // The shared indicator objects stay referenced until the next evaluation (ArrayPool.keep).
  poolOf(criteria).keep('indicators', patterns);
  for (let h = 0; h < state.householdCount; h++) {
    let code = 0;
    for (let j = 0; j < state.indicatorCount; j++) code = code * 3 + state.indicatorValues[h * state.indicatorCount + j];
    // Past 30 indicators the code would lose precision: build each object afresh.
    let indicators = state.indicatorCount <= 30 ? patterns.get(code) : undefined;
    if (!indicators) {
      const o: Record<string, boolean | null> = {};
      for (let j = 0; j < state.indicatorCount; j++) {
        const v = state.indicatorValues[h * state.indicatorCount + j];
        o[keys[j]] = v === IND_NULL ? null : v === IND_TRUE;
      }
      patterns.set(code, (indicators = Object.freeze(o)));
    }
    const poor = criteria.statusPoor(state, h) === true;
    const exited = !poor && criteria.statusExited(state, h) === true;
    const eligible = (state.householdFlags[h] & FLAG_ELIGIBLE) !== 0;
    // One literal for both profile kinds (riskEliminable undefined where the profile has
    // exitEligible): a property added afterwards would give results a second hidden class.
    out[h] = {
      row: householdRows[h],
      householdId: text(householdId, h),
      township: text(township, h),
      headId: headOf(h),
      persons: Number.isNaN(state.persons[h]) ? null : state.persons[h],
      statusClass: poor ? 'poor' : exited ? 'exited' : null,
      status: text(status, h),
      issues: issuesOf(criteria, log, group, h, locator),
      indicators,
      score: state.score[h],
      exitEligible: exitKey ? eligible : false,
      riskLevel: state.risk[h] as 1 | 2 | 3,
      riskEliminable: exitKey ? undefined : eligible,
    };
  }
  return out;
}

import type { HouseholdResult, MemberResult, RosterResult } from '../../core/types';
import { hmacIds, maskId } from '../ids/index';

/** One issue as stored: enough to find the cell, never the message text (which may quote an ID). */
export interface StoredIssue {
  rule: string;
  field: string | null;
  severity: 'error' | 'warning';
  sheet: 'households' | 'members';
  row: number;
}

/** A households-table row, in column order, for `INSERT … FROM json_each(?)`. */
export type HouseholdRow = [
  row: number,
  householdId: string | null,
  township: string | null,
  status: string | null,
  statusClass: string | null,
  persons: number | null,
  score: number,
  exitEligible: 0 | 1,
  riskLevel: number,
  indicators: Record<string, boolean | null>,
  issues: StoredIssue[],
  hasError: 0 | 1,
  failingHard: string[],
  headHmac: string | null,
  headMasked: string | null,
];

/** A persons-table row: every person ID of the roster, keyed, never in clear. */
export type PersonRow = [row: number, householdId: string | null, township: string | null, idHmac: string, idMasked: string];

export interface SubmissionRows {
  households: HouseholdRow[];
  persons: PersonRow[];
  rowsWithErrors: number;
  personsTotal: number;
}

function storedIssues(issues: HouseholdResult['issues'], sheet: StoredIssue['sheet'], row: number): StoredIssue[] {
  return issues.map((issue) => ({ rule: issue.rule, field: issue.field, severity: issue.severity, sheet, row }));
}

/**
 * Turns core's results into the rows the Worker stores: issues without messages, person IDs as
 * HMAC + masked form (all IDs signed in one parallel pass). Members are attached to the first
 * household row with their 户编号, as core does for its cross-sheet checks.
 *
 * @example
 * const rows = await submissionRows(result, hardIndicators(compiled), env.ID_HMAC_KEY);
 */
export async function submissionRows(result: RosterResult, hard: readonly string[], secret: string): Promise<SubmissionRows> {
  const firstHousehold = new Map<string, HouseholdResult>();
  for (const household of result.households) {
    if (household.householdId !== null && !firstHousehold.has(household.householdId)) {
      firstHousehold.set(household.householdId, household);
    }
  }
  const membersOf = new Map<HouseholdResult, MemberResult[]>();
  for (const member of result.members) {
    const household = member.householdId === null ? undefined : firstHousehold.get(member.householdId);
    if (!household) continue;
    const list = membersOf.get(household);
    if (list) list.push(member);
    else membersOf.set(household, [member]);
  }

  // Person IDs: the members (or the person rows); a roster without them has only its heads.
  const personSources = result.members.length > 0 ? result.members.filter((m) => m.id !== null) : [];
  const heads = result.households.map((household) => household.headId);
  const hmacs = await hmacIds(secret, [...heads, ...personSources.map((member) => member.id)]);

  let rowsWithErrors = 0;
  let personsTotal = 0;
  const households = result.households.map((household, index): HouseholdRow => {
    const issues = storedIssues(household.issues, 'households', household.row);
    for (const member of membersOf.get(household) ?? []) issues.push(...storedIssues(member.issues, 'members', member.row));
    const ownError = household.issues.some((issue) => issue.severity === 'error');
    if (ownError) rowsWithErrors++;
    personsTotal += household.persons ?? 0;
    const hasError = issues.some((issue) => issue.severity === 'error');
    return [
      household.row,
      household.householdId,
      household.township,
      household.status,
      household.statusClass,
      household.persons,
      household.score,
      household.exitEligible ? 1 : 0,
      household.riskLevel,
      household.indicators,
      issues,
      hasError ? 1 : 0,
      hard.filter((key) => household.indicators[key] === false),
      hmacs[index],
      household.headId === null ? null : maskId(household.headId),
    ];
  });

  let persons: PersonRow[];
  if (personSources.length > 0) {
    persons = personSources.map((member, index) => [
      member.row,
      member.householdId,
      member.householdId === null ? null : (firstHousehold.get(member.householdId)?.township ?? null),
      hmacs[heads.length + index]!,
      maskId(member.id!),
    ]);
  } else {
    persons = [];
    result.households.forEach((household, index) => {
      const hmac = hmacs[index];
      if (household.headId !== null && hmac) {
        persons.push([household.row, household.householdId, household.township, hmac, maskId(household.headId)]);
      }
    });
  }
  return { households, persons, rowsWithErrors, personsTotal };
}

import type { HouseholdResult, MemberResult, RosterResult } from '../../core/types';
import { idHasher, maskId } from '../ids/index';

/** One issue as stored: enough to find the cell, never the message text (which may quote an ID). */
export interface StoredIssue {
  rule: string;
  field: string | null;
  severity: 'error' | 'warning';
  sheet: 'households' | 'members';
  row: number;
}

/** One person ID as stored: worksheet row, HMAC, masked form. */
export type PersonId = [row: number, hmac: string, masked: string];

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
  indicatorsNotTrue: Record<string, false | null>,
  issues: StoredIssue[],
  hasError: 0 | 1,
  failingHard: string[],
  headHmac: string | null,
  headMasked: string | null,
  personIds: PersonId[],
];

export interface SubmissionRows {
  households: HouseholdRow[];
  rowsWithErrors: number;
  personsTotal: number;
}

/** Only the indicators that are false or unknown: the rest are true (see the migration). */
function notTrue(indicators: Record<string, boolean | null>): Record<string, false | null> {
  const out: Record<string, false | null> = {};
  for (const key in indicators) {
    const value = indicators[key];
    if (value !== true) out[key] = value === false ? false : null;
  }
  return out;
}

function storedIssues(issues: HouseholdResult['issues'], sheet: StoredIssue['sheet'], row: number): StoredIssue[] {
  return issues.map((issue) => ({ rule: issue.rule, field: issue.field, severity: issue.severity, sheet, row }));
}

/**
 * Turns core's results into the rows the Worker stores: issues without messages, person IDs as
 * HMAC + masked form. Members are attached to the first household row with their 户编号, as
 * core does for its cross-sheet checks; a member of no household (member_orphan) is not kept.
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

  // Synchronous HMAC (two SHA-256 compressions per ID); a head that is also a member row of its
  // household reuses that row's HMAC instead of a lookup table of every ID.
  const hmacOf = idHasher(secret);

  const hasMembers = result.members.length > 0;
  let rowsWithErrors = 0;
  let personsTotal = 0;
  const households = result.households.map((household): HouseholdRow => {
    const members = membersOf.get(household) ?? [];
    const issues = storedIssues(household.issues, 'households', household.row);
    for (const member of members) issues.push(...storedIssues(member.issues, 'members', member.row));
    if (household.issues.some((issue) => issue.severity === 'error')) rowsWithErrors++;
    personsTotal += household.persons ?? 0;
    const head = household.headId;
    let headHmac: string | null = null;
    let personIds: PersonId[] = [];
    if (hasMembers) {
      for (const member of members) {
        if (member.id === null) continue;
        const hmac = hmacOf(member.id);
        if (member.id === head) headHmac = hmac;
        personIds.push([member.row, hmac, maskId(member.id)]);
      }
    }
    if (head !== null && headHmac === null) headHmac = hmacOf(head);
    if (!hasMembers && head !== null) personIds = [[household.row, headHmac!, maskId(head)]];
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
      notTrue(household.indicators),
      issues,
      issues.some((issue) => issue.severity === 'error') ? 1 : 0,
      hard.filter((key) => household.indicators[key] === false),
      headHmac,
      head === null ? null : maskId(head),
      personIds,
    ];
  });
  return { households, rowsWithErrors, personsTotal };
}

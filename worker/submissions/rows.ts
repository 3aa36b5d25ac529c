import type { HouseholdResult, MemberResult, RosterResult } from '../../core/types';
import { idHasher, idSigner, maskId } from '../ids/index';
import { personRecord } from '../ids/person-record';

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
  /**
   * The household's own township: null where it is the submission's (most rows: fewer bytes to
   * store), '' where the row has none (missing or unparsed).
   */
  township: string | null,
  status: string | null,
  statusClass: string | null,
  persons: number | null,
  score: number,
  exitEligible: 0 | 1,
  riskLevel: number,
  indicatorsNotTrue: Readonly<Record<string, false | null>>,
  issues: readonly StoredIssue[],
  hasError: 0 | 1,
  failingHard: readonly string[],
  /** The head's HMAC and masked ID when the head is not one of `personIds` (else null, see headPerson). */
  headHmac: string | null,
  headMasked: string | null,
  /** The household's persons as fixed-width records (ids/person-record). */
  personIds: string,
  /** Index of the head's record in `personIds`, when it is there. */
  headPerson: number | null,
];

export interface SubmissionRows {
  households: HouseholdRow[];
  rowsWithErrors: number;
  personsTotal: number;
}

/** Shared by every household with nothing to list (most of them); serialised the same as a fresh one. */
const NONE: readonly never[] = Object.freeze([]);
const ALL_TRUE: Readonly<Record<string, false | null>> = Object.freeze({});

/** Only the indicators that are false or unknown: the rest are true (see the migration). */
function notTrue(indicators: Record<string, boolean | null>): Readonly<Record<string, false | null>> {
  let out: Record<string, false | null> | undefined;
  for (const key in indicators) {
    const value = indicators[key];
    if (value !== true) (out ??= {})[key] = value === false ? false : null;
  }
  return out ?? ALL_TRUE;
}

/** Appends the issues without their messages; reports whether one of them is an error. */
function addIssues(out: StoredIssue[], issues: HouseholdResult['issues'], sheet: StoredIssue['sheet'], row: number): boolean {
  let error = false;
  for (const issue of issues) {
    out.push({ rule: issue.rule, field: issue.field, severity: issue.severity, sheet, row });
    if (issue.severity === 'error') error = true;
  }
  return error;
}

export interface SubmissionRowsOptions {
  /** Keys of the hard indicators: a household failing one lists it. */
  hardIndicators: readonly string[];
  /** The ID_HMAC_KEY secret the person IDs are keyed with. */
  secret: string;
  /** The submission's township. */
  township: string;
}

/**
 * Turns core's results into the rows the Worker stores: issues without messages, person IDs as
 * HMAC + masked form. Members are attached to the first household row with their 户编号, as
 * core does for its cross-sheet checks; a member of no household (member_orphan) is not kept.
 * `township` is the submission's: a household in it stores no township of its own.
 *
 * @example
 * const rows = await submissionRows(result, { hardIndicators: hardIndicators(compiled), secret: env.ID_HMAC_KEY, township: '新哨镇' });
 */
export async function submissionRows(result: RosterResult, options: SubmissionRowsOptions): Promise<SubmissionRows> {
  const { hardIndicators: hard, secret, township } = options;
  // Members by 户编号; the first household row with that 户编号 takes them (and removes them, so a
  // later row with the same 户编号 gets none).
  const membersById = new Map<string, MemberResult[]>();
  for (const member of result.members) {
    if (member.householdId === null) continue;
    const list = membersById.get(member.householdId);
    if (list) list.push(member);
    else membersById.set(member.householdId, [member]);
  }

  // Synchronous HMAC (two SHA-256 compressions per ID); a head that is also a member row of its
  // household points at that row's record instead of storing its HMAC again.
  const signer = idSigner(secret);
  const hmacOf = idHasher(secret);

  const hasMembers = result.members.length > 0;
  let rowsWithErrors = 0;
  let personsTotal = 0;
  const households = result.households.map((household): HouseholdRow => {
    let members: readonly MemberResult[] = NONE;
    if (household.householdId !== null) {
      const own = membersById.get(household.householdId);
      if (own) {
        members = own;
        membersById.delete(household.householdId);
      }
    }
    // Most households and members have no issue: no array is made for them.
    let issues: StoredIssue[] | undefined;
    let hasError = false;
    if (household.issues.length > 0) {
      issues = [];
      if (addIssues(issues, household.issues, 'households', household.row)) {
        hasError = true;
        rowsWithErrors++;
      }
    }
    for (const member of members) {
      if (member.issues.length > 0 && addIssues((issues ??= []), member.issues, 'members', member.row)) hasError = true;
    }
    personsTotal += household.persons ?? 0;
    const head = household.headId;
    let headHmac: string | null = null;
    let headMasked: string | null = null;
    let headPerson: number | null = null;
    let personIds = '';
    if (hasMembers) {
      let index = 0;
      for (const member of members) {
        if (member.id === null) continue;
        if (member.id === head && headPerson === null) headPerson = index;
        personIds += personRecord(signer, member.id, member.row);
        index++;
      }
    } else if (head !== null) {
      personIds = personRecord(signer, head, household.row);
      headPerson = 0;
    }
    if (head !== null && headPerson === null) {
      headHmac = hmacOf(head);
      headMasked = maskId(head);
    }
    let failingHard: string[] | undefined;
    for (const key of hard) if (household.indicators[key] === false) (failingHard ??= []).push(key);
    return [
      household.row,
      household.householdId,
      household.township === township ? null : (household.township ?? ''),
      household.status,
      household.statusClass,
      household.persons,
      household.score,
      household.exitEligible ? 1 : 0,
      household.riskLevel,
      notTrue(household.indicators),
      issues ?? NONE,
      hasError ? 1 : 0,
      failingHard ?? NONE,
      headHmac,
      headMasked,
      personIds,
      headPerson,
    ];
  });
  return { households, rowsWithErrors, personsTotal };
}

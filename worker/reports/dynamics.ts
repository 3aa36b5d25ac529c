import { hmacAtSql, recordStartSql } from '../ids/person-record';
import { compiledVersionOf, currentCriteria } from '../criteria/current';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';

export type Movement = 'new' | 'removed' | 'exited' | 'returned' | 'moved';
export const MOVEMENTS: readonly Movement[] = ['new', 'removed', 'exited', 'returned', 'moved'];

export interface Count {
  households: number;
  persons: number;
}

export type MovementCounts = Record<Movement, Count>;

export interface DynamicsReport {
  from: string;
  to: string;
  townships: Record<string, MovementCounts>;
  total: MovementCounts;
  /** Households without a valid head ID cannot be matched across periods. */
  unmatched: { from: number; to: number };
}

interface Household {
  /** The household's township ('' where its row has none). */
  township: string;
  statusClass: string | null;
  persons: number;
}

function emptyCounts(): MovementCounts {
  return {
    new: { households: 0, persons: 0 },
    removed: { households: 0, persons: 0 },
    exited: { households: 0, persons: 0 },
    returned: { households: 0, persons: 0 },
    moved: { households: 0, persons: 0 },
  };
}

async function householdsOf(storage: Storage, period: string): Promise<{ byHead: Map<string, Household>; unmatched: number }> {
  const rows = await storage
    .prepare(
      `SELECT COALESCE(h.head_hmac, ${hmacAtSql('h.person_ids', recordStartSql('h.head_person'))}) AS head_hmac,
              COALESCE(h.township, s.township) AS township, h.status_class, h.persons
       FROM submissions s JOIN households h ON h.submission_id = s.id
       WHERE s.period = ? AND s.superseded_by IS NULL
       ORDER BY s.township, h.row`,
    )
    .bind(period)
    .all<{ head_hmac: string | null; township: string; status_class: string | null; persons: number | null }>();
  const byHead = new Map<string, Household>();
  let unmatched = 0;
  for (const row of rows) {
    if (row.head_hmac === null) unmatched++;
    // A head listed twice is one household for this count (core already flags the duplicate).
    else if (!byHead.has(row.head_hmac)) {
      byHead.set(row.head_hmac, { township: row.township, statusClass: row.status_class, persons: row.persons ?? 0 });
    }
  }
  return { byHead, unmatched };
}

async function assertSubmitted(storage: Storage, period: string): Promise<void> {
  const row = await storage
    .prepare('SELECT COUNT(*) AS n FROM submissions WHERE period = ? AND superseded_by IS NULL')
    .bind(period)
    .first<{ n: number }>();
  if (!row?.n) throw new ProblemError('unknown_period', { detail: `Nothing was submitted for period ${period}`, period });
}

/**
 * The townships of the current criteria and of every version the two periods' submissions were
 * judged with: a township renamed since still counts under its name in the older periods, as the
 * summary of those periods shows it.
 */
async function townshipsOf(storage: Storage, from: string, to: string): Promise<string[]> {
  const [current, rows] = await Promise.all([
    currentCriteria(storage),
    storage
      .prepare('SELECT DISTINCT criteria_version AS version FROM submissions WHERE period IN (?1, ?2) AND superseded_by IS NULL')
      .bind(from, to)
      .all<{ version: number }>(),
  ]);
  const names = new Set(current.compiled.townships);
  const older = await Promise.all(
    rows.filter(({ version }) => version !== current.version).map(({ version }) => compiledVersionOf(storage, version)),
  );
  for (const criteria of older) for (const name of criteria?.compiled.townships ?? []) names.add(name);
  return [...names];
}

/**
 * Spec §8 dynamic management between two periods, matched county-wide by the head's ID HMAC:
 * new (B only), removed (A only), exited (poor → exited), returned (exited → poor), moved
 * (from one configured township to another). Counted under the household's township in B (in A
 * for removed), as the summary counts rows (§9.13): every configured township is listed, zeros
 * included; a household whose row names no configured township counts in the total only.
 */
export async function dynamicsReport(storage: Storage, from: string, to: string): Promise<DynamicsReport> {
  await assertSubmitted(storage, from);
  await assertSubmitted(storage, to);
  const [a, b, names] = await Promise.all([householdsOf(storage, from), householdsOf(storage, to), townshipsOf(storage, from, to)]);
  // No prototype: township names come from the criteria documents.
  const townships: Record<string, MovementCounts> = Object.create(null);
  for (const name of names) townships[name] = emptyCounts();
  const total = emptyCounts();
  const configured = (township: string) => Object.hasOwn(townships, township);
  const add = (movement: Movement, township: string, persons: number) => {
    total[movement].households++;
    total[movement].persons += persons;
    if (!configured(township)) return;
    townships[township][movement].households++;
    townships[township][movement].persons += persons;
  };
  for (const [head, later] of b.byHead) {
    const earlier = a.byHead.get(head);
    if (!earlier) {
      add('new', later.township, later.persons);
      continue;
    }
    if (earlier.statusClass === 'poor' && later.statusClass === 'exited') add('exited', later.township, later.persons);
    if (earlier.statusClass === 'exited' && later.statusClass === 'poor') add('returned', later.township, later.persons);
    // A township missing on one side, or one that is not configured (a misspelling), is no move.
    if (earlier.township !== later.township && configured(earlier.township) && configured(later.township)) {
      add('moved', later.township, later.persons);
    }
  }
  for (const [head, earlier] of a.byHead) {
    if (!b.byHead.has(head)) add('removed', earlier.township, earlier.persons);
  }
  return { from, to, townships, total, unmatched: { from: a.unmatched, to: b.unmatched } };
}

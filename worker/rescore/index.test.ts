import { beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries } from '../../core/index';
import type { Table } from '../../core/types';
import { latestSubmissions, insertSubmission } from '../submissions/repository';
import { call, CLERK_TOWNSHIP, json, makeTokens, OTHER_TOWNSHIP, seedDefault, storage, type Tokens } from '../test/api';
import { townshipRoster } from '../test/roster';

let tokens: Tokens;
// Incomes 15000 except households 2 and 12 at 5000: an income line of 6000 fails exactly those two.
const rosters: Record<string, { households: Table; members: Table }> = {
  [CLERK_TOWNSHIP]: townshipRoster(CLERK_TOWNSHIP, 1, 4, (n) => (n === 2 ? { per_capita_income: 5000 } : {})),
  [OTHER_TOWNSHIP]: townshipRoster(OTHER_TOWNSHIP, 11, 3, (n) => (n === 12 ? { per_capita_income: 5000 } : {})),
};

function withIncomeLine(incomeLine: number) {
  const doc = structuredClone(defaultCriteria) as any;
  doc.parameters.income_line = incomeLine;
  return doc;
}

async function publish(document: unknown, ifMatch: string) {
  const res = await json(call('PUT', '/api/v1/criteria', { token: tokens.county, body: { document, note: 'test' }, headers: { 'if-match': ifMatch } }));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.version as number;
}

/** What core says for the period's rosters under a criteria document, merged. */
function expectedSummary(document: unknown) {
  const compiled = compileCriteria(document);
  const parts = Object.values(rosters).map((roster) => evaluateRoster(compiled, { ...roster, period: '2020' }).summary);
  return JSON.parse(JSON.stringify(mergeSummaries(compiled, parts)));
}

beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
  for (const [township, roster] of Object.entries(rosters)) {
    const token = township === CLERK_TOWNSHIP ? tokens.clerk : tokens.county;
    const res = await call('POST', '/api/v1/submissions', {
      token,
      body: { period: '2020', township, ...roster },
      headers: { 'idempotency-key': `first-${township === CLERK_TOWNSHIP ? 'clerk' : 'other'}` },
    });
    expect(res.status).toBe(201);
  }
});

describe('POST /submissions/rescore', () => {
  it('re-scores under the criteria in force, keeps the old scoring in history, and the summary says which version', async () => {
    await publish(withIncomeLine(6000), '"criteria-v1"');
    // Published but not yet re-scored: the report says its figures are still version 1's.
    const stale = await json(call('GET', '/api/v1/reports/summary?period=2020', { token: tokens.county }));
    expect(stale.body).toMatchObject({ criteriaVersion: 2, currentCriteriaVersion: 2, scoringVersions: [1] });
    expect(stale.body.outdated.sort()).toEqual([CLERK_TOWNSHIP, OTHER_TOWNSHIP].sort());
    expect(stale.body.total.counters['households.exit_eligible']).toBe(expectedSummary(defaultCriteria).total.counters['households.exit_eligible']);

    // One submission per request: two calls, all-or-nothing each.
    const first = await json(call('POST', '/api/v1/submissions/rescore', { token: tokens.county, body: { period: '2020', maxSubmissions: 1 } }));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ criteriaVersion: 2, done: false, skipped: [] });
    expect(first.body.rescored).toHaveLength(1);
    expect(first.body.remaining).toHaveLength(1);
    const second = await json(call('POST', '/api/v1/submissions/rescore', { token: tokens.county, body: { period: '2020' } }));
    expect(second.body).toMatchObject({ done: true, remaining: [] });
    expect(second.body.rescored.map((r: { township: string }) => r.township)).toEqual(first.body.remaining);
    expect(second.body.rescored[0]).toMatchObject({ fromVersion: 1, households: expect.any(Number) });

    const report = await json(call('GET', '/api/v1/reports/summary?period=2020', { token: tokens.county }));
    expect(report.body).toMatchObject({ criteriaVersion: 2, scoringVersions: [2], outdated: [] });
    const expected = expectedSummary(withIncomeLine(6000));
    expect(report.body.total).toEqual(expected.total);
    expect(report.body.total.counters['households.exit_eligible']).toBe(stale.body.total.counters['households.exit_eligible'] - 2);
    for (const row of report.body.townships.filter((t: { submitted: boolean }) => t.submitted)) expect(row.criteriaVersion).toBe(2);

    // History: the township's submissions and the re-scorings, the old ones superseded with their own version.
    const history = await json(call('GET', '/api/v1/submissions?period=2020', { token: tokens.county }));
    expect(history.body).toHaveLength(4);
    const rescored = history.body.filter((s: { rescoredFrom: string | null }) => s.rescoredFrom !== null);
    expect(rescored.map((s: { criteriaVersion: number; superseded: boolean }) => [s.criteriaVersion, s.superseded])).toEqual([
      [2, false],
      [2, false],
    ]);
    for (const s of rescored) {
      const old = history.body.find((o: { id: string }) => o.id === s.rescoredFrom);
      expect(old).toMatchObject({ criteriaVersion: 1, superseded: true, supersededBy: s.id, township: s.township });
    }

    // Re-scored households feed the other reports: the rectification list under version 2 has the two poor incomes.
    const issues = await json(call('GET', '/api/v1/reports/issues?period=2020', { token: tokens.county }));
    const failing = issues.body.households.filter((h: { failingIndicators: string[] }) => h.failingIndicators.includes('income'));
    expect(failing.map((h: { householdId: string }) => h.householdId).sort()).toEqual(['H00002', 'H00012']);

    // Nothing left to do; the preview still reads the tables sealed with the township's submission.
    const again = await json(call('POST', '/api/v1/submissions/rescore', { token: tokens.county, body: { period: '2020' } }));
    expect(again.body).toMatchObject({ rescored: [], skipped: [], remaining: [], done: true });
    const preview = await json(call('POST', '/api/v1/criteria/preview', { token: tokens.county, body: { period: '2020', document: withIncomeLine(6000) } }));
    expect(preview.status).toBe(200);
    expect(preview.body.total.any).toBe(0);

    // A replayed Idempotency-Key still answers the township's own receipt.
    const replay = await call('POST', '/api/v1/submissions', {
      token: tokens.clerk,
      body: { period: '2020', township: CLERK_TOWNSHIP, ...rosters[CLERK_TOWNSHIP] },
      headers: { 'idempotency-key': 'first-clerk' },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('re-scores a re-scored submission again from the same sealed tables', async () => {
    await publish(withIncomeLine(16000), '"criteria-v2"');
    const res = await json(call('POST', '/api/v1/submissions/rescore', { token: tokens.county, body: { period: '2020' } }));
    expect(res.body.rescored).toHaveLength(2);
    const report = await json(call('GET', '/api/v1/reports/summary?period=2020', { token: tokens.county }));
    expect(report.body.total).toEqual(expectedSummary(withIncomeLine(16000)).total);
    expect(report.body.scoringVersions).toEqual([3]);
  });

  it('stores nothing of a re-scoring whose submission a township replaced meanwhile', async () => {
    const [old] = await latestSubmissions(storage(), '2020', CLERK_TOWNSHIP);
    // The township submits again; a re-scoring that read `old` before must not supersede the new one.
    const res = await call('POST', '/api/v1/submissions', {
      token: tokens.clerk,
      body: { period: '2020', township: CLERK_TOWNSHIP, ...rosters[CLERK_TOWNSHIP] },
    });
    expect(res.status).toBe(201);
    const attempt = insertSubmission(storage(), {
      id: 'late-rescore',
      period: '2020',
      township: CLERK_TOWNSHIP,
      criteriaVersion: 3,
      profile: 'default',
      referenceDate: old.referenceDate,
      expectedTownship: null,
      tokenId: 'x',
      author: 'x',
      createdAt: new Date().toISOString(),
      households: [],
      personsTotal: 0,
      rowsWithErrors: 0,
      summary: old.summary,
      tables: [],
      tablesOf: old.tablesOf,
      rescoredFrom: old.id,
      supersedes: old.id,
      idempotencyKey: null,
      requestHash: null,
      response: '{}',
    });
    await expect(attempt).rejects.toThrow(/UNIQUE/i);
    const row = await storage().prepare("SELECT COUNT(*) AS n FROM submissions WHERE id = 'late-rescore'").first<{ n: number }>();
    expect(row?.n).toBe(0);
    const [current] = await latestSubmissions(storage(), '2020', CLERK_TOWNSHIP);
    expect(current.id).toBe((await res.json<{ id: string }>()).id);
  });

  it('refuses clerks (403), an unknown period (404) and a malformed body (400)', async () => {
    expect((await call('POST', '/api/v1/submissions/rescore', { token: tokens.clerk, body: { period: '2020' } })).status).toBe(403);
    expect((await call('POST', '/api/v1/submissions/rescore', { token: tokens.county, body: { period: '1999' } })).status).toBe(404);
    expect((await call('POST', '/api/v1/submissions/rescore', { token: tokens.county, body: { period: '2020', max: 1 } })).status).toBe(400);
    expect((await call('POST', '/api/v1/submissions/rescore', { token: tokens.admin, body: { period: '2020' } })).status).toBe(200);
  });
});

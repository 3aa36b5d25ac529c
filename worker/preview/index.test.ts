import { beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries } from '../../core/index';
import { call, CLERK_TOWNSHIP, json, makeTokens, OTHER_TOWNSHIP, seedDefault, type Tokens } from '../test/api';
import { townshipRoster } from '../test/roster';

let tokens: Tokens;
// Incomes 15000 except households 2 and 12 at 5000: an income line of 6000 fails exactly those two.
const rosters = {
  [CLERK_TOWNSHIP]: townshipRoster(CLERK_TOWNSHIP, 1, 4, (n) => (n === 2 ? { per_capita_income: 5000 } : {})),
  [OTHER_TOWNSHIP]: townshipRoster(OTHER_TOWNSHIP, 11, 3, (n) => (n === 12 ? { per_capita_income: 5000 } : {})),
};

beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
  for (const [township, roster] of Object.entries(rosters)) {
    const token = township === CLERK_TOWNSHIP ? tokens.clerk : tokens.county;
    const res = await call('POST', '/api/v1/submissions', { token, body: { period: '2020', township, ...roster } });
    expect(res.status).toBe(201);
  }
});

function candidate(incomeLine: number) {
  const doc = structuredClone(defaultCriteria) as any;
  doc.parameters.income_line = incomeLine;
  return doc;
}

describe('POST /criteria/preview', () => {
  it('counts per township the households whose eligibility, risk or score would change, and the new totals', async () => {
    const res = await json(
      call('POST', '/api/v1/criteria/preview', { token: tokens.county, body: { period: '2020', document: candidate(6000) } }),
    );
    expect(res.status).toBe(200);
    const byTownship = Object.fromEntries(res.body.townships.map((t: { township: string }) => [t.township, t]));
    expect(byTownship[CLERK_TOWNSHIP]).toMatchObject({ households: 4, exitEligible: 1, score: 1, any: 1 });
    expect(byTownship[OTHER_TOWNSHIP]).toMatchObject({ households: 3, exitEligible: 1, score: 1, any: 1 });
    expect(res.body.total).toMatchObject({ households: 7, exitEligible: 2, score: 2, any: 2 });
    // Drill-down: the households that change, old → new.
    const score = (roster: (typeof rosters)[typeof CLERK_TOWNSHIP], id: string, doc: unknown) =>
      evaluateRoster(compileCriteria(doc), { ...roster, period: '2020' }).households.find((h) => h.householdId === id)!;
    const old = score(rosters[CLERK_TOWNSHIP], 'H00002', defaultCriteria);
    const next = score(rosters[CLERK_TOWNSHIP], 'H00002', candidate(6000));
    expect(byTownship[CLERK_TOWNSHIP].changed).toEqual([
      {
        row: old.row,
        householdId: 'H00002',
        before: { score: old.score, exitEligible: true, riskLevel: old.riskLevel },
        after: { score: next.score, exitEligible: false, riskLevel: next.riskLevel },
      },
    ]);
    expect(byTownship[CLERK_TOWNSHIP].changedTruncated).toBe(false);
    expect(byTownship[OTHER_TOWNSHIP].changed.map((h: { householdId: string }) => h.householdId)).toEqual(['H00012']);

    // The new totals are core's own, under the candidate.
    const compiled = compileCriteria(candidate(6000));
    const parts = Object.entries(rosters).map(
      ([township, roster]) =>
        evaluateRoster(compiled, { ...roster, period: '2020', expectedTownship: township === CLERK_TOWNSHIP ? township : undefined })
          .summary,
    );
    expect(res.body.after).toEqual(JSON.parse(JSON.stringify(mergeSummaries(compiled, parts))));
    expect(res.body.before.total.counters['households.exit_eligible']).toBe(7);
    expect(res.body.after.total.counters['households.exit_eligible']).toBe(5);
  });

  it('changes nothing for the current document itself', async () => {
    const res = await json(
      call('POST', '/api/v1/criteria/preview', { token: tokens.county, body: { period: '2020', document: defaultCriteria } }),
    );
    expect(res.body.total).toMatchObject({ households: 7, exitEligible: 0, riskLevel: 0, score: 0, any: 0 });
    expect(res.body.after).toEqual(res.body.before);
  });

  it('previews a submission without a member sheet (its sealed body has no members)', async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 21, 3, (n) => (n === 22 ? { per_capita_income: 5000 } : {}));
    const body = { period: '2019', township: CLERK_TOWNSHIP, households: roster.households };
    expect((await call('POST', '/api/v1/submissions', { token: tokens.county, body })).status).toBe(201);
    const res = await json(
      call('POST', '/api/v1/criteria/preview', { token: tokens.county, body: { period: '2019', document: candidate(6000) } }),
    );
    expect(res.status).toBe(200);
    const expected = evaluateRoster(compileCriteria(candidate(6000)), { households: roster.households, members: null, period: '2019' });
    expect(res.body.after).toEqual(JSON.parse(JSON.stringify(mergeSummaries(compileCriteria(candidate(6000)), [expected.summary]))));
    expect(res.body.total).toMatchObject({ households: 3 });
  });

  it('answers 422 with paths for an invalid candidate, 404 for a period without submissions', async () => {
    const bad = candidate(6000);
    bad.schema = 'something-else';
    const invalid = await json(call('POST', '/api/v1/criteria/preview', { token: tokens.county, body: { period: '2020', document: bad } }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0].path).toMatch(/schema/);
    const none = await json(
      call('POST', '/api/v1/criteria/preview', { token: tokens.county, body: { period: '2001', document: candidate(6000) } }),
    );
    expect(none.status).toBe(404);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries } from '../../core/index';
import type { Table } from '../../core/types';
import { call, CLERK_TOWNSHIP, json, makeTokens, OTHER_TOWNSHIP, seedDefault, type Tokens } from '../test/api';
import { townshipRoster } from '../test/roster';

let tokens: Tokens;
const THIRD = '江边乡'; // the one township with a registered population (14,384) in the default criteria

// Three periods; in each, two townships without a population and 江边乡 with one.
const periods = ['2021', '2022', '2023'];
function rostersOf(p: number): Record<string, { households: Table; members: Table }> {
  const poor = { status: '未脱贫', exit_year: null };
  return {
    [CLERK_TOWNSHIP]: townshipRoster(CLERK_TOWNSHIP, 100 + p * 10, 3 + p, () => poor),
    [OTHER_TOWNSHIP]: townshipRoster(OTHER_TOWNSHIP, 300 + p * 10, 4, () => poor),
    [THIRD]: townshipRoster(THIRD, 500 + p * 10, 2 + p, (n) => (n % 2 === 0 ? poor : {})),
  };
}
const compiled = compileCriteria(defaultCriteria);
const expected = (p: number) =>
  JSON.parse(
    JSON.stringify(
      mergeSummaries(
        compiled,
        Object.values(rostersOf(p)).map((roster) => evaluateRoster(compiled, { ...roster, period: periods[p] }).summary),
      ),
    ),
  );

beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
  for (const [p, period] of periods.entries()) {
    for (const [township, roster] of Object.entries(rostersOf(p))) {
      const res = await call('POST', '/api/v1/submissions', { token: tokens.county, body: { period, township, ...roster } });
      expect(res.status).toBe(201);
    }
  }
});

describe('poverty incidence in the county summary', () => {
  it('counts the county rate over the townships whose population is configured, and says so (1 of 12)', async () => {
    const report = await json(call('GET', '/api/v1/reports/summary?period=2021', { token: tokens.county }));
    const jiangbian = report.body.townships.find((t: { township: string }) => t.township === THIRD);
    expect(report.body.total.rates.poverty_incidence).toBeCloseTo(jiangbian.counters.poverty_persons / 14384, 12);
    // Every township's poor persons are still counted, but not in the rate.
    expect(report.body.total.counters.poverty_persons).toBeGreaterThan(jiangbian.counters.poverty_persons);
    expect(report.body.total.rates.poverty_incidence).toBeCloseTo(expected(0).total.rates.poverty_incidence, 12);
    expect(report.body.populationCoverage).toEqual({ townships: [THIRD], of: 12, notCounted: [] });
    const csv = await (await call('GET', '/api/v1/reports/summary?period=2021&format=csv', { token: tokens.county })).text();
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/,说明 note$/);
    expect(lines.at(-1)).toMatch(/^合计 total,.*1\/12 个乡镇（江边乡）/);
  });
});

describe('GET /reports/trend', () => {
  it('gives the main counters and rates of each period, oldest first, equal to the summaries', async () => {
    const res = await json(call('GET', '/api/v1/reports/trend?from=2021&to=2023', { token: tokens.county }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.periods.map((p: { period: string }) => p.period)).toEqual(periods);
    expect(res.body.counters).toEqual(
      expect.arrayContaining(['households', 'persons', 'households.exit_eligible', 'households.risk.1', 'rows_with_errors', 'poverty_persons']),
    );
    expect(res.body.rates).toContain('poverty_incidence');
    for (const [p, point] of res.body.periods.entries()) {
      const summary = expected(p);
      expect(point).toMatchObject({ profile: 'default', criteriaVersion: 1, scoringVersions: [1], townshipsCounted: 3 });
      for (const key of res.body.counters) expect([key, point.counters[key]]).toEqual([key, summary.total.counters[key]]);
      expect(point.rates).toEqual(summary.total.rates);
    }
    // Households grow by two a period (新哨镇 and 江边乡 one each).
    expect(res.body.periods.map((p: { counters: { households: number } }) => p.counters.households)).toEqual([9, 11, 13]);
  });

  it("takes a list of periods and one township's figures", async () => {
    const res = await json(call('GET', `/api/v1/reports/trend?periods=2023,2021&township=${encodeURIComponent(THIRD)}`, { token: tokens.county }));
    expect(res.status).toBe(200);
    expect(res.body.township).toBe(THIRD);
    expect(res.body.periods.map((p: { period: string }) => p.period)).toEqual(['2021', '2023']);
    expect(res.body.periods[1].counters).toMatchObject({ households: expected(2).townships[THIRD].counters.households });
    expect(res.body.periods[1].rates.poverty_incidence).toBeCloseTo(expected(2).townships[THIRD].rates.poverty_incidence, 12);
  });

  it('refuses a bad query (400), a period without submissions (404 naming it), clerks (403)', async () => {
    expect((await call('GET', '/api/v1/reports/trend', { token: tokens.county })).status).toBe(400);
    expect((await call('GET', '/api/v1/reports/trend?periods=2021,last', { token: tokens.county })).status).toBe(400);
    const range = await json(call('GET', '/api/v1/reports/trend?from=2023&to=2021', { token: tokens.county }));
    expect(range.status).toBe(400);
    expect(range.body.type).toMatch(/invalid_period_range$/);
    const missing = await json(call('GET', '/api/v1/reports/trend?periods=2021,2029', { token: tokens.county }));
    expect(missing.status).toBe(404);
    expect(missing.body.period).toBe('2029');
    expect((await call('GET', '/api/v1/reports/trend?from=2021&to=2023', { token: tokens.clerk })).status).toBe(403);
  });
});

describe('GET /reports/dynamics', () => {
  it('refuses a from after or equal to to with a clear problem (400), answers from before to', async () => {
    for (const [from, to] of [
      ['2023', '2021'],
      ['2022', '2022'],
    ]) {
      const res = await json(call('GET', `/api/v1/reports/dynamics?from=${from}&to=${to}`, { token: tokens.county }));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body).toMatchObject({ type: expect.stringMatching(/invalid_period_range$/), from, to });
      expect(res.body.zh).toMatch(/早于/);
    }
    const ok = await json(call('GET', '/api/v1/reports/dynamics?from=2021&to=2022', { token: tokens.county }));
    expect(ok.status).toBe(200);
    expect(ok.body.total.new.households).toBe(11);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, evaluateRoster, mergeSummaries, monitoringCriteria } from '../../core/index';
import type { Table } from '../../core/types';
import fixture from '../../core/fixtures/monitoring/export.json';
import { PERSON_RECORD } from '../ids/person-record';
import { call, json, makeTokens, seedDefault, storage, type Tokens } from '../test/api';

/**
 * The monitoring profile (一人一行, person per row) end to end: the county switches the current
 * criteria to it, submits the national export, and the stored figures are core's.
 */
let tokens: Tokens;
const sheet = (fixture as { sheet: Table }).sheet;
const compiled = compileCriteria(monitoringCriteria);

beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
  const put = await call('PUT', '/api/v1/criteria', {
    token: tokens.county,
    body: { document: monitoringCriteria, note: '改用防返贫监测标准' },
    headers: { 'if-match': '"criteria-v1"' },
  });
  expect(put.status).toBe(200);
});

describe('monitoring profile submissions', () => {
  it("stores person-per-row exports with core's summary and every person's ID keyed", async () => {
    const result = evaluateRoster(compiled, { households: sheet, period: '2024' });
    const townships = [...new Set(result.households.map((h) => h.township).filter((t): t is string => t !== null))];
    expect(townships.length).toBeGreaterThan(0);
    const township = townships[0];
    const res = await json(call('POST', '/api/v1/submissions', { token: tokens.county, body: { period: '2024', township, households: sheet } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ profile: 'monitoring', criteriaVersion: 2, households: result.households.length });
    expect(res.body.summary).toEqual(JSON.parse(JSON.stringify(result.summary)));

    const report = await json(call('GET', '/api/v1/reports/summary?period=2024', { token: tokens.county }));
    expect(report.body.total).toEqual(JSON.parse(JSON.stringify(mergeSummaries(compiled, [result.summary]).total)));

    const people = await storage()
      .prepare(`SELECT SUM(length(person_ids)) / ${PERSON_RECORD} AS n FROM households WHERE submission_id = ?`)
      .bind(res.body.id)
      .first<{ n: number }>();
    const attached = result.members.filter(
      (m) => m.id !== null && result.households.some((h) => h.householdId !== null && h.householdId === m.householdId),
    ).length;
    expect(people?.n).toBe(attached);
  });
});

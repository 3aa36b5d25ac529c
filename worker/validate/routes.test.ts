import { beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../../core/index';
import { call, CLERK_TOWNSHIP, json, makeTokens, seedDefault, storage, type Tokens } from '../test/api';
import { townshipRoster } from '../test/roster';
import { issueSchema, rosterResultSchema } from '../openapi/schemas';

let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

describe('POST /validate', () => {
  it("answers core's results for any role and stores nothing", async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 1, 3, (n) => (n === 2 ? { dropout_count: 1 } : {}));
    const expected = JSON.parse(
      JSON.stringify(evaluateRoster(compileCriteria(defaultCriteria), { ...roster, period: '2020', referenceDate: '2020-12-31' })),
    );
    for (const token of [tokens.county, tokens.admin]) {
      const res = await json(call('POST', '/api/v1/validate', { token, body: { ...roster, period: '2020', referenceDate: '2020-12-31' } }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expected);
      expect(res.headers.get('x-criteria-version')).toBe('1');
    }
    const clerk = await json(call('POST', '/api/v1/validate', { token: tokens.clerk, body: { households: roster.households } }));
    expect(clerk.status).toBe(200);
    expect(clerk.body.households).toHaveLength(3);
    const count = await storage().prepare('SELECT COUNT(*) AS n FROM submissions').first<{ n: number }>();
    expect(count?.n).toBe(0);
  });

  it('answers what the OpenAPI result schema describes, each issue naming its cell', async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 1, 3, (n) => (n === 2 ? { dropout_count: 1, housing_grade: 'Z' } : {}));
    const res = await json(call('POST', '/api/v1/validate', { token: tokens.clerk, body: { ...roster, period: '2020' } }));
    expect(res.status).toBe(200);
    expect(rosterResultSchema.safeParse(res.body).success).toBe(true);
    const issues = res.body.households.flatMap((h: { issues: unknown[] }) => h.issues);
    expect(issues.length).toBeGreaterThan(0);
    // Strictly: no issue field the schema does not name.
    for (const issue of issues) expect(issueSchema.strict().safeParse(issue).error).toBeUndefined();
    expect(issues).toContainEqual(
      expect.objectContaining({ field: 'housing_grade', sheet: 'households', row: expect.any(Number), columnIndex: expect.any(Number) }),
    );
  });

  it('answers an unreadable roster as results (validation is advice, not storage)', async () => {
    const res = await json(call('POST', '/api/v1/validate', { token: tokens.clerk, body: { households: [['x']] } }));
    expect(res.status).toBe(200);
    expect(res.body.unreadable).toBe(true);
  });

  it('answers 400 problem+json for malformed JSON, wrong types and a bad reference date', async () => {
    const malformed = await call('POST', '/api/v1/validate', { token: tokens.clerk, raw: '{"households": [[1,2]' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const wrong = await json(
      call('POST', '/api/v1/validate', { token: tokens.clerk, body: { households: [[{ nested: true }]], referenceDate: '2020-13-45' } }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['json.households.0.0', 'json.referenceDate']),
    );
  });
});

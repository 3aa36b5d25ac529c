import { beforeAll, describe, expect, it } from 'vitest';
import { call, CLERK_TOWNSHIP, json, makeTokens, seedDefault, storage, type Tokens } from './test/api';
import { townshipRoster } from './test/roster';
import { latestPeriodYear } from './periods/index';

// The loose edges found when the API was tried as a new user would (issue 15).
let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

const roster = townshipRoster(CLERK_TOWNSHIP, 1, 3);
const submit = (body: unknown, headers: Record<string, string> = {}) =>
  json(call('POST', '/api/v1/submissions', { token: tokens.clerk, body, headers }));
const count = async () =>
  (await storage().prepare('SELECT COUNT(*) AS n FROM submissions').first<{ n: number }>())!.n;

function expectProblem(res: { status: number; body: any; headers: Headers }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(res.body.en).toMatch(/[a-z]/);
}

describe('periods', () => {
  it('refuses a period after next year, saying why in both languages, and stores nothing', async () => {
    const before = await count();
    const res = await submit({ period: '2999-12', township: CLERK_TOWNSHIP, ...roster });
    expectProblem(res, 400);
    expect(res.body.errors[0].path).toBe('json.period');
    expect(res.body.errors[0].en).toMatch(/after next year/);
    expect(res.body.errors[0].zh).toMatch(/不能晚于明年/);
    expect(await count()).toBe(before);
    // Next year is still a period (a plan filed in December); the year after is not.
    expect((await submit({ period: String(latestPeriodYear() + 1), township: CLERK_TOWNSHIP, ...roster })).status).toBe(400);
    const reports = await json(call('GET', `/api/v1/reports/summary?period=${latestPeriodYear() + 1}`, { token: tokens.county }));
    expectProblem(reports, 400);
  });

  it('stores a period before the programme with a warning in the receipt', async () => {
    const res = await submit({ period: '1900', township: CLERK_TOWNSHIP, ...roster });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([expect.objectContaining({ code: 'period_before_programme' })]);
    expect(res.body.warnings[0].zh).toMatch(/1900/);
    const normal = await submit({ period: '2020', township: CLERK_TOWNSHIP, ...roster });
    expect(normal.status).toBe(201);
    expect(normal.body.warnings).toBeUndefined();
  });

  it('refuses dynamics whose from is not before to', async () => {
    for (const query of ['from=2020&to=2020', 'from=2021&to=2020', 'from=2020-06&to=2020']) {
      const res = await json(call('GET', `/api/v1/reports/dynamics?${query}`, { token: tokens.county }));
      expectProblem(res, 400);
      expect(res.body.zh).toMatch(/早于/);
    }
    expect((await call('GET', '/api/v1/reports/dynamics?from=1900&to=2020', { token: tokens.county })).status).toBe(200);
  });
});

describe('criteria versions are digits', () => {
  it.each(['0x1', '01', '%201', '1e0', '1.0', '-1', '0', '+1', '１'])('refuses /criteria/versions/%s', async (n) => {
    const res = await json(call('GET', `/api/v1/criteria/versions/${n}`, { token: tokens.county }));
    expectProblem(res, 400);
  });

  it('answers /criteria/versions/1', async () => {
    const res = await json(call('GET', '/api/v1/criteria/versions/1', { token: tokens.county }));
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
  });
});

describe('request bodies', () => {
  it('refuses a body declared in another charset than UTF-8 with 415, accepts utf-8 spelled any way', async () => {
    const before = await count();
    const body = { period: '2020', township: CLERK_TOWNSHIP, ...roster };
    expectProblem(await submit(body, { 'content-type': 'application/json; charset=gbk' }), 415);
    expectProblem(await submit(body, { 'content-type': 'application/json;charset="GB2312"' }), 415);
    expect(await count()).toBe(before);
    expect((await submit(body, { 'content-type': 'application/json; charset="UTF-8"' })).status).toBe(201);
  });

  async function compressed(body: unknown, format: CompressionFormat): Promise<Uint8Array> {
    const stream = new Blob([JSON.stringify(body)]).stream().pipeThrough(new CompressionStream(format));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  it('decodes a gzip or deflate body and stores the same submission as the plain one', async () => {
    const body = { period: '2021', township: CLERK_TOWNSHIP, ...roster };
    for (const format of ['gzip', 'deflate'] as const) {
      const res = await json(
        call('POST', '/api/v1/submissions', {
          token: tokens.clerk,
          raw: (await compressed(body, format)) as unknown as string,
          headers: { 'content-encoding': format, 'idempotency-key': `gz-${format}` },
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ period: '2021', township: CLERK_TOWNSHIP, households: 3, persons: 9 });
    }
  });

  it('refuses what cannot be decoded (400) and codings it does not read (415), storing nothing', async () => {
    const before = await count();
    const body = { period: '2022', township: CLERK_TOWNSHIP, ...roster };
    const plain = JSON.stringify(body);
    expectProblem(await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, raw: plain, headers: { 'content-encoding': 'gzip' } })), 400);
    const truncated = (await compressed(body, 'gzip')).slice(0, 40);
    expectProblem(
      await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, raw: truncated as unknown as string, headers: { 'content-encoding': 'gzip' } })),
      400,
    );
    expectProblem(await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, raw: plain, headers: { 'content-encoding': 'br' } })), 415);
    expectProblem(await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, raw: plain, headers: { 'content-encoding': 'gzip, gzip' } })), 415);
    expect(await count()).toBe(before);
  });

  it('applies the body limit to the decoded bytes (a small gzip of a huge body is refused)', async () => {
    const huge = { period: '2020', township: CLERK_TOWNSHIP, households: [['x'.repeat(1000)]], pad: ' '.repeat(25 * 2 ** 20) };
    const res = await json(
      call('POST', '/api/v1/submissions', {
        token: tokens.clerk,
        raw: (await compressed(huge, 'gzip')) as unknown as string,
        headers: { 'content-encoding': 'gzip' },
      }),
    );
    expectProblem(res, 413);
  });
});

describe('query parameters', () => {
  it('refuses unknown ones, naming them, on routes with and without a query', async () => {
    const summary = await json(call('GET', `/api/v1/reports/summary?period=2020&township=${encodeURIComponent('江边乡')}`, { token: tokens.county }));
    expectProblem(summary, 400);
    expect(summary.body.errors).toEqual([expect.objectContaining({ path: 'query.township' })]);
    expectProblem(await json(call('GET', '/api/v1/criteria?verbose=1', { token: tokens.county })), 400);
    expectProblem(await json(call('GET', '/api/v1/criteria/versions/1?x=', { token: tokens.county })), 400);
    expectProblem(await json(call('POST', '/api/v1/submissions?dryRun=true', { token: tokens.clerk, body: { period: '2020', township: CLERK_TOWNSHIP, ...roster } })), 400);
    expect((await call('GET', '/api/v1/reports/summary?period=2020&format=csv', { token: tokens.county })).status).toBe(200);
  });
});

describe('/api/docs', () => {
  it('serves Swagger UI with its script and CSS from the Worker, no CDN', async () => {
    const page = await call('GET', '/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/cdn\.|jsdelivr|unpkg|https?:\/\//);
    const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(2);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/api\/docs\/assets\/\d+\.\d+\.\d+\//);
      const res = await call('GET', asset);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect((await res.text()).length).toBeGreaterThan(100_000);
    }
  });
});

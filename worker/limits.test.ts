import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { EXCEL_MAX_ROWS } from './openapi/schemas';
import { call, json, makeTokens, seedDefault, type Tokens } from './test/api';

let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

describe('body limit', () => {
  it('answers 413 problem+json over the default 20 MB', async () => {
    const huge = JSON.stringify({ households: [['x'.repeat(21 * 1024 * 1024)]] });
    const res = await json(call('POST', '/api/v1/validate', { token: tokens.county, raw: huge }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 413, zh: expect.any(String), en: expect.any(String) });
  });

  it('follows BODY_LIMIT_BYTES, also for a streamed body without Content-Length', async () => {
    const app = createApp();
    const small = { ...env, BODY_LIMIT_BYTES: '1000' };
    const body = JSON.stringify({ households: [['x'.repeat(2000)]] });
    const headers = { authorization: `Bearer ${tokens.county}`, 'content-type': 'application/json' };
    const sized = await app.request('/api/v1/validate', { method: 'POST', headers, body }, small);
    expect(sized.status).toBe(413);
    const stream = new Blob([body]).stream();
    const streamed = await app.request('/api/v1/validate', { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit, small);
    expect(streamed.status).toBe(413);
    expect(streamed.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('table size', () => {
  it('answers 400 with zh and en for a table longer than an Excel worksheet', async () => {
    const rows = Array.from({ length: EXCEL_MAX_ROWS + 1 }, () => []);
    const res = await json(call('POST', '/api/v1/validate', { token: tokens.county, body: { households: rows } }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        path: 'json.households',
        zh: '户表：工作表最多 1,048,576 行（Excel 的上限）',
        en: expect.stringContaining('1,048,576 rows'),
      }),
    ]);
  });
});

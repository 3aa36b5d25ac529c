import { beforeAll, describe, expect, it } from 'vitest';
import { call, json, makeTokens, seedDefault, type Tokens } from './test/api';

let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

describe('app', () => {
  it('answers /healthz without a token', async () => {
    expect(await json(call('GET', '/healthz'))).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and Swagger UI', async () => {
    const { status, body } = await json(call('GET', '/api/openapi.json'));
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/criteria',
      '/api/v1/criteria/versions',
      '/api/v1/criteria/versions/{n}',
      '/api/v1/criteria/preview',
      '/api/v1/validate',
      '/api/v1/submissions',
      '/api/v1/reports/summary',
      '/api/v1/reports/issues',
      '/api/v1/reports/duplicates',
      '/api/v1/reports/dynamics',
      '/api/v1/admin/tokens',
      '/api/v1/admin/tokens/{id}',
      '/api/v1/admin/townships',
      '/api/v1/reports/trend',
      '/api/v1/submissions/rescore',
    ]) {
      expect(body.paths, path).toHaveProperty([path]);
    }
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Every operation with a JSON body documents the body limit and a body that is not JSON.
    const withBody = Object.entries(body.paths as Record<string, Record<string, { requestBody?: unknown; responses: object }>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops).flatMap(([method, op]) => (op.requestBody ? [[`${method} ${path}`, op.responses] as const] : [])),
    );
    expect(withBody.map(([name]) => name).sort()).toEqual(
      [
        'post /api/v1/admin/tokens',
        'post /api/v1/criteria/preview',
        'post /api/v1/submissions',
        'post /api/v1/submissions/rescore',
        'post /api/v1/validate',
        'put /api/v1/criteria',
      ].sort(),
    );
    for (const [name, responses] of withBody) expect(Object.keys(responses), name).toEqual(expect.arrayContaining(['413', '415']));
    const docs = await call('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/openapi.json');
  });

  it('answers 401 problem+json without a token or with a bad one', async () => {
    for (const token of [undefined, 'rc_not-a-real-token']) {
      const res = await call('GET', '/api/v1/criteria', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(body.zh).toEqual(expect.any(String));
      expect(body.en).toEqual(expect.any(String));
    }
    const malformed = await call('GET', '/api/v1/criteria', { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
  });

  it('answers unknown paths with a 404 problem', async () => {
    const res = await call('GET', '/api/v1/nothing-here', { token: tokens.county });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('allows CORS only for the configured add-in origin', async () => {
    const allowed = await call('OPTIONS', '/api/v1/criteria', {
      headers: { origin: 'https://addin.example.test', 'access-control-request-method': 'PUT' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://addin.example.test');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('If-Match');
    const refused = await call('OPTIONS', '/api/v1/criteria', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const get = await call('GET', '/api/v1/criteria', { token: tokens.clerk, headers: { origin: 'https://addin.example.test' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://addin.example.test');
    expect(get.headers.get('access-control-expose-headers')).toContain('ETag');
  });

  it('sets secure headers', async () => {
    const res = await call('GET', '/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
  });
});

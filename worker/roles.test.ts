import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCriteria } from '../core/index';
import { call, CLERK_TOWNSHIP, makeTokens, OTHER_TOWNSHIP, seedDefault, storage, type Tokens } from './test/api';
import { townshipRoster } from './test/roster';
import { createToken } from './tokens/index';

/**
 * The whole role matrix: every endpoint × (no token, clerk, county, admin) → the status expected.
 * A clerk's own-township requests succeed; other townships are 403 (see `clerkElsewhere`).
 */
type Who = 'anon' | 'clerk' | 'county' | 'admin';

interface Case {
  name: string;
  method: string;
  path: string;
  body?: () => unknown | Promise<unknown>;
  headers?: Record<string, string>;
  expect: Record<Who, number>;
}

let tokens: Tokens;
const roster = townshipRoster(CLERK_TOWNSHIP, 1, 2);

beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
  const res = await call('POST', '/api/v1/submissions', { token: tokens.county, body: { period: '2020', township: CLERK_TOWNSHIP, ...roster } });
  expect(res.status).toBe(201);
  const other = townshipRoster(OTHER_TOWNSHIP, 10, 1);
  expect((await call('POST', '/api/v1/submissions', { token: tokens.county, body: { period: '2021', township: OTHER_TOWNSHIP, ...other } })).status).toBe(201);
  expect((await call('POST', '/api/v1/submissions', { token: tokens.county, body: { period: '2021', township: CLERK_TOWNSHIP, ...roster } })).status).toBe(201);
});

const cases: Case[] = [
  { name: 'criteria', method: 'GET', path: '/api/v1/criteria', expect: { anon: 401, clerk: 200, county: 200, admin: 200 } },
  { name: 'versions', method: 'GET', path: '/api/v1/criteria/versions', expect: { anon: 401, clerk: 200, county: 200, admin: 200 } },
  { name: 'version n', method: 'GET', path: '/api/v1/criteria/versions/1', expect: { anon: 401, clerk: 200, county: 200, admin: 200 } },
  {
    name: 'put criteria',
    method: 'PUT',
    path: '/api/v1/criteria',
    headers: { 'if-match': '*' },
    body: () => ({ document: defaultCriteria, note: 'matrix' }),
    expect: { anon: 401, clerk: 403, county: 200, admin: 200 },
  },
  {
    name: 'preview',
    method: 'POST',
    path: '/api/v1/criteria/preview',
    body: () => ({ period: '2020', document: defaultCriteria }),
    expect: { anon: 401, clerk: 403, county: 200, admin: 403 },
  },
  {
    name: 'validate',
    method: 'POST',
    path: '/api/v1/validate',
    body: () => ({ households: roster.households }),
    expect: { anon: 401, clerk: 200, county: 200, admin: 200 },
  },
  {
    name: 'submit own township',
    method: 'POST',
    path: '/api/v1/submissions',
    body: () => ({ period: '2020', township: CLERK_TOWNSHIP, ...roster }),
    expect: { anon: 401, clerk: 201, county: 201, admin: 403 },
  },
  {
    name: 'submit other township',
    method: 'POST',
    path: '/api/v1/submissions',
    body: () => ({ period: '2020', township: OTHER_TOWNSHIP, ...townshipRoster(OTHER_TOWNSHIP, 20, 1) }),
    expect: { anon: 401, clerk: 403, county: 201, admin: 403 },
  },
  { name: 'list submissions', method: 'GET', path: '/api/v1/submissions?period=2020', expect: { anon: 401, clerk: 200, county: 200, admin: 403 } },
  {
    name: 'list other township',
    method: 'GET',
    path: `/api/v1/submissions?township=${encodeURIComponent(OTHER_TOWNSHIP)}`,
    expect: { anon: 401, clerk: 403, county: 200, admin: 403 },
  },
  { name: 'summary', method: 'GET', path: '/api/v1/reports/summary?period=2020', expect: { anon: 401, clerk: 403, county: 200, admin: 403 } },
  { name: 'summary csv', method: 'GET', path: '/api/v1/reports/summary?period=2020&format=csv', expect: { anon: 401, clerk: 403, county: 200, admin: 403 } },
  { name: 'issues', method: 'GET', path: '/api/v1/reports/issues?period=2020', expect: { anon: 401, clerk: 200, county: 200, admin: 403 } },
  {
    name: 'issues other township',
    method: 'GET',
    path: `/api/v1/reports/issues?period=2021&township=${encodeURIComponent(OTHER_TOWNSHIP)}`,
    expect: { anon: 401, clerk: 403, county: 200, admin: 403 },
  },
  { name: 'duplicates', method: 'GET', path: '/api/v1/reports/duplicates?period=2020', expect: { anon: 401, clerk: 403, county: 200, admin: 403 } },
  { name: 'dynamics', method: 'GET', path: '/api/v1/reports/dynamics?from=2020&to=2021', expect: { anon: 401, clerk: 403, county: 200, admin: 403 } },
  {
    name: 'create token',
    method: 'POST',
    path: '/api/v1/admin/tokens',
    body: () => ({ role: 'county', label: 'matrix' }),
    expect: { anon: 401, clerk: 403, county: 403, admin: 201 },
  },
  { name: 'list tokens', method: 'GET', path: '/api/v1/admin/tokens', expect: { anon: 401, clerk: 403, county: 403, admin: 200 } },
  { name: 'audit log', method: 'GET', path: '/api/v1/admin/audit', expect: { anon: 401, clerk: 403, county: 403, admin: 200 } },
  { name: 'revoke token', method: 'DELETE', path: '/api/v1/admin/tokens/{fresh}', expect: { anon: 401, clerk: 403, county: 403, admin: 204 } },
  { name: 'healthz', method: 'GET', path: '/healthz', expect: { anon: 200, clerk: 200, county: 200, admin: 200 } },
  { name: 'openapi', method: 'GET', path: '/api/openapi.json', expect: { anon: 200, clerk: 200, county: 200, admin: 200 } },
];

describe('role matrix', () => {
  const whos: Who[] = ['anon', 'clerk', 'county', 'admin'];
  for (const c of cases) {
    for (const who of whos) {
      it(`${c.name} as ${who} → ${c.expect[who]}`, async () => {
        let path = c.path;
        if (path.includes('{fresh}')) {
          const fresh = await createToken(storage(), { role: 'county', label: 'to revoke' });
          path = path.replace('{fresh}', fresh.id);
        }
        const token = who === 'anon' ? undefined : tokens[who];
        const res = await call(c.method, path, { token, body: c.body ? await c.body() : undefined, headers: c.headers });
        expect(res.status, await res.clone().text()).toBe(c.expect[who]);
        if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
      });
    }
  }
});

import { createApp } from '../../worker/app';
import { d1Storage } from '../../worker/storage/index';
import { createToken } from '../../worker/tokens/index';
import { townshipRoster } from '../../worker/test/roster';
import { prepareDatabase } from '../bootstrap';
import type { NodeDatabase } from '../storage/d1-compatible';

/**
 * A small county for the self-hosting tests: two periods of two townships through the Worker's
 * own app (a failing indicator, an error, a person listed in both townships, a household gone),
 * and every report a county reads, for comparing two hosts' answers.
 */

const CLERK_TOWNSHIP = '新哨镇';
const OTHER_TOWNSHIP = '虹溪镇';

export const SECRET = 'self-hosting-test-key-0123456789abcdef';

export function call(db: NodeDatabase, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  const app = createApp();
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return Promise.resolve(
    app.fetch(
      new Request(`https://roster.test${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
      { DB: db.asD1(), ID_HMAC_KEY: SECRET },
      { waitUntil() {}, passThroughOnException() {}, props: {} } as never,
    ),
  );
}

/** Prepares an empty database and fills it with the county's submissions; returns a county token. */
export async function fillCounty(db: NodeDatabase): Promise<string> {
  await prepareDatabase(db, { algorithm: 'HMAC-SHA256' });
  const county = (await createToken(d1Storage(db.asD1()), { role: 'county', label: '县 county' })).token;
  const first = townshipRoster(CLERK_TOWNSHIP, 10, 6, (n) => (n === 12 ? { housing_grade: 'D' } : n === 13 ? { labor_count: 9 } : {}));
  const other = townshipRoster(OTHER_TOWNSHIP, 30, 4);
  // The head of household 10 is also a member of household 31 in the other township.
  other.members[3][2] = first.households[2][4];
  const later = townshipRoster(CLERK_TOWNSHIP, 10, 5, (n) => (n === 11 ? { status: '未脱贫', exit_year: null, per_capita_income: 3000 } : {}));
  for (const [period, township, roster] of [
    ['2023', CLERK_TOWNSHIP, first],
    ['2023', OTHER_TOWNSHIP, other],
    ['2024', CLERK_TOWNSHIP, later],
    ['2024', OTHER_TOWNSHIP, other],
  ] as const) {
    const res = await call(db, county, 'POST', '/api/v1/submissions', { period, township, ...roster });
    if (res.status !== 201) throw new Error(`submission ${period} ${township}: ${res.status} ${await res.text()}`);
  }
  return county;
}

/** Every report of the county, as the API answers them (ids and times left out: they are the data's own). */
export async function countyReports(db: NodeDatabase, token: string): Promise<Record<string, unknown>> {
  const paths = [
    '/api/v1/reports/summary?period=2023',
    '/api/v1/reports/summary?period=2024',
    '/api/v1/reports/issues?period=2024',
    '/api/v1/reports/duplicates?period=2023',
    '/api/v1/reports/dynamics?from=2023&to=2024',
    '/api/v1/submissions',
    '/api/v1/reports/summary?period=2024&format=csv',
  ];
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const res = await call(db, token, 'GET', path);
    const text = await res.text();
    out[path] = { status: res.status, body: path.includes('csv') ? text : JSON.parse(text) };
  }
  return out;
}

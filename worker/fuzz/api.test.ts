import { createExecutionContext, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { CLERK_TOWNSHIP, makeTokens, seedDefault, storage, type Tokens } from '../test/api';
import { townshipRoster } from '../test/roster';
import { installChangeCounter, tablesDigest } from './digest';
import { type Caller, type FuzzRequest, generateRequests, operationsOf } from './requests';

// ≥ 10,000 generated requests per run (FUZZ_REQUESTS raises it: `npm run fuzz -- 100000`;
// FUZZ_SEED repeats a run). Printed as one line the fuzz bench reads: "fuzz: {...}".
const REQUESTS = Number((env as { FUZZ_REQUESTS?: string }).FUZZ_REQUESTS) || 10_000;
const SEED = Number((env as { FUZZ_SEED?: string }).FUZZ_SEED) || Date.now() % 2 ** 31;
/** Requests between two full digests of every table when nothing was accepted in between. */
const DIGEST_EVERY = 1000;

const app = createApp();
let tokens: Tokens;
let document: Record<string, any>;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
  document = await (await SELF.fetch('https://roster.test/api/openapi.json')).json();
});

function authorization(caller: Caller, i: number): string | undefined {
  switch (caller) {
    case 'anon':
      return undefined;
    case 'forged':
      return `Bearer rc_${'A'.repeat(43 - String(i).length)}${i}`;
    case 'malformed':
      return ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer  ', `bearer ${tokens.county} extra`, 'Token x'][i % 5];
    default:
      return `Bearer ${tokens[caller]}`;
  }
}

async function send(request: FuzzRequest, i: number): Promise<Response> {
  const headers = new Headers(request.headers);
  const auth = authorization(request.caller, i);
  if (auth) headers.set('authorization', auth);
  // Its own address per request, as the fuzzed callers are many (the failed-auth limit is per address).
  headers.set('cf-connecting-ip', `198.19.${(i >> 8) & 255}.${i & 255}`);
  // Straight into the Hono app, in this isolate: no HTTP hop per request.
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://roster.test${request.url}`, { method: request.method, headers, body: request.body }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const CJK = /[\u4e00-\u9fff]/;

describe(`fuzz: ${REQUESTS} requests from the OpenAPI document (seed ${SEED})`, () => {
  it('never answers 5xx, answers every error as problem+json in zh and en, and a refused request changes nothing', async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(14);
    const requests = generateRequests(
      { operations, components: document.components?.schemas ?? {}, roster: townshipRoster(CLERK_TOWNSHIP, 1, 3), township: CLERK_TOWNSHIP },
      REQUESTS,
      SEED,
    );
    const changes = await installChangeCounter(storage());
    const byStatus: Record<number, number> = {};
    const byOperation: Record<string, number> = {};
    const failures: string[] = [];
    let count = await changes();
    let digest = await tablesDigest(storage());
    let acceptedSinceDigest = false;
    let fiveHundreds = 0;
    const started = performance.now();
    let refusedChecked = 0;

    for (let i = 0; i < requests.length; i++) {
      const request = requests[i];
      const res = await send(request, i);
      const text = await res.text();
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      byOperation[request.operation] = (byOperation[request.operation] ?? 0) + 1;
      const what = () => `${request.caller} ${request.method} ${request.url.slice(0, 120)} ${String(request.body ?? '').slice(0, 160)} → ${res.status} ${text.slice(0, 200)}`;
      if (res.status >= 500) {
        fiveHundreds++;
        failures.push(`5xx: ${what()}`);
      }
      if (res.status >= 400) {
        let problem: { zh?: unknown; en?: unknown; status?: unknown } = {};
        try {
          problem = JSON.parse(text);
        } catch {
          // checked below
        }
        const ok =
          res.headers.get('content-type') === 'application/problem+json' &&
          typeof problem.zh === 'string' && CJK.test(problem.zh) &&
          typeof problem.en === 'string' && problem.en.length > 0 &&
          problem.status === res.status;
        if (!ok) failures.push(`not problem+json zh/en: ${what()}`);
      }
      const now = await changes();
      const accepted = res.status < 300 && request.method !== 'GET';
      if (now !== count && !accepted) failures.push(`a ${res.status} changed the database: ${what()}`);
      if (!accepted) refusedChecked++;
      acceptedSinceDigest ||= accepted;
      count = now;
      if (i % DIGEST_EVERY === DIGEST_EVERY - 1 || i === requests.length - 1) {
        const next = await tablesDigest(storage());
        if (!acceptedSinceDigest) expect(next, `tables changed in requests ${i - DIGEST_EVERY + 1}…${i}, none accepted`).toEqual(digest);
        digest = next;
        acceptedSinceDigest = false;
      }
      if (failures.length >= 20) break;
      if (i % 1000 === 999) console.log(`fuzz: ${i + 1} requests, ${Math.round(performance.now() - started)} ms`);
    }

    const summary = { requests: requests.length, fiveHundreds, byStatus, refusedChecked, operations: Object.keys(byOperation).length, seed: SEED };
    console.log(`fuzz: ${JSON.stringify(summary)}`);
    console.log(`fuzz by status: ${Object.entries(byStatus).map(([s, n]) => `${s}: ${n}`).join(', ')}`);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(Object.keys(byOperation).sort()).toEqual(operations.map((op) => `${op.method} ${op.path}`).sort());
    // Enough of them got past authentication and validation to reach the handlers.
    expect((byStatus[200] ?? 0) + (byStatus[201] ?? 0)).toBeGreaterThan(REQUESTS / 50);
  }, 1_800_000);
});

import { describe, expect, it } from 'vitest';
import { ApiError, apiClient, NetworkError } from './api';
import { explainFailure } from './explain';
import { translator } from './i18n';

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

const problem = (status: number, type: string, zh = '原因', en = 'reason') =>
  new Response(JSON.stringify({ type: `https://roster-check.invalid/problems/${type}`, status, zh, en }), { status, headers: { 'Content-Type': 'application/problem+json' } });

describe('the pane API client', () => {
  it('caches criteria, revalidates with If-None-Match, falls back to the cache offline', async () => {
    const store = memoryStore();
    const seen: (string | null)[] = [];
    let online = true;
    const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
      if (!online) throw new TypeError('Failed to fetch');
      const inm = new Headers(init?.headers).get('If-None-Match');
      seen.push(inm);
      if (inm === '"v3"') return new Response(null, { status: 304 });
      return new Response(JSON.stringify({ version: 3, profile: 'default', createdAt: '2026-01-01T00:00:00Z', document: { a: 1 } }), { headers: { ETag: '"v3"' } });
    };
    const api = apiClient({ baseUrl: 'https://w.test', token: 't', storage: store, fetch: fetch as typeof globalThis.fetch });
    expect((await api.criteria()).source).toBe('server');
    const again = await api.criteria();
    expect(again).toMatchObject({ source: 'server', criteria: { version: 3 } });
    expect(seen).toEqual([null, '"v3"']);
    online = false;
    expect(await api.criteria()).toMatchObject({ source: 'cached', criteria: { version: 3 } });
    const fresh = apiClient({ baseUrl: 'https://w.test', token: 't', storage: memoryStore(), fetch: fetch as typeof globalThis.fetch });
    expect(await fresh.criteria()).toEqual({ source: 'builtin', criteria: null });
  });

  it('retries a submission after network failures with the same Idempotency-Key, token only in the header', async () => {
    const calls: { url: string; key: string | null; auth: string | null }[] = [];
    let failures = 2;
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      const h = new Headers(init?.headers);
      calls.push({ url: String(url), key: h.get('Idempotency-Key'), auth: h.get('Authorization') });
      if (failures-- > 0) throw new TypeError('network down');
      return new Response(JSON.stringify({ id: 's1', households: 3 }), { status: 201 });
    };
    const waits: number[] = [];
    const api = apiClient({ baseUrl: 'https://w.test/', token: 'rc_secret', storage: memoryStore(), fetch: fetch as typeof globalThis.fetch, sleep: async (ms) => void waits.push(ms) });
    const { receipt } = await api.submit('{"period":"2020"}');
    expect(receipt.id).toBe('s1');
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
    expect(calls.every((c) => c.auth === 'Bearer rc_secret' && c.url === 'https://w.test/api/v1/submissions')).toBe(true);
    expect(waits).toEqual([1000, 2000]);
  });

  it('gives up after the last retry with a network error', async () => {
    const fetch = async () => {
      throw new TypeError('down');
    };
    const api = apiClient({ baseUrl: 'https://w.test', token: 't', storage: memoryStore(), fetch: fetch as typeof globalThis.fetch, retryDelays: [1], sleep: async () => {} });
    await expect(api.submit('{}')).rejects.toBeInstanceOf(NetworkError);
  });

  it('turns 401/403/413/422 into sentences a clerk understands', async () => {
    const t = translator('zh');
    const refusal = async (response: Response) => {
      const api = apiClient({ baseUrl: 'https://w.test', token: 't', storage: memoryStore(), fetch: (async () => response) as typeof globalThis.fetch });
      return api.submit('{}').catch((e: unknown) => e);
    };
    const e401 = await refusal(problem(401, 'unauthorized'));
    expect(e401).toBeInstanceOf(ApiError);
    expect(explainFailure(e401, t, 'zh')).toContain('访问令牌无效或已被撤销');
    expect(explainFailure(await refusal(problem(403, 'forbidden_township', '只能提交本乡镇')), t, 'zh')).toContain('只能上报本乡镇的数据');
    expect(explainFailure(await refusal(problem(413, 'payload_too_large')), t, 'zh')).toContain('花名册太大');
    const e422 = explainFailure(await refusal(problem(422, 'unreadable_roster', '花名册无法读取（找不到表头）', 'cannot be read')), t, 'zh');
    expect(e422).toContain('服务器不能接受这份花名册');
    expect(e422).toContain('找不到表头');
    expect(explainFailure(await refusal(problem(422, 'x', '中', 'the reason')), translator('en'), 'en')).toContain('the reason');
    expect(explainFailure(new NetworkError('x'), t, 'zh')).toContain('无法连接服务器');
  });
});

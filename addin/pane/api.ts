/**
 * The pane's client of the Worker API: who the token is, the current criteria (cached, fetched
 * with If-None-Match), and submissions with an Idempotency-Key and retries on network failure.
 * The token only ever travels in the Authorization header — never in a URL, never logged.
 *
 * @example
 * const api = apiClient({ baseUrl: location.origin, token, storage: localStorage });
 * const criteria = await api.criteria();   // { source: 'server' | 'cached' | 'builtin', ... }
 */
export interface Principal {
  role: 'clerk' | 'county' | 'admin';
  township: string | null;
  label: string | null;
}

export interface StoredCriteria {
  version: number;
  profile: string;
  createdAt: string;
  document: unknown;
  etag: string | null;
}

export interface CriteriaChoice {
  source: 'server' | 'cached' | 'builtin';
  criteria: StoredCriteria | null;
}

/** A refusal from the server (problem+json), with its status and bilingual text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { zh: string; en: string } | null,
    readonly details: { zh: string; en: string }[],
  ) {
    super(`HTTP ${status} ${code}`);
    this.name = 'ApiError';
  }
}

/** The network failed (no answer at all): retrying may help. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(`network failure: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NetworkError';
  }
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ApiOptions {
  baseUrl: string;
  token: string;
  storage: KeyValueStore;
  fetch?: typeof fetch;
  /** Waits between submission retries in ms (default 1 s, 2 s, 4 s, 8 s). */
  retryDelays?: number[];
  sleep?: (ms: number) => Promise<void>;
}

export interface Receipt {
  id: string;
  period: string;
  township: string;
  criteriaVersion: number;
  profile: string;
  households: number;
  persons: number;
  rowsWithErrors: number;
  sheetIssues: { sheet: string; rule: string; message: { zh: string; en: string }; fatal: boolean }[];
  summary: unknown;
}

const CRITERIA_CACHE = 'roster-check.criteria';

export async function problemOf(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  const code = typeof body.type === 'string' ? body.type.split('/').pop()! : String(response.status);
  const text = typeof body.zh === 'string' && typeof body.en === 'string' ? { zh: body.zh, en: body.en } : null;
  const errors = Array.isArray(body.errors) ? (body.errors as { zh?: string; en?: string }[]) : [];
  const details = errors.filter((e) => e.zh && e.en).map((e) => ({ zh: e.zh!, en: e.en! }));
  return new ApiError(response.status, code, text, details);
}

export function apiClient(options: ApiOptions) {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const delays = options.retryDelays ?? [1000, 2000, 4000, 8000];

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
    try {
      return await doFetch(`${base}${path}`, { ...init, headers, cache: 'no-store' });
    } catch (error) {
      throw new NetworkError(error);
    }
  }

  function cached(): StoredCriteria | null {
    try {
      const raw = options.storage.getItem(CRITERIA_CACHE);
      return raw ? (JSON.parse(raw) as StoredCriteria) : null;
    } catch {
      return null;
    }
  }

  return {
    async me(): Promise<Principal> {
      const response = await request('/api/v1/me');
      if (!response.ok) throw await problemOf(response);
      return (await response.json()) as Principal;
    },

    /**
     * The current criteria: from the server (304 → the cached copy), else the cached copy,
     * else null (the caller uses core's built-in default). Says which.
     */
    async criteria(): Promise<CriteriaChoice> {
      const saved = cached();
      let response: Response;
      try {
        response = await request('/api/v1/criteria', { headers: saved?.etag ? { 'If-None-Match': saved.etag } : {} });
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        return { source: saved ? 'cached' : 'builtin', criteria: saved };
      }
      if (response.status === 304 && saved) return { source: 'server', criteria: saved };
      if (!response.ok) {
        // 401 and friends are the clerk's to fix; a server failure falls back like offline.
        if (response.status >= 500) return { source: saved ? 'cached' : 'builtin', criteria: saved };
        throw await problemOf(response);
      }
      const body = (await response.json()) as Omit<StoredCriteria, 'etag'>;
      const criteria: StoredCriteria = { ...body, etag: response.headers.get('ETag') };
      options.storage.setItem(CRITERIA_CACHE, JSON.stringify(criteria));
      return { source: 'server', criteria };
    },

    /**
     * POST /api/v1/submissions (`json`: period, township, households, members) with one Idempotency-Key for every attempt: a retry after a
     * network failure can never store the roster twice.
     */
    async submit(json: string, hooks: { onAttempt?: (n: number) => void; onRetry?: (waitMs: number) => void } = {}) {
      const key = crypto.randomUUID();
      for (let attempt = 0; ; attempt++) {
        hooks.onAttempt?.(attempt + 1);
        try {
          const response = await request('/api/v1/submissions', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body: json,
          });
          if (response.status >= 500 && response.status !== 501 && attempt < delays.length) {
            hooks.onRetry?.(delays[attempt]);
            await sleep(delays[attempt]);
            continue;
          }
          if (!response.ok) throw await problemOf(response);
          return { receipt: (await response.json()) as Receipt, replayed: response.headers.get('Idempotent-Replayed') === 'true', key };
        } catch (error) {
          if (!(error instanceof NetworkError) || attempt >= delays.length) throw error;
          hooks.onRetry?.(delays[attempt]);
          await sleep(delays[attempt]);
        }
      }
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/**
 * County mode's client of the Worker API: criteria versions and publishing with If-Match, the
 * impact preview, re-scoring (called again until done), the county reports and token admin.
 * Refusals arrive as the pane's ApiError (problem+json), network failures as NetworkError; the
 * token travels only in the Authorization header.
 *
 * @example
 * const api = countyApi({ baseUrl: location.origin, token });
 * const summary = await api.summary('2024');
 */
import { ApiError, NetworkError, problemOf } from '../pane/api';
import type {
  CriteriaPreview,
  CriteriaVersionInfo,
  DuplicatesReport,
  DynamicsReport,
  RectificationReport,
  RescoreOutcome,
  SummaryReport,
  TokenInfo,
  TownshipTokens,
  TrendReport,
} from './types';

export interface CountyApiOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/** A stored criteria version with its document and the ETag to publish against. */
export interface CriteriaDocumentVersion extends CriteriaVersionInfo {
  document: Record<string, unknown>;
  etag: string;
}

export type PublishOutcome =
  | { ok: true; version: CriteriaVersionInfo; etag: string }
  /** Someone else published first (412): the version now current. */
  | { ok: false; current: CriteriaDocumentVersion };

export function countyApi(options: CountyApiOptions) {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
    if (init.body !== undefined) headers.set('Content-Type', 'application/json');
    try {
      return await doFetch(`${base}${path}`, { ...init, headers, cache: 'no-store' });
    } catch (error) {
      throw new NetworkError(error);
    }
  }

  async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await request(path, init);
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as T;
  }

  const query = (values: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined)).toString();

  async function criteria(): Promise<CriteriaDocumentVersion> {
    const response = await request('/api/v1/criteria');
    if (!response.ok) throw await problemOf(response);
    return { ...((await response.json()) as CriteriaDocumentVersion), etag: response.headers.get('ETag') ?? '' };
  }

  return {
    criteria,
    versions: () => json<CriteriaVersionInfo[]>('/api/v1/criteria/versions'),
    async version(n: number): Promise<CriteriaDocumentVersion> {
      const response = await request(`/api/v1/criteria/versions/${n}`);
      if (!response.ok) throw await problemOf(response);
      return { ...((await response.json()) as CriteriaDocumentVersion), etag: response.headers.get('ETag') ?? '' };
    },
    /** PUT with If-Match; a 412 answers the version now current instead of throwing. */
    async publish(document: unknown, note: string, etag: string): Promise<PublishOutcome> {
      const response = await request('/api/v1/criteria', {
        method: 'PUT',
        headers: { 'If-Match': etag },
        body: JSON.stringify({ document, ...(note ? { note } : {}) }),
      });
      if (response.status === 412) return { ok: false, current: await criteria() };
      if (!response.ok) throw await problemOf(response);
      return { ok: true, version: (await response.json()) as CriteriaVersionInfo, etag: response.headers.get('ETag') ?? '' };
    },
    preview: (document: unknown, period: string) =>
      json<CriteriaPreview>('/api/v1/criteria/preview', { method: 'POST', body: JSON.stringify({ document, period }) }),
    /** Re-scores the period, one request after another until the Worker says it is done. */
    async rescore(period: string, onProgress?: (outcome: RescoreOutcome, total: RescoreOutcome) => void): Promise<RescoreOutcome> {
      let total: RescoreOutcome | null = null;
      for (let round = 0; round < 1000; round++) {
        const outcome = await json<RescoreOutcome>('/api/v1/submissions/rescore', { method: 'POST', body: JSON.stringify({ period }) });
        total = total
          ? {
              ...outcome,
              rescored: [...total.rescored, ...outcome.rescored],
              skipped: [...total.skipped, ...outcome.skipped],
              statements: total.statements + outcome.statements,
            }
          : outcome;
        onProgress?.(outcome, total);
        if (outcome.done) return total;
        // No progress at all would loop for ever: only skipped townships are left.
        if (outcome.rescored.length === 0 && outcome.skipped.length === 0) break;
      }
      return total!;
    },
    summary: (period: string) => json<SummaryReport>(`/api/v1/reports/summary?${query({ period })}`),
    issues: (period: string, township?: string) => json<RectificationReport>(`/api/v1/reports/issues?${query({ period, township })}`),
    duplicates: (period: string) => json<DuplicatesReport>(`/api/v1/reports/duplicates?${query({ period })}`),
    dynamics: (from: string, to: string) => json<DynamicsReport>(`/api/v1/reports/dynamics?${query({ from, to })}`),
    trend: (from: string, to: string, township?: string) => json<TrendReport>(`/api/v1/reports/trend?${query({ from, to, township })}`),
    tokens: () => json<TokenInfo[]>('/api/v1/admin/tokens'),
    createToken: (body: { role: 'clerk' | 'county' | 'admin'; township?: string; label: string; expiresAt?: string }) =>
      json<TokenInfo & { token: string }>('/api/v1/admin/tokens', { method: 'POST', body: JSON.stringify(body) }),
    async revokeToken(id: string): Promise<void> {
      const response = await request(`/api/v1/admin/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
      if (!response.ok) throw await problemOf(response);
    },
    townshipTokens: () => json<{ townships: TownshipTokens[]; withoutToken: string[] }>('/api/v1/admin/townships'),
  };
}

export type CountyApi = ReturnType<typeof countyApi>;
export { ApiError, NetworkError };

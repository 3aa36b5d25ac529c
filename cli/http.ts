import { say, type Lang } from './i18n';

/**
 * The county service's API as the command line uses it: bearer token, problem+json errors shown
 * in the reader's language, retries where a request is safe to repeat. The token is sent, never
 * printed: errors quote the server's answer, not the request.
 */

export interface ServiceOptions {
  server: string;
  token: string;
  lang: Lang;
  /** Printed before each retry (stderr). */
  onRetry?: (line: string) => void;
  /** For tests: waits between retries. */
  sleep?: (ms: number) => Promise<void>;
}

export class ServiceError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(message: string, status: number, body: unknown) {
    super(message);
    this.name = 'ServiceError';
    this.status = status;
    this.body = body;
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Retry network failures, 429 and 5xx (only for requests safe to repeat). */
  retries?: number;
  /** Accept these statuses without throwing (e.g. 304). */
  accept?: number[];
}

export interface ServiceResponse<T> {
  status: number;
  headers: Headers;
  data: T;
  text: string;
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The problem's detail in the reader's language, with its per-path errors. */
export function problemText(body: unknown, lang: Lang): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' ? body.slice(0, 500) : '';
  const p = body as { zh?: string; en?: string; title?: string; detail?: string; errors?: { path?: string; zh?: string; en?: string }[] };
  const head = (lang === 'zh' ? p.zh : p.en) ?? p.detail ?? p.title ?? '';
  const lines = (p.errors ?? []).slice(0, 50).map((e) => `  ${e.path ?? ''}: ${(lang === 'zh' ? e.zh : e.en) ?? ''}`);
  return [head, ...lines].join('\n');
}

export function createService(options: ServiceOptions) {
  const base = options.server.replace(/\/+$/, '');
  const sleep = options.sleep ?? delay;
  return async function request<T = unknown>(path: string, req: RequestOptions = {}): Promise<ServiceResponse<T>> {
    const attempts = 1 + (req.retries ?? 0);
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(base + path, {
          method: req.method ?? 'GET',
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json, text/csv;q=0.9, */*;q=0.5',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...req.headers,
          },
          body,
        });
      } catch (err) {
        const why = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
        if (attempt < attempts) {
          options.onRetry?.(say(options.lang, 'retrying', attempt, why));
          await sleep(backoff(attempt, null));
          continue;
        }
        throw new ServiceError(say(options.lang, 'network', base, why), 0, null);
      }
      // The BOM stays: a CSV saved from here must keep it for Excel to read UTF-8.
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      const data = (type.includes('json') && text ? safeJson(text.replace(/^\ufeff/, '')) : text) as T;
      if (res.ok || req.accept?.includes(res.status)) return { status: res.status, headers: res.headers, data, text };
      if ((res.status === 429 || res.status >= 500) && attempt < attempts) {
        options.onRetry?.(say(options.lang, 'retrying', attempt, `HTTP ${res.status}`));
        await sleep(backoff(attempt, res.headers.get('retry-after')));
        continue;
      }
      throw new ServiceError(say(options.lang, 'httpError', res.status, problemText(data, options.lang)), res.status, data);
    }
  };
}

export type Service = ReturnType<typeof createService>;

/** 0.5 s, 1 s, 2 s … (capped at 10 s), or the server's Retry-After. */
function backoff(attempt: number, retryAfter: string | null): number {
  const s = retryAfter !== null ? Number(retryAfter) : NaN;
  if (Number.isFinite(s) && s >= 0) return Math.min(s * 1000, 30_000);
  return Math.min(500 * 2 ** (attempt - 1), 10_000);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

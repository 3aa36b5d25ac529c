import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createApp } from '../worker/app';
import type { Bindings } from '../worker/env';
import type { ServerConfig } from './config';
import type { Log } from './log';
import type { NodeDatabase } from './storage/d1-compatible';
import { staticAsset } from './static';

export interface HostOptions {
  db: NodeDatabase;
  config: Pick<ServerConfig, 'idHmacKey' | 'addinOrigins' | 'bodyLimitBytes' | 'publicDir' | 'trustProxy'>;
  log: Log;
}

/** The Worker's bindings on Node: the database and the vars wrangler.toml / `wrangler secret` give. */
export function workerEnv(options: HostOptions): Bindings {
  const env: Bindings = { DB: options.db.asD1(), ID_HMAC_KEY: options.config.idHmacKey };
  if (options.config.addinOrigins) env.ADDIN_ORIGINS = options.config.addinOrigins;
  if (options.config.bodyLimitBytes) env.BODY_LIMIT_BYTES = options.config.bodyLimitBytes;
  return env;
}

/** Work the Worker hands to `waitUntil` still runs to its end on Node; failures are logged. */
function executionContext(log: Log): ExecutionContext {
  return {
    waitUntil(promise: Promise<unknown>) {
      promise.catch((error) => log('background_failed', { level: 'error', error: String(error) }));
    },
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext;
}

/**
 * The Node host around the Worker's unchanged app: a JSON log line per request, the client's
 * address where the Worker expects Cloudflare's (CF-Connecting-IP), the built pane served as
 * `[assets]` serves it, and everything else passed to the Worker's own fetch.
 *
 * @example
 * serve({ fetch: createHost({ db, config, log }).fetch, port: 8788 });
 */
export function createHost(options: HostOptions): Hono {
  const worker = createApp();
  const env = workerEnv(options);
  const context = executionContext(options.log);
  const host = new Hono();

  host.use('*', async function requestLog(c, next) {
    const started = performance.now();
    await next();
    options.log('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ip: c.req.header('cf-connecting-ip') ?? null,
      ua: c.req.header('user-agent') ?? null,
    });
  });

  host.use('*', async function clientAddress(c, next) {
    // Only what this host saw (or a trusted gateway's X-Forwarded-For) counts, never the client's say.
    let address: string | undefined;
    if (options.config.trustProxy) address = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (!address) {
      try {
        address = getConnInfo(c).remote.address;
      } catch {
        address = undefined;
      }
    }
    const headers = new Headers(c.req.raw.headers);
    headers.delete('cf-connecting-ip');
    if (address) headers.set('cf-connecting-ip', address);
    c.req.raw = new Request(c.req.raw, { headers });
    await next();
  });

  host.on(['GET', 'HEAD'], '*', secureHeaders(), async function assets(c, next) {
    if (c.req.path.startsWith('/api/') || c.req.path === '/healthz') return next();
    const asset = await staticAsset(options.config.publicDir, c.req.path);
    if (!asset) return next();
    return asset;
  });

  host.all('*', (c) => worker.fetch(c.req.raw, env, context));
  return host;
}

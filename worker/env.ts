import type { Principal } from './tokens/index';
import type { Storage } from './storage/index';
import type { StampedCache } from './cache/index';

/** The shape of Cloudflare's rate-limiting binding (wrangler.toml `[[ratelimits]]`). */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** What wrangler.toml, .dev.vars and `wrangler secret` bind to the Worker. */
export interface Bindings {
  DB: D1Database;
  /** Secret: keys the person-ID HMACs and (through HKDF) the stored-table encryption. */
  ID_HMAC_KEY: string;
  /** Comma-separated browser origins allowed by CORS (the add-in's pane). */
  ADDIN_ORIGINS?: string;
  /** Largest request body in bytes; default 20 MB. */
  BODY_LIMIT_BYTES?: string;
  /** Cloudflare's rate limiter for failed authentications per client address (wrangler.toml). */
  AUTH_FAILURES?: RateLimiter;
}

/** Per-request values the middleware puts on the context. */
export interface Variables {
  storage: Storage;
  principal: Principal;
  /** Reports built from stored data (the county summary), one cache per app; a submission clears it. */
  reportCache: StampedCache;
}

/** The Hono environment every module of the Worker shares. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

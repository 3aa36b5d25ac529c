import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { findTokenByHash, hashToken, isExpired, touchToken, type Principal, type Role } from '../tokens/index';
import { cachedToken, rememberToken } from './cache';
import { refuseFailedAuthentication } from './failures';

export type { Principal };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Resolves the bearer token into `c.var.principal`, or answers 401. Every /api/v1 route sits
 * behind it; the role checks come after, so a bad token is 401 before any 403.
 *
 * @example
 * app.use('/api/v1/*', authenticate());
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    if (!match) return refuseFailedAuthentication(c);
    const hash = await hashToken(match[1]);
    let record = cachedToken(hash);
    if (!record) {
      record = (await findTokenByHash(c.var.storage, hash)) ?? undefined;
      if (!record) return refuseFailedAuthentication(c);
      rememberToken(hash, record);
    }
    if (isExpired(record)) throw new ProblemError('token_expired', { expiresAt: record.expiresAt });
    await noteUse(c.var.storage, record.id);
    c.set('principal', { tokenId: record.id, role: record.role, township: record.township, label: record.label });
    await next();
  };
}

// Last use is worth knowing to the minute, not a write per request: each isolate writes a token's
// use at most once a minute (the polled summary stays read-only).
const TOUCH_EVERY_MS = 60_000;
const touched = new Map<string, number>();

async function noteUse(storage: Storage, tokenId: string, now = Date.now()): Promise<void> {
  const last = touched.get(tokenId);
  if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
  if (touched.size >= 10_000) touched.clear();
  touched.set(tokenId, now);
  try {
    await touchToken(storage, tokenId, new Date(now));
  } catch {
    // A failed bookkeeping write must not fail the caller's request (e.g. a read-only replica).
    touched.delete(tokenId);
  }
}

/** Throws 403 unless the caller has one of the roles. */
export function assertRole(principal: Principal, roles: readonly Role[]): void {
  if (!roles.includes(principal.role)) throw new ProblemError('forbidden');
}

/**
 * Route middleware: only these roles may pass.
 *
 * @example
 * createRoute({ …, middleware: [requireRole('county', 'admin')] })
 */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    assertRole(c.var.principal, roles);
    await next();
  };
}

/**
 * The township a caller may act on: a clerk only their own (403 otherwise, and their own when
 * none is asked for); county and admin whatever they ask for.
 */
export function townshipScope(principal: Principal, requested: string | undefined): string | undefined {
  if (principal.role !== 'clerk') return requested;
  if (requested !== undefined && requested !== principal.township) throw new ProblemError('forbidden_township');
  return principal.township ?? undefined;
}

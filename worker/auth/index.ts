import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { ProblemError } from '../problem/index';
import { findTokenByHash, hashToken, type Role } from '../tokens/index';
import { cachedToken, rememberToken } from './cache';
import { refuseFailedAuthentication } from './failures';

/** Who is calling: the holder of one live bearer token. */
export interface Principal {
  tokenId: string;
  role: Role;
  /** A clerk's township; null for county and admin. */
  township: string | null;
  label: string;
}

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
    c.set('principal', { tokenId: record.id, role: record.role, township: record.township, label: record.label });
    await next();
  };
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

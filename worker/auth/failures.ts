import type { Context } from 'hono';
import { clientAddress } from '../audit/index';
import type { RateLimiter } from '../env';
import { ProblemError } from '../problem/index';

export type { RateLimiter };

/** Failed authentications allowed per client address and window (as wrangler.toml's binding). */
export const FAILED_AUTH_LIMIT = 20;
export const FAILED_AUTH_WINDOW_SECONDS = 60;

/**
 * A fixed-window counter in this isolate's memory: the same contract as the binding, for hosts
 * without it (Node on a county's own servers, or a binding not configured).
 */
export function memoryRateLimiter(limit = FAILED_AUTH_LIMIT, windowSeconds = FAILED_AUTH_WINDOW_SECONDS): RateLimiter {
  const counts = new Map<string, number>();
  let window = 0;
  return {
    async limit({ key }) {
      const now = Math.floor(Date.now() / (windowSeconds * 1000));
      if (now !== window) {
        window = now;
        counts.clear();
      }
      const count = counts.get(key) ?? 0;
      if (count >= limit) return { success: false };
      counts.set(key, count + 1);
      return { success: true };
    },
  };
}

const fallback = memoryRateLimiter();

/**
 * Counts a failed authentication against the client's address and throws: 401 while the address
 * is under the limit, 429 with Retry-After once it is over. Only failures count — a township
 * office behind one NAT address keeps working with its valid tokens while someone there guesses.
 */
export async function refuseFailedAuthentication(c: Context): Promise<never> {
  const limiter = (c.env as { AUTH_FAILURES?: RateLimiter } | undefined)?.AUTH_FAILURES ?? fallback;
  const { success } = await limiter.limit({ key: clientAddress(c) ?? 'unknown' });
  if (success) throw new ProblemError('unauthorized');
  c.header('Retry-After', String(FAILED_AUTH_WINDOW_SECONDS));
  throw new ProblemError('too_many_failed_logins');
}

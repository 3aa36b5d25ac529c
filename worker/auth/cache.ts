import type { TokenRecord } from '../tokens/index';

/**
 * Live tokens seen recently by this isolate, by token hash. Saves the token query on most
 * requests (the county summary is polled by many clients at once). The price: a token revoked
 * through another isolate keeps working here for at most TTL_MS; a revocation through this
 * isolate clears the cache at once.
 */
export const TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;

const entries = new Map<string, { record: TokenRecord; expires: number }>();

export function cachedToken(hash: string, now = Date.now()): TokenRecord | undefined {
  const entry = entries.get(hash);
  if (!entry) return undefined;
  if (entry.expires <= now) {
    entries.delete(hash);
    return undefined;
  }
  return entry.record;
}

export function rememberToken(hash: string, record: TokenRecord, now = Date.now()): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(hash, { record, expires: now + TTL_MS });
}

/** After a revocation: forget everything (we do not know which hash the revoked id had). */
export function forgetTokens(): void {
  entries.clear();
}

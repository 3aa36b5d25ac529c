import { describe, expect, it } from 'vitest';
import type { TokenRecord } from '../tokens/index';
import { cachedToken, forgetTokens, rememberToken, TTL_MS } from './cache';

const record: TokenRecord = { id: 'a', role: 'county', township: null, label: 'l', createdAt: '', createdBy: null, revokedAt: null, expiresAt: null, lastUsedAt: null };

describe('token cache', () => {
  it('remembers for TTL_MS, then forgets', () => {
    rememberToken('h1', record, 1_000);
    expect(cachedToken('h1', 1_000 + TTL_MS - 1)).toBe(record);
    expect(cachedToken('h1', 1_000 + TTL_MS)).toBeUndefined();
  });

  it('forgets everything after a revocation', () => {
    rememberToken('h2', record);
    forgetTokens();
    expect(cachedToken('h2')).toBeUndefined();
  });
});

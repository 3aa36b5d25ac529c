import { describe, expect, it } from 'vitest';
import { open, seal, VAULT_CHUNK_BYTES } from './index';

describe('vault', () => {
  const value = { households: [['户编号', '户主证件号码'], ['H1', '11010119900307803X']], members: null };

  it('round-trips a value and never stores it in clear', async () => {
    const chunks = await seal('k', 'sub-1', JSON.stringify(value));
    expect(chunks.join('')).not.toContain('11010119900307803X');
    expect(chunks.join('')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(await open('k', 'sub-1', chunks)).toEqual(value);
  });

  it('refuses the wrong key or the wrong submission', async () => {
    const chunks = await seal('k', 'sub-1', JSON.stringify(value));
    await expect(open('other', 'sub-1', chunks)).rejects.toThrow();
    await expect(open('k', 'sub-2', chunks)).rejects.toThrow();
  });

  it('cuts large values into chunks under the limit', async () => {
    // Random text does not compress, so the sealed form stays larger than one chunk.
    const noise = Array.from({ length: 150_000 }, () => Math.random().toString(36).slice(2, 10));
    const chunks = await seal('k', 'big', JSON.stringify(noise));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(VAULT_CHUNK_BYTES);
    expect(await open('k', 'big', chunks)).toEqual(noise);
  });
});

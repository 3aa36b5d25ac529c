import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';
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

  it('still opens tables stored as BLOB chunks (before base64 text)', async () => {
    const chunks = await seal('k', 'sub-1', JSON.stringify(value));
    const bytes = new Uint8Array(Buffer.from(chunks.join(''), 'base64'));
    const blobs = [bytes.slice(0, 10), bytes.slice(10)];
    expect(await open('k', 'sub-1', blobs)).toEqual(value);
  });

  it('still opens tables sealed with gzip (before Brotli)', async () => {
    // The former format: gzip, AES-256-GCM under the same HKDF-derived key, IV first, base64.
    const encoder = new TextEncoder();
    const material = await crypto.subtle.importKey('raw', encoder.encode('k'), 'HKDF', false, ['deriveKey']);
    const key = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('roster-check'), info: encoder.encode('submission-tables/aes-256-gcm/v1') },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt'],
    );
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const compressed = gzipSync(JSON.stringify(value), { level: 1 });
    const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode('sub-1') }, key, compressed));
    const text = Buffer.concat([iv, cipher]).toString('base64');
    expect(await open('k', 'sub-1', [text.slice(0, 20), text.slice(20)])).toEqual(value);
  });
});

import { createHmac } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { HMAC_HEX_LENGTH, hmacIds, maskId } from './index';
import { hmacSha256 } from './sha256';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hex = (bytes: Uint8Array) => {
  let text = '';
  for (let i = 0; i < HMAC_HEX_LENGTH / 2; i++) text += HEX[bytes[i]];
  return text;
};

/**
 * The reference the hand-written HMAC is checked against, and the Worker's first implementation:
 * WebCrypto, one asynchronous `crypto.subtle.sign` per ID, 2,000 in flight at a time.
 */
async function hmacIdsSubtle(secret: string, ids: readonly (string | null)[]): Promise<(string | null)[]> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const encoder = new TextEncoder();
  const out: (string | null)[] = [];
  for (let start = 0; start < ids.length; start += 2_000) {
    const signatures = await Promise.all(
      ids.slice(start, start + 2_000).map((id) => (id === null ? null : crypto.subtle.sign('HMAC', key, encoder.encode(id)))),
    );
    for (const signature of signatures) out.push(signature === null ? null : hex(new Uint8Array(signature)));
  }
  return out;
}

/** node:crypto (native in workerd through nodejs_compat): one createHmac per ID, the key set each time. */
function hmacIdsNode(secret: string, ids: readonly (string | null)[]): (string | null)[] {
  return ids.map((id) => (id === null ? null : hex(createHmac('sha256', secret).update(id).digest())));
}

/** @noble/hashes: the keyed HMAC made once, cloned per ID (its padded-key states reused). */
function hmacIdsNoble(secret: string, ids: readonly (string | null)[]): (string | null)[] {
  const keyed = hmac.create(sha256, new TextEncoder().encode(secret));
  const encoder = new TextEncoder();
  return ids.map((id) => (id === null ? null : hex(keyed.clone().update(encoder.encode(id)).digest())));
}

const SECRET = 'test-secret';

describe('hmacIds', () => {
  it('gives the same 64-hex HMAC for the same ID and keeps nulls', async () => {
    const [a, b, none, c] = await hmacIds(SECRET, ['11010119900307803X', '11010119900307803X', null, '110101199003078038']);
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(b).toBe(a);
    expect(none).toBeNull();
    expect(c).not.toBe(a);
  });

  it('is the first 96 bits of HMAC-SHA256 with the secret as key', async () => {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const full = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('11010119900307803X')));
    const expected = [...full.slice(0, HMAC_HEX_LENGTH / 2)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(await hmacIds(SECRET, ['11010119900307803X'])).toEqual([expected]);
  });

  it('depends on the key', async () => {
    const [a] = await hmacIds(SECRET, ['11010119900307803X']);
    const [b] = await hmacIds('another-secret', ['11010119900307803X']);
    expect(a).not.toBe(b);
  });

  it('equals crypto.subtle HMAC-SHA256 for random keys and IDs (ASCII, CJK, empty, multi-block)', async () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const alphabet = '0123456789X';
    const wide = '0123456789Xx新哨镇江边乡身份证号😀 é-';
    const text = (length: number, chars: string) => Array.from({ length }, () => chars[random(chars.length)]).join('');
    for (let k = 0; k < 12; k++) {
      // Keys around and beyond one 64-byte block (longer ones are hashed first), ASCII and not.
      const secret = k % 3 === 0 ? text(1 + random(200), wide) : randomHexKey(random);
      const ids: string[] = [];
      for (let i = 0; i < 300; i++) ids.push(text(18, alphabet));
      // Block boundaries of the inner message: 55/56 bytes, 64, 119/120, and several blocks.
      for (const length of [0, 1, 17, 54, 55, 56, 63, 64, 65, 119, 120, 200, 1000]) ids.push(text(length, alphabet));
      for (let i = 0; i < 30; i++) ids.push(text(random(80), wide));
      const expected = await hmacIdsSubtle(secret, ids);
      expect(await hmacIds(secret, ids)).toEqual(expected);
      // Full 256-bit output too, against the untruncated signature.
      const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
      const full = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(ids[0])));
      expect(hmacSha256(secret).hex(ids[0])).toBe([...full].map((b) => b.toString(16).padStart(2, '0')).join(''));
      expect(expected[0]).toHaveLength(HMAC_HEX_LENGTH);
    }
  });

  it('times the hand-written, node:crypto, @noble/hashes and crypto.subtle HMACs of 70,000 IDs, with equal results', async () => {
    // 70,000 IDs: the persons of a 20,000-household submission (the submission bench's roster).
    const ids = Array.from({ length: 70_000 }, (_, i) => `110101199003${String(i).padStart(6, '0')}`);
    const variants: Record<string, (ids: string[]) => Promise<(string | null)[]> | (string | null)[]> = {
      'hand-written': (list) => hmacIds(SECRET, list),
      'node:crypto': (list) => hmacIdsNode(SECRET, list),
      '@noble/hashes': (list) => hmacIdsNoble(SECRET, list),
      'crypto.subtle': (list) => hmacIdsSubtle(SECRET, list),
    };
    const times: Record<string, number[]> = {};
    const results: Record<string, (string | null)[]> = {};
    for (const [name, run] of Object.entries(variants)) {
      await run(ids.slice(0, 2_000)); // warm: JIT, key import
      times[name] = [];
    }
    // Two rounds: the slow variants take seconds each on a loaded machine.
    for (let round = 0; round < 2; round++) {
      for (const [name, run] of Object.entries(variants)) {
        // Workers advance the clock only across I/O: each timing brackets a real asynchronous step.
        await scheduler.wait(1);
        const t0 = performance.now();
        results[name] = await run(ids);
        await scheduler.wait(1);
        times[name].push(performance.now() - t0 - 1);
      }
    }
    for (const name of Object.keys(variants)) expect(results[name], name).toEqual(results['crypto.subtle']);
    expect(new Set(results['hand-written']).size).toBe(70_000);
    const best = (name: string) => Math.min(...times[name]);
    console.log(
      `70,000 IDs in workerd, best of 2: ${Object.keys(variants)
        .map((name) => `${name} ${best(name).toFixed(0)} ms (${(best(name) / best('hand-written')).toFixed(1)}×)`)
        .join('; ')}`,
    );
  });
});

function randomHexKey(random: (n: number) => number): string {
  return Array.from({ length: 8 + random(120) }, () => '0123456789abcdef'[random(16)]).join('');
}

describe('maskId', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskId('11010119900307803X')).toBe('110101********803X');
    expect(maskId('short')).toBe('*****');
  });
});

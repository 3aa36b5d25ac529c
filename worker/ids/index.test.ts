import { describe, expect, it } from 'vitest';
import { HMAC_HEX_LENGTH, hmacIds, hmacIdsSubtle, maskId } from './index';
import { hmacSha256 } from './sha256';

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

  it('times pure-TS and crypto.subtle HMACs of 70,000 IDs in the same run, with equal results', async () => {
    const ids = Array.from({ length: 70_000 }, (_, i) => `110101199003${String(i).padStart(6, '0')}`);
    // Warm both paths (JIT, key import) before timing.
    await hmacIds(SECRET, ids.slice(0, 2_000));
    await hmacIdsSubtle(SECRET, ids.slice(0, 2_000));
    const times: Record<string, number[]> = { pure: [], subtle: [] };
    let pure: (string | null)[] = [];
    let subtle: (string | null)[] = [];
    for (let round = 0; round < 3; round++) {
      // Workers advance the clock only across I/O; an await of a resolved fetch-free promise is not
      // enough, so each timing brackets a real asynchronous step (scheduler.wait) on both sides.
      await scheduler.wait(1);
      let t0 = performance.now();
      pure = await hmacIds(SECRET, ids);
      await scheduler.wait(1);
      times.pure.push(performance.now() - t0 - 1);
      t0 = performance.now();
      subtle = await hmacIdsSubtle(SECRET, ids);
      await scheduler.wait(1);
      times.subtle.push(performance.now() - t0 - 1);
    }
    expect(pure).toEqual(subtle);
    expect(new Set(pure).size).toBe(70_000);
    const best = (list: number[]) => Math.min(...list).toFixed(0);
    console.log(
      `70,000 IDs: pure-TS HMAC best ${best(times.pure)} ms (${times.pure.map((t) => t.toFixed(0)).join(', ')}); crypto.subtle best ${best(times.subtle)} ms (${times.subtle.map((t) => t.toFixed(0)).join(', ')})`,
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

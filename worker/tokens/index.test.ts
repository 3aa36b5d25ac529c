import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { d1Storage } from '../storage/index';
import { createToken, findToken, generateToken, hashToken, listTokens, revokeToken } from './index';

describe('tokens', () => {
  const storage = d1Storage(env.DB);

  it('are 256 random bits behind an rc_ prefix', () => {
    const a = generateToken();
    expect(a).toMatch(/^rc_[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
  });

  it('hash as hex SHA-256, the same as the scripts compute in Node', async () => {
    expect(await hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('are found while live and not after revocation', async () => {
    const issued = await createToken(storage, { role: 'clerk', township: '新哨镇', label: 'l' });
    expect(await findToken(storage, issued.token)).toMatchObject({ id: issued.id, role: 'clerk', township: '新哨镇' });
    expect(await findToken(storage, issued.token + 'x')).toBeNull();
    expect(await revokeToken(storage, issued.id)).toBe(true);
    expect(await findToken(storage, issued.token)).toBeNull();
    expect((await listTokens(storage)).find((t) => t.id === issued.id)?.revokedAt).toEqual(expect.any(String));
  });

  it('bind a township to clerks only', async () => {
    await expect(createToken(storage, { role: 'clerk', label: 'no township' })).rejects.toThrow();
    const county = await createToken(storage, { role: 'county', township: '新哨镇', label: 'c' });
    expect(county.township).toBeNull();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { call, CLERK_TOWNSHIP, json, makeTokens, OTHER_TOWNSHIP, seedDefault, storage, type Tokens } from '../test/api';
import { expiryInstant } from './routes';

let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

describe('admin tokens', () => {
  it('creates a token shown once, stores only its SHA-256, and revokes it', async () => {
    const created = await json(
      call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'clerk', township: '竹园镇', label: '竹园镇 录入员' } }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'clerk', township: '竹园镇', label: '竹园镇 录入员', revokedAt: null });
    const secret = created.body.token as string;
    expect(secret).toMatch(/^rc_[A-Za-z0-9_-]{43}$/);

    const rows = await storage().prepare('SELECT * FROM tokens').all<Record<string, unknown>>();
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(String(row.hash)))).toBe(true);

    expect((await call('GET', '/api/v1/criteria', { token: secret })).status).toBe(200);
    const list = await json(call('GET', '/api/v1/admin/tokens', { token: tokens.admin }));
    expect(list.body.some((t: { id: string }) => t.id === created.body.id)).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    expect((await call('DELETE', `/api/v1/admin/tokens/${created.body.id}`, { token: tokens.admin })).status).toBe(204);
    expect((await call('GET', '/api/v1/criteria', { token: secret })).status).toBe(401);
    expect((await call('DELETE', `/api/v1/admin/tokens/${created.body.id}`, { token: tokens.admin })).status).toBe(404);
  });

  it('refuses a clerk token without a township or a bad role (400), an unknown township (422)', async () => {
    expect((await call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'clerk', label: 'x' } })).status).toBe(400);
    expect((await call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'root', label: 'x' } })).status).toBe(400);
    const unknown = await call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'clerk', township: '新哨', label: 'x' } });
    expect(unknown.status).toBe(422);
  });

  it('refuses a township on a county token and unknown keys (400), in Chinese too', async () => {
    const county = await json(
      call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'county', township: '新哨镇', label: 'x' } }),
    );
    expect(county.status).toBe(400);
    expect(county.body.errors[0].zh).toMatch(/只有乡镇工作人员的令牌才指定乡镇/);
    const extra = await call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'county', label: 'x', expires: 1 } });
    expect(extra.status).toBe(400);
  });
});

describe('token expiry, last use and townships without a clerk token', () => {
  it('reads an expiry date as the end of that day in China (UTC+8), an instant as given', () => {
    expect(expiryInstant('2027-06-30')).toBe('2027-06-30T16:00:00.000Z');
    expect(expiryInstant('2027-06-30T08:00:00+08:00')).toBe('2027-06-30T00:00:00.000Z');
    expect(expiryInstant('2027-06-30T08:00:00')).toBeNull();
    expect(expiryInstant('明天')).toBeNull();
  });

  it('creates a token with an expiry; once past, it is refused with a token_expired problem', async () => {
    const created = await json(
      call('POST', '/api/v1/admin/tokens', {
        token: tokens.admin,
        body: { role: 'clerk', township: '朋普镇', label: '朋普镇 录入员', expiresAt: '2099-01-01' },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe('2099-01-01T16:00:00.000Z');
    expect((await call('GET', '/api/v1/criteria', { token: created.body.token })).status).toBe(200);
    // Time passes: the stored expiry moves into the past.
    await storage().prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').bind('2000-01-01T00:00:00.000Z', created.body.id).run();
    const { forgetTokens } = await import('../auth/cache');
    forgetTokens();
    const refused = await json(call('GET', '/api/v1/criteria', { token: created.body.token }));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/token_expired$/), expiresAt: '2000-01-01T00:00:00.000Z' });
    expect(refused.body.zh).toMatch(/过期/);
  });

  it('refuses an expiry in the past or that is no date (400)', async () => {
    for (const expiresAt of ['2001-01-01', 'soon', '2030-13-45']) {
      const res = await call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'county', label: 'x', expiresAt } });
      expect([expiresAt, res.status]).toEqual([expiresAt, 400]);
    }
  });

  it('lists the last use of each token', async () => {
    const created = await json(call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'county', label: '县局 张' } }));
    const before = await json(call('GET', '/api/v1/admin/tokens', { token: tokens.admin }));
    expect(before.body.find((t: { id: string }) => t.id === created.body.id).lastUsedAt).toBeNull();
    const start = Date.now();
    expect((await call('GET', '/api/v1/criteria/versions', { token: created.body.token })).status).toBe(200);
    const after = await json(call('GET', '/api/v1/admin/tokens', { token: tokens.admin }));
    const used = Date.parse(after.body.find((t: { id: string }) => t.id === created.body.id).lastUsedAt);
    expect(used).toBeGreaterThanOrEqual(start - 1000);
    expect(used).toBeLessThanOrEqual(Date.now());
  });

  it('says which townships have no live clerk token yet', async () => {
    const res = await json(call('GET', '/api/v1/admin/townships', { token: tokens.admin }));
    expect(res.status).toBe(200);
    expect(res.body.townships).toHaveLength(12);
    const of = (name: string) => res.body.townships.find((t: { township: string }) => t.township === name);
    expect(of(CLERK_TOWNSHIP).clerkTokens).toBe(1);
    expect(of(OTHER_TOWNSHIP).clerkTokens).toBe(1);
    // 竹园镇's token was revoked and 朋普镇's expired: neither counts.
    expect(res.body.withoutToken).toContain('竹园镇');
    expect(res.body.withoutToken).toContain('朋普镇');
    expect(res.body.withoutToken).not.toContain(CLERK_TOWNSHIP);
    expect(res.body.withoutToken).toHaveLength(10);
    expect((await call('GET', '/api/v1/admin/townships', { token: tokens.county })).status).toBe(403);
  });
});

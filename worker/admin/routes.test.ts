import { beforeAll, describe, expect, it } from 'vitest';
import { call, json, makeTokens, seedDefault, storage, type Tokens } from '../test/api';

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

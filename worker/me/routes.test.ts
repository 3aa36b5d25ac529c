import { beforeAll, describe, expect, it } from 'vitest';
import { call, CLERK_TOWNSHIP, json, makeTokens, type Tokens } from '../test/api';

let tokens: Tokens;
beforeAll(async () => {
  tokens = await makeTokens();
});

describe('GET /api/v1/me', () => {
  it("answers a clerk token's role and township, never the token", async () => {
    const { status, body } = await json(call('GET', '/api/v1/me', { token: tokens.clerk }));
    expect(status).toBe(200);
    expect(body).toEqual({ role: 'clerk', township: CLERK_TOWNSHIP, label: `clerk ${CLERK_TOWNSHIP}` });
    expect(JSON.stringify(body)).not.toContain(tokens.clerk);
  });

  it('answers a county token without a township', async () => {
    const { body } = await json(call('GET', '/api/v1/me', { token: tokens.county }));
    expect(body.role).toBe('county');
    expect(body.township).toBeNull();
  });

  it('refuses a request without a token', async () => {
    expect((await call('GET', '/api/v1/me')).status).toBe(401);
  });
});

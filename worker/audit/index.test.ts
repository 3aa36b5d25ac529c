import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCriteria } from '../../core/index';
import { call, CLERK_TOWNSHIP, json, makeTokens, seedDefault, storage, type Tokens } from '../test/api';
import { townshipRoster } from '../test/roster';
import { recordAudit } from './index';

let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

const from = (address: string) => ({ 'cf-connecting-ip': address });
const audit = async (query = '') => (await json(call('GET', `/api/v1/admin/audit${query}`, { token: tokens.admin }))).body as any[];

describe('audit log', () => {
  it('records tokens created and revoked, criteria published, submissions stored and superseded: who, what, when, from where', async () => {
    const created = await json(
      call('POST', '/api/v1/admin/tokens', { token: tokens.admin, body: { role: 'county', label: '县扶贫办 张三' }, headers: from('10.0.0.1') }),
    );
    expect(created.status).toBe(201);
    expect((await call('DELETE', `/api/v1/admin/tokens/${created.body.id}`, { token: tokens.admin, headers: from('10.0.0.2') })).status).toBe(204);
    const put = await call('PUT', '/api/v1/criteria', {
      token: tokens.county,
      body: { document: defaultCriteria, note: 'same again' },
      headers: { 'if-match': '"criteria-v1"', ...from('10.0.0.3') },
    });
    expect(put.status).toBe(200);
    const roster = townshipRoster(CLERK_TOWNSHIP, 1, 4);
    const first = await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, body: { period: '2020', township: CLERK_TOWNSHIP, ...roster }, headers: from('10.0.0.4') }));
    const second = await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, body: { period: '2020', township: CLERK_TOWNSHIP, ...roster }, headers: from('10.0.0.4') }));
    expect([first.status, second.status]).toEqual([201, 201]);

    const rows = await audit();
    expect(rows.map((r) => r.action)).toEqual([
      'submission.stored',
      'submission.superseded',
      'submission.stored',
      'criteria.published',
      'token.revoked',
      'token.created',
    ]);
    const [stored2, superseded, stored1, published, revoked, tokenCreated] = rows;
    expect(tokenCreated).toMatchObject({ actor: { label: 'admin', role: 'admin', address: '10.0.0.1' }, target: '县扶贫办 张三', detail: { role: 'county' } });
    expect(revoked).toMatchObject({ actor: { address: '10.0.0.2' }, target: '县扶贫办 张三' });
    expect(published).toMatchObject({ actor: { label: 'county', role: 'county', address: '10.0.0.3' }, target: '2', detail: { note: 'same again' } });
    expect(stored1).toMatchObject({ target: first.body.id, actor: { role: 'clerk', address: '10.0.0.4' }, detail: { period: '2020', township: CLERK_TOWNSHIP, households: 4 } });
    expect(superseded).toMatchObject({ target: first.body.id, detail: { supersededBy: second.body.id } });
    expect(stored2.target).toBe(second.body.id);
    expect(Date.parse(stored2.at)).toBeGreaterThanOrEqual(Date.parse(tokenCreated.at));
    expect(rows[0].seq).toBeGreaterThan(rows[5].seq);

    // Never a secret, a token hash or a person's ID number.
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(created.body.token);
    const ids = roster.households.slice(2).map((row) => String(row[4]));
    for (const id of ids) expect(dump).not.toContain(id);
    expect(await audit('?action=token.revoked&limit=1')).toHaveLength(1);
    expect(await audit(`?before=${rows[4].seq}`)).toHaveLength(1);
  });

  it('a refused request writes nothing; a re-score can be recorded by the function county calls', async () => {
    const before = (await audit()).length;
    const bad = await call('POST', '/api/v1/submissions', { token: tokens.clerk, body: { period: '2999', township: CLERK_TOWNSHIP, households: [] } });
    expect(bad.status).toBe(400);
    expect((await audit()).length).toBe(before);
    await recordAudit(storage(), { label: 'county', role: 'county', address: null }, { action: 'period.rescored', target: '2020', detail: { submissions: 1 } });
    expect((await audit('?action=period.rescored'))[0]).toMatchObject({ target: '2020', detail: { submissions: 1 } });
  });

  it('records a period re-scored, and each re-scored submission stored and superseded in its own batch', async () => {
    const put = await call('PUT', '/api/v1/criteria', {
      token: tokens.county,
      body: { document: defaultCriteria, note: 'for the re-score' },
      headers: { 'if-match': '*' },
    });
    expect(put.status).toBe(200);
    const res = await json(call('POST', '/api/v1/submissions/rescore', { token: tokens.county, body: { period: '2020' }, headers: from('10.0.0.5') }));
    expect(res.status).toBe(200);
    expect(res.body.rescored).toHaveLength(1);
    const [run, stored, superseded] = await audit('?limit=3');
    expect(run).toMatchObject({ action: 'period.rescored', target: '2020', actor: { role: 'county', address: '10.0.0.5' }, detail: { rescored: 1 } });
    expect(stored).toMatchObject({ action: 'submission.stored', target: res.body.rescored[0].to, detail: { rescoredFrom: res.body.rescored[0].from } });
    expect(superseded).toMatchObject({ action: 'submission.superseded', target: res.body.rescored[0].from });
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    await expect(storage().prepare("UPDATE audit_log SET actor_label = 'nobody'").run()).rejects.toThrow(/append-only/);
    await expect(storage().prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
  });

  it('is readable by admin only', async () => {
    expect((await call('GET', '/api/v1/admin/audit', { token: tokens.county })).status).toBe(403);
    expect((await call('GET', '/api/v1/admin/audit', { token: tokens.clerk })).status).toBe(403);
  });
});

describe('failed authentication', () => {
  it('is limited per client address: 401 up to the limit, then 429 with Retry-After; valid tokens and other addresses unaffected', async () => {
    // The limiter counts per fixed minute: start well inside one, so the 22 tries share it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await call('GET', '/api/v1/criteria', { token: `rc_wrong${i}`, headers: from('192.0.2.9') });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBe('60');
        const body = await res.json<any>();
        expect(body.zh).toMatch(/过多/);
      }
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await call('GET', '/api/v1/criteria', { headers: from('192.0.2.9') })).status).toBe(429);
    expect((await call('GET', '/api/v1/criteria', { token: tokens.clerk, headers: from('192.0.2.9') })).status).toBe(200);
    expect((await call('GET', '/api/v1/criteria', { token: 'rc_wrong', headers: from('192.0.2.10') })).status).toBe(401);
  });
});

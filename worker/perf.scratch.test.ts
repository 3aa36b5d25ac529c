import { beforeAll, expect, it } from 'vitest';
import { call, makeTokens, seedDefault, type Tokens } from './test/api';
import { townshipRoster } from './test/roster';

let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

it('20k households', async () => {
  const roster = townshipRoster('新哨镇', 1, 20_000);
  const body = JSON.stringify({ period: '2020', township: '新哨镇', ...roster });
  console.log('body MB', (body.length / 1e6).toFixed(1));
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const res = await call('POST', '/api/v1/submissions', { token: tokens.county, raw: body });
    const text = await res.text();
    console.log(res.status, (performance.now() - t).toFixed(0), 'ms', text.slice(0, 100));
  }
  const t = performance.now();
  const res = await call('GET', '/api/v1/reports/summary?period=2020', { token: tokens.county });
  await res.text();
  console.log('summary', (performance.now() - t).toFixed(0));
  const t2 = performance.now();
  const r2 = await call('POST', '/api/v1/validate', { token: tokens.county, raw: body });
  await r2.text();
  console.log('validate', (performance.now() - t2).toFixed(0));
  expect(res.status).toBe(200);
}, 300_000);

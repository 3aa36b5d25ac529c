import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCriteria } from '../../core/index';
import { call, json, makeTokens, seedDefault, type Tokens } from '../test/api';

let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

/** The default document with one parameter changed: a valid new version. */
function withIncomeLine(line: number) {
  const doc = structuredClone(defaultCriteria) as any;
  doc.parameters.income_line = line;
  return doc;
}

describe('criteria API', () => {
  it('GET /criteria gives the current document with an ETag, 304 when unchanged', async () => {
    const first = await json(call('GET', '/api/v1/criteria', { token: tokens.clerk }));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, profile: 'default', author: 'test seed' });
    expect(first.body.document).toEqual(JSON.parse(JSON.stringify(defaultCriteria)));
    const etag = first.headers.get('etag')!;
    expect(etag).toBe('"criteria-v1"');
    const again = await call('GET', '/api/v1/criteria', { token: tokens.clerk, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const stale = await call('GET', '/api/v1/criteria', { token: tokens.clerk, headers: { 'if-none-match': '"criteria-v0"' } });
    expect(stale.status).toBe(200);
  });

  it('PUT needs If-Match (428), refuses a stale one (412) and an invalid document (422 with paths)', async () => {
    const body = { document: withIncomeLine(4100), note: 'raise' };
    expect((await call('PUT', '/api/v1/criteria', { token: tokens.county, body })).status).toBe(428);
    const stale = await json(call('PUT', '/api/v1/criteria', { token: tokens.county, body, headers: { 'if-match': '"criteria-v9"' } }));
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');

    const invalid = structuredClone(defaultCriteria) as any;
    invalid.indicators[0].weight = -5;
    delete invalid.townships;
    const refused = await json(
      call('PUT', '/api/v1/criteria', { token: tokens.county, body: { document: invalid }, headers: { 'if-match': '"criteria-v1"' } }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors.length).toBeGreaterThanOrEqual(2);
    const paths = refused.body.errors.map((e: { path: string }) => e.path).join(' ');
    expect(paths).toMatch(/townships/);
    expect(paths).toMatch(/indicators/);
    for (const error of refused.body.errors) {
      expect(error.zh).toEqual(expect.any(String));
      expect(error.en).toEqual(expect.any(String));
    }
  });

  it('PUT stores a new version with author and note; old versions stay readable', async () => {
    const put = await json(
      call('PUT', '/api/v1/criteria', {
        token: tokens.county,
        body: { document: withIncomeLine(4200), note: '2021 标准' },
        headers: { 'if-match': '"criteria-v1"' },
      }),
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 2, note: '2021 标准', author: expect.stringContaining('county') });
    expect(put.headers.get('etag')).toBe('"criteria-v2"');

    const current = await json(call('GET', '/api/v1/criteria', { token: tokens.county }));
    expect(current.body.version).toBe(2);
    expect(current.body.document.parameters.income_line).toBe(4200);

    const versions = await json(call('GET', '/api/v1/criteria/versions', { token: tokens.clerk }));
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await json(call('GET', '/api/v1/criteria/versions/1', { token: tokens.clerk }));
    expect(v1.body.document.parameters.income_line).toBe(4000);
    expect((await call('GET', '/api/v1/criteria/versions/99', { token: tokens.clerk })).status).toBe(404);
    expect((await call('GET', '/api/v1/criteria/versions/abc', { token: tokens.clerk })).status).toBe(400);
  });

  it('two concurrent PUTs with the same If-Match: exactly one wins, no version lost', async () => {
    const current = await json(call('GET', '/api/v1/criteria', { token: tokens.county }));
    const etag = current.headers.get('etag')!;
    const [a, b] = await Promise.all(
      [4300, 4400].map((line) =>
        call('PUT', '/api/v1/criteria', {
          token: line === 4300 ? tokens.county : tokens.admin,
          body: { document: withIncomeLine(line), note: `line ${line}` },
          headers: { 'if-match': etag },
        }),
      ),
    );
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const versions = await json(call('GET', '/api/v1/criteria/versions', { token: tokens.county }));
    const numbers = versions.body.map((v: { version: number }) => v.version);
    expect(numbers).toEqual([current.body.version + 1, ...Array.from({ length: current.body.version }, (_, i) => current.body.version - i)]);
  });

  it('answers 400 problem+json for malformed JSON and wrong types, 415 for non-JSON', async () => {
    const malformed = await json(
      call('PUT', '/api/v1/criteria', { token: tokens.county, raw: '{"document": {', headers: { 'if-match': '*' } }),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    expect(malformed.body.type).toMatch(/malformed_json/);
    const wrongType = await json(call('PUT', '/api/v1/criteria', { token: tokens.county, body: { document: 'nope', note: 5 } }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['json.document', 'json.note']));
    const text = await call('PUT', '/api/v1/criteria', { token: tokens.county, raw: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });
});

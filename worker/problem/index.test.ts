import { describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE, problemBody, problemResponse, problems } from './index';

describe('problem+json', () => {
  it('has a status, a title and both languages for every kind', () => {
    for (const [kind, p] of Object.entries(problems)) {
      const body = problemBody(kind as keyof typeof problems);
      expect(body).toMatchObject({ status: p.status, title: p.title, zh: p.zh, en: p.en, detail: p.en });
      expect(body.type).toMatch(new RegExp(`/${kind}$`));
      expect(/[\u4e00-\u9fff]/.test(body.zh)).toBe(true);
    }
  });

  it('answers with the problem content type and keeps extensions', async () => {
    const res = problemResponse('invalid_criteria', { errors: [{ path: 'townships', zh: '缺少', en: 'missing' }] });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({ errors: [{ path: 'townships' }] });
  });
});

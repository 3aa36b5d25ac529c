import { describe, expect, it } from 'vitest';
import { normalizeHeader } from './header';

describe('normalizeHeader', () => {
  it('removes white space, line breaks and invisible zero-width characters, and unifies brackets', () => {
    expect(normalizeHeader(' 人均纯收入\n（元） ')).toBe('人均纯收入(元)');
    expect(normalizeHeader('户\u3000编号')).toBe('户编号');
    expect(normalizeHeader('\u200b户编号\u200d')).toBe('户编号');
    expect(normalizeHeader('户\u2060编\u200c号')).toBe('户编号');
    expect(normalizeHeader(null)).toBe('');
  });
});

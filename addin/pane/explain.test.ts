import { describe, expect, it } from 'vitest';
import { ClerkMessage, explainFailure } from './explain';
import { translator } from './i18n';

describe('explainFailure', () => {
  it('shows guidance (a step the clerk must take) as is, and a real failure as 出错了', () => {
    const t = translator('zh');
    expect(explainFailure(new ClerkMessage(t('needToken')), t, 'zh')).toBe(t('needToken'));
    expect(explainFailure(new Error('boom'), t, 'zh')).toBe('出错了：boom');
    expect(explainFailure(new ClerkMessage('Validate first.'), translator('en'), 'en')).toBe('Validate first.');
  });
});

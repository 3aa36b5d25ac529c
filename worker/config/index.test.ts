import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES, readConfig } from './index';

describe('readConfig', () => {
  it('splits origins, trims them and drops trailing slashes', () => {
    expect(readConfig({ ADDIN_ORIGINS: ' https://a.test/, https://b.test ,, ' }).addinOrigins).toEqual([
      'https://a.test',
      'https://b.test',
    ]);
  });

  it('uses the default body limit when the var is absent or malformed', () => {
    expect(readConfig({}).bodyLimitBytes).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(readConfig({ BODY_LIMIT_BYTES: 'lots' }).bodyLimitBytes).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(readConfig({ BODY_LIMIT_BYTES: '-1' }).bodyLimitBytes).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(readConfig({ BODY_LIMIT_BYTES: '1024' }).bodyLimitBytes).toBe(1024);
  });
});

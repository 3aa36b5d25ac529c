import { describe, expect, it } from 'vitest';
import { configOf, DEFAULT_BODY_LIMIT_BYTES, readConfig } from './index';

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

describe('configOf', () => {
  it('reads each bindings object once', () => {
    const env = { BODY_LIMIT_BYTES: '2048' };
    expect(configOf(env)).toBe(configOf(env));
    expect(configOf(env).bodyLimitBytes).toBe(2048);
    expect(configOf({ BODY_LIMIT_BYTES: '4096' }).bodyLimitBytes).toBe(4096);
  });
});

import { describe, expect, it } from 'vitest';
import { criteriaEtag, noneMatchHits, versionFromEtag } from './etag';

describe('criteria ETags', () => {
  it('round-trips the version, weak or strong', () => {
    expect(versionFromEtag(criteriaEtag(7))).toBe(7);
    expect(versionFromEtag(`W/${criteriaEtag(7)}`)).toBe(7);
    expect(versionFromEtag('"something"')).toBeNull();
  });

  it('matches If-None-Match lists and *', () => {
    expect(noneMatchHits('"x", W/"criteria-v3"', criteriaEtag(3))).toBe(true);
    expect(noneMatchHits('*', criteriaEtag(3))).toBe(true);
    expect(noneMatchHits('"criteria-v2"', criteriaEtag(3))).toBe(false);
    expect(noneMatchHits(undefined, criteriaEtag(3))).toBe(false);
  });
});

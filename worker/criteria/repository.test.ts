import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { d1Storage } from '../storage/index';
import {
  criteriaVersion,
  insertCriteriaVersion,
  latestCriteria,
  latestVersionNumber,
  listCriteriaVersions,
  seedCriteria,
} from './repository';

// A placeholder document: the repository stores JSON text and never looks inside it.
const doc = (n: number) => JSON.stringify({ placeholder: n });

describe('criteria repository', () => {
  const storage = d1Storage(env.DB);

  it('seeds version 1 once, then versions only grow', async () => {
    expect(await latestCriteria(storage)).toBeNull();
    expect(await seedCriteria(storage, { json: doc(1), profile: 'default', author: 'seed' })).toBe(true);
    expect(await seedCriteria(storage, { json: doc(99), profile: 'default', author: 'seed' })).toBe(false);
    expect(await insertCriteriaVersion(storage, 1, { json: doc(2), profile: 'default', author: 'a', note: 'n' })).toBe(2);
    expect(await insertCriteriaVersion(storage, 1, { json: doc(3), profile: 'default', author: 'b' })).toBeNull();
    expect(await latestVersionNumber(storage)).toBe(2);
    expect((await latestCriteria(storage))?.json).toBe(doc(2));
    expect((await criteriaVersion(storage, 1))?.json).toBe(doc(1));
    expect((await listCriteriaVersions(storage)).map((v) => v.version)).toEqual([2, 1]);
  });

  it('lets exactly one of many concurrent writers with the same expected version win', async () => {
    const base = await latestVersionNumber(storage);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => insertCriteriaVersion(storage, base, { json: doc(100 + i), profile: 'default', author: `w${i}` })),
    );
    expect(results.filter((r) => r !== null)).toEqual([base + 1]);
    expect(await latestVersionNumber(storage)).toBe(base + 1);
  });
});

import { describe, expect, it } from 'vitest';
import { StampedCache } from './index';

/** A fake database: its stamp is a counter we move; builds are counted. */
function source() {
  const counts = { stamps: 0, builds: 0 };
  let version = 1;
  const database = {};
  const lookup = (name = 'p') => ({
    database,
    name,
    stamp: async () => {
      counts.stamps += 1;
      return version === 0 ? null : `v${version}`;
    },
    build: async () => {
      counts.builds += 1;
      return { key: `v${version}`, value: `${name}@${version}` };
    },
  });
  return { counts, database, lookup, setVersion: (v: number) => (version = v) };
}

describe('StampedCache', () => {
  it('builds once per stamp and serves the cached value while the stamp holds', async () => {
    const cache = new StampedCache();
    const db = source();
    expect(await cache.get(db.lookup())).toEqual({ key: 'v1', value: 'p@1' });
    expect(await cache.get(db.lookup())).toEqual({ key: 'v1', value: 'p@1' });
    expect(db.counts).toEqual({ stamps: 2, builds: 1 });
    db.setVersion(2);
    expect(await cache.get(db.lookup())).toEqual({ key: 'v2', value: 'p@2' });
    expect(db.counts.builds).toBe(2);
  });

  it('answers null when there is nothing to build from', async () => {
    const db = source();
    db.setVersion(0);
    expect(await new StampedCache().get(db.lookup())).toBeNull();
    expect(db.counts.builds).toBe(0);
  });

  it('shares one stamp query and one build among concurrent lookups', async () => {
    const cache = new StampedCache();
    const db = source();
    const values = await Promise.all(Array.from({ length: 5 }, () => cache.get(db.lookup())));
    expect(new Set(values).size).toBe(1);
    expect(db.counts).toEqual({ stamps: 1, builds: 1 });
  });

  it('forgets everything after a write, and keeps names and databases apart', async () => {
    const cache = new StampedCache();
    const one = source();
    const two = source();
    await cache.get(one.lookup('a'));
    await cache.get(one.lookup('b'));
    await cache.get(two.lookup('a'));
    expect([one.counts.builds, two.counts.builds]).toEqual([2, 1]);
    cache.forget();
    await cache.get(one.lookup('a'));
    expect(one.counts.builds).toBe(3);
  });

  it('starts afresh past maxNames per database', async () => {
    const cache = new StampedCache({ maxNames: 2 });
    const db = source();
    for (const name of ['a', 'b', 'c', 'a']) await cache.get(db.lookup(name));
    // a, b cached; c clears them; a is built again.
    expect(db.counts.builds).toBe(4);
  });
});

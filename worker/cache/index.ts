/** A value built from stored data, with the stamp (`key`) of exactly what it was built from. */
export interface Stamped {
  key: string;
}

/** What one lookup needs: where and what, how to read the current stamp, and how to build. */
export interface StampedLookup<T extends Stamped> {
  /** The database the value is read from (caches of two databases never mix). */
  database: object;
  /** What is cached within that database, e.g. a period. */
  name: string;
  /** The stamp of what the value would be built from now (one small query); null: nothing to build from. */
  stamp: () => Promise<string | null>;
  build: () => Promise<T>;
}

/**
 * Per database and name, the last value built, served while its stamp is the current one. A
 * value that is a pure function of its stamp (stored rows that never change in place) is so
 * never stale, whichever isolate wrote something newer.
 *
 * Concurrent lookups of one name share one stamp query (measured with 20 clients on the county
 * summary: 250 instead of 92 reports/s) and one build per stamp. A lookup may so get the stamp of
 * a query that began up to one query's time before it: `forget` after a write through this
 * isolate drops those, so a client sees its own write at once; a write through another isolate
 * is seen by the next query, like a D1 read replica's lag.
 *
 * One cache per app (per isolate), handed to the code that reads and to the code that writes.
 *
 * @example
 * const cache = new StampedCache();
 * const report = await cache.get({ database: storage.database, name: period, stamp, build });
 * cache.forget(); // after storing a submission
 */
export class StampedCache {
  readonly #maxNames: number;
  #values = new WeakMap<object, Map<string, Stamped>>();
  #stampsInFlight = new WeakMap<object, Map<string, Promise<string | null>>>();
  readonly #buildsInFlight = new Map<string, Promise<Stamped>>();

  /** `maxNames`: names kept per database before the cache starts afresh. */
  constructor(options: { maxNames?: number } = {}) {
    this.#maxNames = options.maxNames ?? 32;
  }

  /** The value for the current stamp, cached or built; null when `stamp` finds nothing. */
  async get<T extends Stamped>(lookup: StampedLookup<T>): Promise<T | null> {
    const key = await this.#sharedStamp(lookup);
    if (key === null) return null;
    const cached = this.#valuesOf(lookup.database).get(lookup.name);
    if (cached && cached.key === key) return cached as T;
    const buildKey = `${lookup.name}\n${key}`;
    let pending = this.#buildsInFlight.get(buildKey);
    if (!pending) {
      pending = this.#build(lookup).finally(() => this.#buildsInFlight.delete(buildKey));
      this.#buildsInFlight.set(buildKey, pending);
    }
    return pending as Promise<T>;
  }

  /**
   * After this isolate writes: later lookups start a fresh stamp query and find no cached value
   * (the stamp check alone would drop it too).
   */
  forget(): void {
    this.#values = new WeakMap();
    this.#stampsInFlight = new WeakMap();
  }

  async #build<T extends Stamped>(lookup: StampedLookup<T>): Promise<T> {
    const built = await lookup.build();
    const values = this.#valuesOf(lookup.database);
    if (values.size >= this.#maxNames && !values.has(lookup.name)) values.clear();
    values.set(lookup.name, built);
    return built;
  }

  #valuesOf(database: object): Map<string, Stamped> {
    let values = this.#values.get(database);
    if (!values) {
      values = new Map();
      this.#values.set(database, values);
    }
    return values;
  }

  #sharedStamp(lookup: StampedLookup<Stamped>): Promise<string | null> {
    let stamps = this.#stampsInFlight.get(lookup.database);
    if (!stamps) {
      stamps = new Map();
      this.#stampsInFlight.set(lookup.database, stamps);
    }
    let pending = stamps.get(lookup.name);
    if (!pending) {
      const inFlight = stamps;
      pending = lookup.stamp().finally(() => inFlight.delete(lookup.name));
      inFlight.set(lookup.name, pending);
    }
    return pending;
  }
}

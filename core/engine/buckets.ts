import type { ArrayPool } from './pool';
import { hashString } from '../parse/hash';

/**
 * Equal-value grouping without a hash table per row: every value's 32-bit hash goes into a
 * bucket by a counting sort, then equal values are found inside buckets of a few rows each.
 * On 100k households + 350k members this is several times faster than a Set/Map, whose
 * per-row lookups miss the cache and whose growth the garbage collector pays for.
 */

export interface KeySource {
  /** Values; only rows whose parse status is OK (0) take part. */
  values: readonly string[];
  status: Uint8Array;
  /** hashString of each value, when the parser already computed it. */
  hash?: Int32Array | null;
}

/**
 * For the concatenation of the sources (a's rows, then b's), the index of the first row with
 * an equal value, or -1 for rows that do not take part. Sheet order decides "first".
 */
export function firstOccurrence(sources: readonly KeySource[], pool: ArrayPool | null, tag: string): Int32Array {
  return groupValues(sources, pool, tag).first;
}

/**
 * The outcome of a grouping. A class, not an object with a closure: `find` is called from hot
 * code, which V8 would otherwise specialise on one evaluation's closure (and drop, with that
 * closure, at the next full garbage collection).
 */
export class Grouping {
  constructor(
    /** For each row, the first row with an equal value, or -1 for rows that do not take part. */
    readonly first: Int32Array,
    private readonly sources: readonly KeySource[],
    private readonly start: Int32Array,
    private readonly order: Int32Array,
    private readonly orderHash: Int32Array,
    private readonly mask: number,
  ) {}

  /** The first row holding `value`, or -1. Valid until the next grouping with the same tag. */
  find(value: string): number {
    const h = hashString(value);
    const b = h & this.mask;
    const { start, order, orderHash } = this;
    for (let p = start[b]; p < start[b + 1]; p++) {
      if (orderHash[p] === h && valueAt(this.sources, order[p]) === value) return this.first[order[p]];
    }
    return -1;
  }
}

/** The value of row g of the concatenated sources. */
function valueAt(sources: readonly KeySource[], g: number): string {
  if (sources.length === 1) return sources[0].values[g];
  let k = 0;
  let base = 0;
  while (g - base >= sources[k].status.length) base += sources[k++].status.length;
  return sources[k].values[g - base];
}

/** firstOccurrence, keeping the buckets so values from elsewhere can be looked up. */
export function groupValues(sources: readonly KeySource[], pool: ArrayPool | null, tag: string): Grouping {
  let n = 0;
  for (const s of sources) n += s.status.length;
  const first = new Int32Array(n).fill(-1);
  if (n === 0) return new Grouping(first, sources, new Int32Array(2), first, first, 0);
  // Few enough buckets that the counters stay in L1; each bucket then fits a small table.
  const bits = Math.max(4, Math.min(12, Math.ceil(Math.log2(n / 32))));
  const buckets = 1 << bits;
  const mask = buckets - 1;
  const hash = pool ? pool.i32(`${tag}:hash`, n) : new Int32Array(n);
  const start = new Int32Array(buckets + 1);
  let offset = 0;
  for (const s of sources) {
    const { status: st, values } = s;
    const known = s.hash;
    for (let i = 0; i < st.length; i++) {
      if (st[i] !== 0) continue;
      const h = known ? known[i] : hashString(values[i]);
      hash[offset + i] = h;
      start[(h & mask) + 1]++;
    }
    offset += st.length;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const total = start[buckets];
  const order = pool ? pool.i32(`${tag}:order`, total) : new Int32Array(total);
  const orderHash = pool ? pool.i32(`${tag}:orderHash`, total) : new Int32Array(total);
  const fill = start.slice(0, buckets);
  offset = 0;
  let largest = 0;
  for (const s of sources) {
    const { status: st } = s;
    for (let i = 0; i < st.length; i++) {
      if (st[i] !== 0) continue;
      const g = offset + i;
      const p = fill[hash[g] & mask]++;
      order[p] = g;
      orderHash[p] = hash[g];
    }
    offset += st.length;
  }
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, start[b + 1] - start[b]);
  const size = 1 << Math.ceil(Math.log2(Math.max(4, largest * 2)));
  const table = new Int32Array(size).fill(-1);
  const tmask = size - 1;
  for (let b = 0; b < buckets; b++) {
    const lo = start[b];
    const hi = start[b + 1];
    for (let p = lo; p < hi; p++) {
      const h = orderHash[p];
      const g = order[p];
      let slot = (h >>> bits) & tmask;
      let found = -1;
      for (let q = table[slot]; q !== -1; q = table[(slot = (slot + 1) & tmask)]) {
        if (orderHash[q] === h && valueAt(sources, order[q]) === valueAt(sources, g)) {
          found = order[q];
          break;
        }
      }
      if (found >= 0) first[g] = found;
      else {
        first[g] = g;
        table[slot] = p;
      }
    }
    // Clear only what this bucket used.
    for (let p = lo; p < hi; p++) {
      let slot = (orderHash[p] >>> bits) & tmask;
      while (table[slot] !== -1) {
        table[slot] = -1;
        slot = (slot + 1) & tmask;
      }
    }
  }
  return new Grouping(first, sources, start, order, orderHash, mask);
}

/**
 * The hash that groups equal values (engine/buckets). One definition, so a hash computed while
 * parsing (IDs hash their characters as they are read) equals hashString of the parsed value.
 */

export const HASH_SEED = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step over a pair of UTF-16 code units (the second in the high half). */
export function hashPair(h: number, first: number, second: number): number {
  return Math.imul(h ^ (first | (second << 16)), FNV_PRIME);
}

/** murmur3's finaliser: carries the high unit of each pair into the low bits that pick a bucket. */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * FNV-1a over pairs of UTF-16 code units, then the finaliser. Two units per multiply halve the
 * dependency chain (an 18-character ID is 9 steps, not 18).
 */
export function hashString(s: string): number {
  let h = HASH_SEED;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = hashPair(h, s.charCodeAt(i), s.charCodeAt(i + 1));
  if (i < n) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return hashFinish(h);
}

import type { CompiledCriteria } from '../criteria/compile';

/**
 * Typed arrays kept between evaluations with the same compiled criteria. A county re-validates
 * the same roster many times; reusing the buffers keeps megabytes of short-lived arrays away
 * from the garbage collector. Evaluations are synchronous, so one pool per criteria is safe.
 */
export class ArrayPool {
  private readonly u8s = new Map<string, Uint8Array>();
  private readonly f64s = new Map<string, Float64Array>();
  private readonly i32s = new Map<string, Int32Array>();
  private readonly strs = new Map<string, string[]>();
  private readonly kept = new Map<string, unknown>();

  /** A zeroed-or-stale Uint8Array view of length n: callers fill what they read. */
  u8(key: string, n: number): Uint8Array {
    let a = this.u8s.get(key);
    if (!a || a.length < n) this.u8s.set(key, (a = new Uint8Array(grow(n))));
    return a.subarray(0, n);
  }

  f64(key: string, n: number): Float64Array {
    let a = this.f64s.get(key);
    if (!a || a.length < n) this.f64s.set(key, (a = new Float64Array(grow(n))));
    return a.subarray(0, n);
  }

  /** A string array of exactly n slots, each set to ''. */
  strings(key: string, n: number): string[] {
    let a = this.strs.get(key);
    if (!a) this.strs.set(key, (a = []));
    a.length = n;
    a.fill('');
    return a;
  }

  /**
   * Holds the latest working object of a kind until the next evaluation replaces it. V8's
   * optimised code depends weakly on the hidden classes it has seen; when every object of a
   * class dies at a full garbage collection, the code is thrown away and the next evaluation
   * runs partly unoptimised. Measured on the 100k-household roster with a full collection
   * before each run: median 889 ms when nothing was kept, ~640 ms with the working objects kept
   * (the same as without collections).
   */
  keep(key: string, value: unknown): void {
    this.kept.set(key, value);
  }

  i32(key: string, n: number): Int32Array {
    let a = this.i32s.get(key);
    if (!a || a.length < n) this.i32s.set(key, (a = new Int32Array(grow(n))));
    return a.subarray(0, n);
  }
}

/** Some headroom so a slightly larger roster next time does not reallocate. */
function grow(n: number): number {
  return Math.max(16, Math.ceil(n * 1.25));
}

/**
 * The engine's cache: one pool per compiled criteria, owned here rather than carried inside the
 * compiled value (which stays immutable data a caller may share). A WeakMap, so criteria a caller
 * lets go take their buffers and kept objects with them.
 */
const pools = new WeakMap<CompiledCriteria, ArrayPool>();

/** The pool of evaluations with these criteria (created on first use). */
export function poolOf(criteria: CompiledCriteria): ArrayPool {
  let pool = pools.get(criteria);
  if (!pool) pools.set(criteria, (pool = new ArrayPool()));
  return pool;
}

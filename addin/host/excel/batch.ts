/// <reference types="office-js" />
/**
 * Requests kept under a byte budget: work is queued in order and `context.sync()` is called only
 * when the next piece would push the request past the budget (and once at the end), so a large
 * write takes ⌈bytes ÷ budget⌉ round trips and none passes Excel on the web's 5 MB limit.
 */

/** Bytes per request: under the 4 MB goal (estimates below are generous, so real requests are smaller). */
export const REQUEST_BUDGET = 3_900_000;
/** What one queued action costs on the wire beyond its arguments (object path, ids, names). */
export const ACTION_BYTES = 300;

export class Batch {
  private bytes = 0;
  /** Round trips made so far. */
  syncs = 0;

  constructor(
    private readonly context: Excel.RequestContext,
    private readonly budget = REQUEST_BUDGET,
  ) {}

  /** Make room for `actions` actions carrying `argBytes` of arguments, syncing first if needed. */
  async room(argBytes: number, actions = 1): Promise<void> {
    const cost = argBytes + actions * ACTION_BYTES;
    if (this.bytes > 0 && this.bytes + cost > this.budget) await this.flush();
    this.bytes += cost;
  }

  /** Bytes still free in the current request (the whole budget right after a sync). */
  remaining(): number {
    return this.budget - this.bytes;
  }

  async flush(): Promise<void> {
    if (this.bytes === 0) return;
    this.bytes = 0;
    await this.context.sync();
    this.syncs++;
  }
}

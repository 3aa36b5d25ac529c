/**
 * Office.js's batching model, faked: a RequestContext queues actions; `sync()` sends them as one
 * request (its bytes checked against the limit before anything runs), runs them in order (an
 * error stops the batch, earlier actions stay applied, as in Excel) and answers the loads (the
 * response's bytes checked after). A property read before `load` + `sync` throws PropertyNotLoaded.
 */
import { ACTION_OVERHEAD_BYTES, FakeExcelError, type FakeHost, jsonBytes, OBJECT_PATH_BYTES, type SyncRecord, utf8Length } from './host';

interface Action {
  /** The call's arguments, serialised (and weighed) at sync time as Office.js sends them. */
  args: unknown;
  run: () => void;
}

const actionBytes = (a: Action) =>
  ACTION_OVERHEAD_BYTES + (a.args === undefined ? 0 : typeof a.args === 'string' ? utf8Length(a.args) : jsonBytes(a.args));

export class FakeRequestContext {
  readonly host: FakeHost;
  private queue: Action[] = [];
  /** Object paths created since the last sync; they travel with the next request. */
  private pathBytes = 0;
  private responseBytes = 0;
  private afterSync: (() => void)[] = [];
  /** Office.js API surface the adapter may touch; tracking is a no-op in the fake. */
  readonly trackedObjects = { add: () => undefined, remove: () => undefined };
  workbook: unknown;

  constructor(host: FakeHost, makeWorkbook: (ctx: FakeRequestContext) => unknown) {
    this.host = host;
    this.workbook = makeWorkbook(this);
  }

  /** Queue an action whose arguments weigh `args` (JSON) on the request. */
  enqueue(args: unknown, run: () => void): void {
    this.queue.push({ args, run });
  }

  /** An API object was created: its path goes out with the next request. */
  objectCreated(): void {
    this.pathBytes += OBJECT_PATH_BYTES;
  }

  /** Count bytes of a load's answer. */
  respond(bytes: number): void {
    this.responseBytes += bytes;
  }

  /** Run after the current sync succeeds (events fire after the change is made). */
  onSynced(fn: () => void): void {
    this.afterSync.push(fn);
  }

  async sync(): Promise<void> {
    const started = performance.now();
    const actions = this.queue;
    const requestBytes = actions.reduce((n, a) => n + actionBytes(a), 0) + this.pathBytes;
    this.queue = [];
    this.pathBytes = 0;
    this.responseBytes = 0;
    this.afterSync = [];
    const record: SyncRecord = { requestBytes, responseBytes: 0, actions: actions.length, ms: 0 };
    this.host.syncs.push(record);
    try {
      this.execute(actions, record);
    } finally {
      record.ms = performance.now() - started;
    }
    // Office.js answers asynchronously; a tick keeps callers honest about awaiting.
    await Promise.resolve();
    for (const fn of this.afterSync) fn();
  }

  /** Run one request as Excel would: refuse it whole if too large, stop at the first failing action. */
  private execute(actions: Action[], record: SyncRecord): void {
    if (record.requestBytes > this.host.limits.requestBytes) {
      record.error = 'RequestPayloadSizeLimitExceeded';
      throw new FakeExcelError(
        'RequestPayloadSizeLimitExceeded',
        `The request payload size (${record.requestBytes} bytes) has exceeded the limit.`,
      );
    }
    try {
      for (const action of actions) action.run();
    } catch (err) {
      record.error = err instanceof FakeExcelError ? err.code : 'GeneralException';
      throw err;
    }
    record.responseBytes = this.responseBytes;
    if (this.responseBytes > this.host.limits.responseBytes) {
      record.error = 'ResponsePayloadSizeLimitExceeded';
      throw new FakeExcelError(
        'RequestPayloadSizeLimitExceeded',
        `The response payload size (${this.responseBytes} bytes) has exceeded the limit.`,
      );
    }
  }
}

export type LoadOption = string | string[] | { select?: string | string[] } | undefined;

/** "a, b/c" | ["a", "b/c"] | {select} → trimmed paths. */
export function loadPaths(option: LoadOption): string[] | null {
  if (option === undefined) return null;
  const raw = typeof option === 'string' ? option.split(',') : Array.isArray(option) ? option : (loadPaths(option.select) ?? []);
  return raw.map((p) => p.trim()).filter(Boolean);
}

/**
 * Base of every fake API object. The target (state the object stands for) is resolved once,
 * at sync time, when the first action needing it runs — as Excel resolves object paths.
 */
export abstract class ClientObject<T> {
  readonly context: FakeRequestContext;
  private resolver: () => T | null;
  private target: T | null | undefined;
  private resolved = false;
  protected loaded: Record<string, unknown> = {};
  private children = new Map<string, unknown>();
  /** Scalar properties `load()` without arguments returns. */
  protected abstract scalars: readonly string[];

  constructor(context: FakeRequestContext, resolver: () => T | null) {
    this.context = context;
    this.resolver = resolver;
    context.objectCreated?.();
  }

  /** A navigation property's object, the same one on every access (so what it loads stays). */
  protected child<C>(key: string, make: () => C): C {
    let c = this.children.get(key) as C | undefined;
    if (c === undefined) {
      c = make();
      this.children.set(key, c);
    }
    return c;
  }

  /** The state object; throws ItemNotFound on a null object. */
  protected t(): T {
    const t = this.resolveTarget();
    if (t === null) throw new FakeExcelError('ItemNotFound', `The requested resource doesn't exist (${this.constructor.name}).`);
    return t;
  }

  resolveTarget(): T | null {
    if (!this.resolved) {
      this.target = this.resolver();
      this.resolved = true;
    }
    return this.target as T | null;
  }

  /** Queue the object's own resolution (getItem…): its errors surface at sync, in order. */
  trackResolution(args: unknown): this {
    this.context.enqueue(args, () => {
      this.resolveTarget();
      this.loaded.isNullObject = this.target === null;
    });
    return this;
  }

  get isNullObject(): boolean {
    return this.get('isNullObject') as boolean;
  }

  protected get(name: string): unknown {
    if (!(name in this.loaded)) {
      throw new FakeExcelError(
        'PropertyNotLoaded',
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loaded[name];
  }

  /** Queue a change: `args` is what Office.js would put on the wire. */
  protected act(args: unknown, run: (target: T) => void): void {
    this.context.enqueue(args, () => run(this.t()));
  }

  load(option?: LoadOption): this {
    const paths = loadPaths(option);
    this.context.enqueue(paths ?? '*', () => this.applyLoad(paths ?? [...this.scalars]));
    return this;
  }

  /** Run a load at sync time: scalars read from state, "child/prop" paths handed to children. */
  applyLoad(paths: string[]): void {
    const target = this.resolveTarget();
    this.loaded.isNullObject = target === null;
    if (target === null) return;
    const nested = new Map<string, string[]>();
    for (const path of paths) {
      const [head, ...rest] = path.split('/');
      if (rest.length || !this.scalars.includes(head)) {
        nested.set(head, [...(nested.get(head) ?? []), ...(rest.length ? [rest.join('/')] : [])]);
        continue;
      }
      const value = this.read(head, target);
      this.loaded[head] = value;
      this.context.respond(utf8Length(head) + 4 + jsonBytes(value));
    }
    for (const [head, rest] of nested) this.loadChild(head, rest);
  }

  protected loadChild(head: string, rest: string[]): void {
    const child = (this as unknown as Record<string, unknown>)[head];
    if (!(child instanceof ClientObject)) throw new FakeExcelError('InvalidArgument', `Cannot load '${head}' on ${this.constructor.name}.`);
    child.applyLoad(rest.length ? rest : [...child.scalars]);
  }

  /** Read one scalar property from the state (called at sync time). */
  protected abstract read(name: string, target: T): unknown;

  toJSON(): Record<string, unknown> {
    return { ...this.loaded };
  }
}

/** A collection: `items` is loaded as fresh objects over the state's current members. */
export abstract class ClientCollection<T, Item extends ClientObject<unknown>> extends ClientObject<T> {
  protected scalars: readonly string[] = ['items'];
  private loadedItems: Item[] | null = null;

  get items(): Item[] {
    if (!this.loadedItems) this.get('items');
    return this.loadedItems as Item[];
  }

  protected abstract members(target: T): Item[];

  override applyLoad(paths: string[]): void {
    const target = this.resolveTarget();
    this.loaded.isNullObject = target === null;
    if (target === null) return;
    const itemPaths = paths.filter((p) => p === 'items' || p.startsWith('items/')).map((p) => p.slice(6));
    const items = this.members(target);
    for (const item of items)
      item.applyLoad(
        itemPaths.filter(Boolean).length ? itemPaths.filter(Boolean) : [...(item as unknown as { scalars: string[] }).scalars],
      );
    this.loadedItems = items;
    this.loaded.items = true;
  }

  protected read(): unknown {
    return undefined;
  }
}

/**
 * The pane's side of the engine Web Worker: one promise per call, answered in order.
 *
 * @example
 * const engine = engineClient(new Worker('engine.js'));
 * const facts = await engine.call({ op: 'criteria', document });
 */
import type { EngineCall, EngineReplies, EngineResponse } from './protocol';

export class EngineError extends Error {
  constructor(
    message: string,
    readonly text?: { zh: string; en: string },
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface EngineClient {
  call<C extends EngineCall>(call: C): Promise<EngineReplies[C['op']]>;
  terminate(): void;
}

/** Anything with postMessage/onmessage: a Worker in the page, a fake in tests. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  terminate?(): void;
}

export function engineClient(worker: MessagePortLike): EngineClient {
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  worker.onmessage = function onEngineReply(event: MessageEvent<EngineResponse>) {
    const reply = event.data;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else {
      const { message, zh, en } = reply.error;
      waiting.reject(new EngineError(message, zh && en ? { zh, en } : undefined));
    }
  };
  return {
    call(call) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ ...call, id });
      });
    },
    terminate() {
      worker.terminate?.();
    },
  };
}

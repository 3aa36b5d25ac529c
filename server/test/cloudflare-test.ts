import worker from '../../worker/index';
import { NodeDatabase } from '../storage/d1-compatible';
import { applyMigrations, type Migration } from '../storage/migrations';
import { env } from './node-env';

// Stands in for `cloudflare:test` when the Worker's tests run on Node: SELF calls the Worker's own
// entry (worker/index.ts) with the Node env, as workerd's SELF does.

export type D1Migration = Migration;

const executionContext = {
  waitUntil(promise: Promise<unknown>) {
    promise.catch(() => {});
  },
  passThroughOnException() {},
  props: {},
};

export const SELF = {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return Promise.resolve(worker.fetch(new Request(input, init), env as never, executionContext as never));
  },
};

/** An ExecutionContext whose waitUntil work `waitOnExecutionContext` awaits, as in workerd. */
export function createExecutionContext(): ExecutionContext & { pending: Promise<unknown>[] } {
  const pending: Promise<unknown>[] = [];
  return {
    pending,
    waitUntil(promise: Promise<unknown>) {
      pending.push(promise);
    },
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext & { pending: Promise<unknown>[] };
}

export async function waitOnExecutionContext(context: ExecutionContext): Promise<void> {
  await Promise.allSettled((context as unknown as { pending: Promise<unknown>[] }).pending ?? []);
}

export async function applyD1Migrations(db: unknown, migrations: Migration[]): Promise<void> {
  if (!(db instanceof NodeDatabase)) throw new TypeError('applyD1Migrations on Node takes the NodeDatabase of env.DB');
  await applyMigrations(db.engine, migrations);
}

export { env };

import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { defaultCriteria } from '../../core/index';
import { seedCriteria } from '../criteria/repository';
import { d1Storage } from '../storage/index';
import { createToken, type Role } from '../tokens/index';

export const storage = () => d1Storage(env.DB);

/** Seeds criteria version 1 from the default document (once per test file). */
export async function seedDefault(): Promise<void> {
  await seedCriteria(storage(), { json: JSON.stringify(defaultCriteria), profile: 'default', author: 'test seed' });
}

export interface Tokens {
  admin: string;
  county: string;
  clerk: string;
  /** A clerk of another township. */
  otherClerk: string;
}

export const CLERK_TOWNSHIP = '新哨镇';
export const OTHER_TOWNSHIP = '虹溪镇';

export async function makeTokens(): Promise<Tokens> {
  const make = async (role: Role, township?: string) =>
    (await createToken(storage(), { role, township, label: `${role} ${township ?? ''}`.trim() })).token;
  return {
    admin: await make('admin'),
    county: await make('county'),
    clerk: await make('clerk', CLERK_TOWNSHIP),
    otherClerk: await make('clerk', OTHER_TOWNSHIP),
  };
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** A raw body (string) sent as is, for malformed-JSON tests. */
  raw?: string;
  headers?: Record<string, string>;
}

let calls = 0;

/** One request to the Worker as a client would make it. */
export function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  // Each call from its own address (198.18.0.0/15, set aside for tests): failed authentications
  // are limited per address, and only the tests about that limit send from one on purpose.
  if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', `198.18.${(calls >> 8) & 255}.${calls++ & 255}`);
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return SELF.fetch(`https://roster.test${path}`, { method, headers, body });
}

/** Asserts nothing; returns the parsed JSON body with the status, for terse expectations. */
export async function json<T = any>(response: Response | Promise<Response>): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await response;
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as T) : (undefined as T), headers: res.headers };
}

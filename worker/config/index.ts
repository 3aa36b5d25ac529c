import type { Bindings } from '../env';

export const DEFAULT_BODY_LIMIT_BYTES = 20 * 1024 * 1024;

/** The Worker's settings, parsed once from its string bindings. */
export interface WorkerConfig {
  addinOrigins: string[];
  bodyLimitBytes: number;
}

/**
 * Reads the plain-text vars (wrangler.toml `[vars]`) into typed settings; a malformed limit falls
 * back to the default rather than disabling the check.
 *
 * @example
 * const { bodyLimitBytes } = readConfig(c.env);
 */
export function readConfig(env: Pick<Bindings, 'ADDIN_ORIGINS' | 'BODY_LIMIT_BYTES'>): WorkerConfig {
  const addinOrigins = (env.ADDIN_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin.length > 0);
  const limit = Number(env.BODY_LIMIT_BYTES);
  const bodyLimitBytes = Number.isSafeInteger(limit) && limit > 0 ? limit : DEFAULT_BODY_LIMIT_BYTES;
  return { addinOrigins, bodyLimitBytes };
}

const configs = new WeakMap<object, WorkerConfig>();

/**
 * `readConfig`, once per bindings object: the runtime hands every request of an isolate the same
 * one, so middleware reads its settings without parsing them per request.
 *
 * @example
 * const { addinOrigins } = configOf(c.env);
 */
export function configOf(env: Pick<Bindings, 'ADDIN_ORIGINS' | 'BODY_LIMIT_BYTES'>): WorkerConfig {
  let config = configs.get(env);
  if (!config) {
    config = readConfig(env);
    configs.set(env, config);
  }
  return config;
}

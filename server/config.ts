import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IdHmacAlgorithm, parseAlgorithm } from './ids/algorithm';

/** The nearest folder above `from` with the project's package.json (sources and bundle alike). */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'worker', 'migrations'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no Roster Check project above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot();

/** The Node host's settings, from the environment (systemd EnvironmentFile, docker -e, a shell). */
export interface ServerConfig {
  port: number;
  host: string;
  /** sqlite:path, a file path, or postgres://… */
  databaseUrl: string;
  idHmacKey: string;
  /** Where the key came from, for the start-up log (never the key itself). */
  idHmacKeySource: string;
  idHmacAlgorithm: IdHmacAlgorithm;
  /** Passed to the Worker app as its vars. */
  addinOrigins: string;
  bodyLimitBytes: string;
  /** The built pane and offline page (npm run build). */
  publicDir: string;
  /** Take the client address from X-Forwarded-For (only behind a gateway that sets it). */
  trustProxy: boolean;
  /** Milliseconds SIGTERM waits for requests in flight. */
  shutdownGraceMs: number;
}

function readSecret(env: NodeJS.ProcessEnv, dataDir: string): { key: string; source: string } {
  if (env.ID_HMAC_KEY) return { key: env.ID_HMAC_KEY, source: 'ID_HMAC_KEY' };
  // systemd's LoadCredential= and docker secrets hand secrets over as files.
  const file = env.ID_HMAC_KEY_FILE ?? (env.CREDENTIALS_DIRECTORY ? join(env.CREDENTIALS_DIRECTORY, 'id_hmac_key') : undefined);
  if (file) {
    const key = readFileSync(file, 'utf8').trim();
    if (!key) throw new Error(`${file} is empty: ID_HMAC_KEY_FILE must hold the key`);
    return { key, source: file };
  }
  // First start on a fresh machine: a key of its own, kept beside the database (back it up with it).
  const generated = join(dataDir, 'id_hmac_key');
  if (!existsSync(generated)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(generated, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  }
  chmodSync(generated, 0o600);
  return { key: readFileSync(generated, 'utf8').trim(), source: generated };
}

/**
 * Reads the host's settings. Defaults make `npm run serve` work on a fresh clone: port 8788, a
 * SQLite file and a generated ID key under data/ (git-ignored).
 *
 * @example
 * const config = readServerConfig(process.env);
 */
export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const dataDir = resolve(env.DATA_DIR ?? join(PROJECT_ROOT, 'data'));
  const port = Number(env.PORT ?? 8788);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const secret = readSecret(env, dataDir);
  if (secret.key.length < 32) throw new Error('ID_HMAC_KEY must be at least 32 characters (openssl rand -hex 32)');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? `sqlite:${join(dataDir, 'roster.db')}`,
    idHmacKey: secret.key,
    idHmacKeySource: secret.source,
    idHmacAlgorithm: parseAlgorithm(env.ID_HMAC_ALGORITHM),
    addinOrigins: env.ADDIN_ORIGINS ?? '',
    bodyLimitBytes: env.BODY_LIMIT_BYTES ?? '',
    publicDir: resolve(env.PUBLIC_DIR ?? join(PROJECT_ROOT, 'dist', 'public')),
    trustProxy: /^(1|true|yes)$/i.test(env.TRUST_PROXY ?? ''),
    shutdownGraceMs: Number(env.SHUTDOWN_GRACE_MS ?? 25_000),
  };
}

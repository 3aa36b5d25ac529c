import { serve } from '@hono/node-server';
import { useIdSigner } from '../worker/ids/index';
import { collationWarning, prepareDatabase } from './bootstrap';
import { readServerConfig } from './config';
import { openDatabase, redactUrl } from './database';
import { createHost } from './host';
import { signerFactory } from './ids/algorithm';
import { jsonLog } from './log';

/**
 * `npm run serve`: the Worker's app on the county's own server (政务云). Applies migrations, seeds
 * criteria version 1 and a first admin token on an empty database (printed once), then serves the
 * API and the built pane until SIGTERM, which lets requests in flight finish.
 */
async function main(): Promise<void> {
  const log = jsonLog();
  const config = readServerConfig(process.env);
  useIdSigner(signerFactory(config.idHmacAlgorithm));
  const db = openDatabase(config.databaseUrl);
  const prepared = await prepareDatabase(db, { algorithm: config.idHmacAlgorithm });
  log('database_ready', {
    database: redactUrl(config.databaseUrl),
    dialect: db.dialect,
    migrationsApplied: prepared.migrations,
    criteriaSeeded: prepared.seeded,
    idHmacAlgorithm: config.idHmacAlgorithm,
    idHmacKeyFrom: config.idHmacKeySource,
  });
  const collation = await collationWarning(db);
  if (collation) log('collation', { level: 'warn', warning: collation });
  if (prepared.adminToken) {
    // Shown once, to the operator's terminal (stderr stays out of the request log stream).
    process.stderr.write(
      `\n首个管理员令牌 First admin token (shown once, store it safely; only its hash is kept):\n  ${prepared.adminToken}\n\n`,
    );
  }

  const host = createHost({ db, config, log });
  const server = serve({ fetch: host.fetch, port: config.port, hostname: config.host }, (info) => {
    log('listening', { address: info.address, port: info.port, publicDir: config.publicDir });
  });

  // Longer than the gateway's idle timeout (usually 60 s): the gateway, not this server, closes
  // idle keep-alive connections, so it never sends a request on a socket being closed here.
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('stopping', { signal });
    // No new connections; requests in flight finish, then their connections close.
    server.close(async () => {
      await db.close();
      log('stopped', {});
      process.exit(0);
    });
    const connections = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
    connections.closeIdleConnections?.();
    setTimeout(() => {
      log('shutdown_timeout', { level: 'warn', graceMs: config.shutdownGraceMs });
      connections.closeAllConnections?.();
    }, config.shutdownGraceMs).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'start_failed', error: String(error instanceof Error ? error.message : error) })}\n`);
  process.exit(1);
});

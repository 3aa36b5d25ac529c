import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { adminRoutes } from './admin/routes';
import { authenticate } from './auth/index';
import { configOf } from './config/index';
import { criteriaRoutes } from './criteria/routes';
import { apiDocs } from './docs/index';
import type { AppEnv } from './env';
import { decodeBody } from './http/body-encoding';
import { refuseUnknownQuery } from './http/query-guard';
import { handleError, handleNotFound } from './http/errors';
import { meRoutes } from './me/routes';
import { validationHook } from './http/validation';
import { previewRoutes } from './preview/routes';
import { problemJson } from './problem/index';
import { reportRoutes } from './reports/routes';
import { rescoreRoutes } from './rescore/routes';
import { d1Storage, type Storage } from './storage/index';
import { StampedCache } from './cache/index';
import { submissionRoutes } from './submissions/routes';
import { validateRoutes } from './validate/routes';

export interface AppOptions {
  /**
   * Where the data lives; defaults to the D1 binding. The seam that lets the same app run on
   * Node + SQLite (a county's own servers) with an adapter of the same shape.
   */
  storage?: (env: AppEnv['Bindings']) => Storage;
}

/** CORS for the add-in's configured origins, built once (the origins are read from the bindings). */
function addinCors(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => (configOf(c.env as AppEnv['Bindings']).addinOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key'],
    exposeHeaders: ['ETag', 'Location', 'Idempotent-Replayed'],
    maxAge: 600,
  });
}

/**
 * Hono's body limit at BODY_LIMIT_BYTES. Its size is fixed when it is built and the bindings
 * arrive with the request, so one is built per configured size (in practice one per app).
 */
function configuredBodyLimit(): MiddlewareHandler<AppEnv> {
  const limits = new Map<number, MiddlewareHandler>();
  return async function limitBody(c, next) {
    const maxSize = configOf(c.env).bodyLimitBytes;
    let limit = limits.get(maxSize);
    if (!limit) {
      limit = bodyLimit({ maxSize, onError: (limited) => problemJson(limited, 'payload_too_large') });
      limits.set(maxSize, limit);
    }
    return limit(c, next);
  };
}

/**
 * The whole API as a Hono app: middleware, /api/v1 routes, OpenAPI document and Swagger UI.
 *
 * @example
 * export default createApp();
 */
export function createApp(options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const openStorage = options.storage ?? ((env) => d1Storage(env.DB));
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', secureHeaders());
  // The add-in's pane runs on its own origin; only the configured ones may call from a browser.
  app.use('/api/*', addinCors());
  const reportCache = new StampedCache();
  app.use('*', async function attachStorage(c, next) {
    c.set('storage', openStorage(c.env));
    c.set('reportCache', reportCache);
    await next();
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.use('/api/v1/*', authenticate());
  app.use('/api/v1/*', configuredBodyLimit());

  // After the limit on the bytes sent: gzip is decoded (the limit applies again to what it decodes
  // to) and a charset other than UTF-8 refused, before any validator reads the body.
  app.use('/api/v1/*', decodeBody({ maxBytes: (c) => configOf(c.env).bodyLimitBytes }));
  app.use('/api/v1/*', refuseUnknownQuery(app));

  app.route('/api/v1', criteriaRoutes);
  app.route('/api/v1', previewRoutes);
  app.route('/api/v1', validateRoutes);
  app.route('/api/v1', rescoreRoutes);
  app.route('/api/v1', submissionRoutes);
  app.route('/api/v1', reportRoutes);
  app.route('/api/v1', adminRoutes);
  app.route('/api/v1', meRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from POST /api/v1/admin/tokens or `npm start` (.dev-tokens.json)',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Roster Check API (花名册校验)',
      version: '1.0.0',
      description:
        'Criteria versions, roster validation and submissions, county reports. Errors are application/problem+json with zh and en text.',
    },
  });
  app.route('/', apiDocs('/api/openapi.json'));

  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

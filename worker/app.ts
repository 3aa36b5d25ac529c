import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { adminRoutes } from './admin/routes';
import { authenticate } from './auth/index';
import { readConfig } from './config/index';
import { criteriaRoutes } from './criteria/routes';
import { apiDocs } from './docs/index';
import type { AppEnv } from './env';
import { decodeBody } from './http/body-encoding';
import { refuseUnknownQuery } from './http/query-guard';
import { handleError, handleNotFound } from './http/errors';
import { meRoutes } from './me/routes';
import { validationHook } from './http/validation';
import { problemJson } from './problem/index';
import { reportRoutes } from './reports/routes';
import { rescoreRoutes } from './rescore/routes';
import { d1Storage, type Storage } from './storage/index';
import { submissionRoutes } from './submissions/routes';
import { validateRoutes } from './validate/routes';

export interface AppOptions {
  /**
   * Where the data lives; defaults to the D1 binding. The seam that lets the same app run on
   * Node + SQLite (a county's own servers) with an adapter of the same shape.
   */
  storage?: (env: AppEnv['Bindings']) => Storage;
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
  app.use('/api/*', async function corsForAddin(c, next) {
    const { addinOrigins } = readConfig(c.env);
    return cors({
      origin: (origin) => (addinOrigins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key'],
      exposeHeaders: ['ETag', 'Location', 'Idempotent-Replayed'],
      maxAge: 600,
    })(c, next);
  });
  app.use('*', async function attachStorage(c, next) {
    c.set('storage', openStorage(c.env));
    await next();
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.use('/api/v1/*', authenticate());
  app.use('/api/v1/*', async function limitBody(c, next) {
    return bodyLimit({
      maxSize: readConfig(c.env).bodyLimitBytes,
      onError: (limited) => problemJson(limited, 'payload_too_large'),
    })(c, next);
  });

  // After the limit on the bytes sent: gzip is decoded (the limit applies again to what it decodes
  // to) and a charset other than UTF-8 refused, before any validator reads the body.
  app.use('/api/v1/*', decodeBody({ maxBytes: (c) => readConfig(c.env).bodyLimitBytes }));
  app.use('/api/v1/*', refuseUnknownQuery(app));

  app.route('/api/v1', criteriaRoutes);
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

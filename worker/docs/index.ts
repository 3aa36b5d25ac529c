import { swaggerUI } from '@hono/swagger-ui';
import { Hono } from 'hono';
import { SWAGGER_UI_VERSION, swaggerUiBundle, swaggerUiCss } from './swagger-assets.generated';

/** Where the Worker serves Swagger UI's files; the version in the path lets browsers cache them forever. */
export const SWAGGER_ASSETS_BASE = `/api/docs/assets/${SWAGGER_UI_VERSION}`;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * /api/docs: Swagger UI for the OpenAPI document, its CSS and script served by the Worker itself
 * (swagger-ui-dist, pinned in package.json) — a county intranet or an offline laptop has no CDN.
 *
 * @example
 * app.route('/', apiDocs('/api/openapi.json'));
 */
export function apiDocs(openApiUrl: string): Hono {
  const docs = new Hono();
  // @hono/swagger-ui appends "/swagger-ui-dist/<file>" to baseUrl; the version is in our base.
  docs.get('/api/docs', swaggerUI({ url: openApiUrl, baseUrl: SWAGGER_ASSETS_BASE, title: 'Roster Check API (花名册校验)' }));
  docs.get(`${SWAGGER_ASSETS_BASE}/swagger-ui-dist/swagger-ui.css`, (c) =>
    c.body(swaggerUiCss, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': IMMUTABLE }),
  );
  docs.get(`${SWAGGER_ASSETS_BASE}/swagger-ui-dist/swagger-ui-bundle.js`, (c) =>
    c.body(swaggerUiBundle, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': IMMUTABLE }),
  );
  return docs;
}

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ProblemError } from '../problem/index';

interface KnownRoute {
  method: string;
  pattern: RegExp;
  /** Query parameter names the route declares. */
  allowed: Set<string>;
}

/** '/api/v1/criteria/versions/{n}' → /^\/api\/v1\/criteria\/versions\/[^/]+$/ */
function pathPattern(path: string): RegExp {
  const escaped = path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

function queryKeys(query: unknown): Set<string> {
  const shape = (query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return new Set(shape ? Object.keys(shape) : []);
}

/** Every documented route with the query parameters it declares, read from the app's OpenAPI registry. */
export function knownRoutes(app: OpenAPIHono<any>): KnownRoute[] {
  const routes: KnownRoute[] = [];
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { method, path, request } = definition.route;
    routes.push({ method: method.toUpperCase(), pattern: pathPattern(path), allowed: queryKeys(request?.query) });
  }
  return routes;
}

/**
 * Refuses query parameters a route does not declare, as unknown body keys are refused:
 * `summary?period=2026&township=江边乡` must not quietly answer for the whole county. The allowed
 * names come from the routes' own schemas (the OpenAPI registry), read on the first request, so
 * a new parameter is declared once, in its route.
 *
 * @example
 * app.use('/api/v1/*', refuseUnknownQuery(app));
 */
export function refuseUnknownQuery(app: OpenAPIHono<any>): MiddlewareHandler {
  let routes: KnownRoute[] | null = null;
  return async function refuseUnknownQueryMiddleware(c, next) {
    const url = new URL(c.req.url);
    if (url.search.length > 1) {
      routes ??= knownRoutes(app);
      const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
      const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname));
      if (route) {
        const unknown = [...new Set(url.searchParams.keys())].filter((key) => !route.allowed.has(key));
        if (unknown.length > 0) {
          throw new ProblemError('unknown_query', {
            errors: unknown.map((key) => ({
              path: `query.${key}`,
              zh: `未知的查询参数 ${key}（拼写错误？此接口接受：${[...route.allowed].join('、') || '无'}）`,
              en: `query.${key}: unknown parameter (this endpoint takes: ${[...route.allowed].join(', ') || 'none'})`,
            })),
          });
        }
      }
    }
    await next();
  };
}

import type { Context, MiddlewareHandler } from 'hono';

/**
 * Reads the request body as bytes before the route's JSON validator runs. Hono keeps them, the
 * validator parses from that copy, and the handler gets the same bytes back (`takeRawBody`) for
 * work that needs the body as sent: a submission's fingerprint and its sealed copy, which
 * otherwise meant serialising 12 MB of parsed tables again.
 *
 * @example
 * createRoute({ …, middleware: [requireRole('clerk'), keepRawBody] as const });
 */
export const keepRawBody: MiddlewareHandler = async function keepRawBody(c, next) {
  await c.req.arrayBuffer();
  await next();
};

/**
 * The body bytes `keepRawBody` kept, taken out of Hono's body cache: once the caller is done
 * with them they can be collected while the rest of the request runs.
 */
export async function takeRawBody(c: Context): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  delete c.req.bodyCache.arrayBuffer;
  return bytes;
}

import { createRoute } from '@hono/zod-openapi';
import { requireRole } from '../auth/index';
import { assertValidCriteria } from '../criteria/routes';
import { previewRequestSchema, previewResponseSchema } from '../criteria/schemas';
import { newRouter } from '../http/router';
import { bearerSecurity, bodyProblems, problemResponse } from '../openapi/schemas';
import { previewCriteria } from './index';

const preview = createRoute({
  method: 'post',
  path: '/criteria/preview',
  tags: ['criteria'],
  summary: "A candidate document against a period's latest submissions: what would change",
  security: bearerSecurity,
  middleware: [requireRole('county')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: previewRequestSchema } } } },
  responses: {
    ...bodyProblems,
    200: { description: 'Changes per township and new totals', content: { 'application/json': { schema: previewResponseSchema } } },
    400: problemResponse('Malformed request'),
    404: problemResponse('Nothing submitted for the period'),
    422: problemResponse('Invalid criteria document'),
    401: problemResponse('No or bad token'),
    403: problemResponse('Role not allowed'),
  },
});

/**
 * The preview of a candidate criteria document, apart from the criteria service because it reads
 * stored submissions (and submissions read the current criteria).
 */
export const previewRoutes = newRouter().openapi(preview, async (c) => {
  const { document, period } = c.req.valid('json');
  assertValidCriteria(document);
  return c.json(await previewCriteria({ storage: c.var.storage, secret: c.env.ID_HMAC_KEY, document, period }), 200);
});

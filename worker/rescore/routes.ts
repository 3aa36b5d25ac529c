import { clientAddress } from '../audit/index';
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../auth/index';
import { newRouter } from '../http/router';
import { bearerSecurity, bodyProblems, problemResponse } from '../openapi/schemas';
import { periodSchema } from '../periods/index';
import { rescorePeriod } from './index';

const rescoreRequestSchema = z
  .object({
    period: periodSchema,
    maxSubmissions: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'At most this many submissions in this request (default: as many as about 2 s allow; a large township takes one request)' }),
  })
  .strict()
  .openapi('RescoreRequest');

const rescoreResponseSchema = z
  .object({
    period: z.string(),
    criteriaVersion: z.number().int().openapi({ description: 'The criteria version now in force, which the re-scored submissions carry' }),
    rescored: z.array(
      z.object({
        township: z.string(),
        from: z.string().openapi({ description: 'The old submission: kept in history with its own scoring' }),
        fromVersion: z.number().int(),
        to: z.string().openapi({ description: 'The new current submission' }),
        households: z.number().int(),
        ms: z.number().int(),
        statements: z.number().int().openapi({ description: 'D1 statements: the sealed tables read and the one batch stored' }),
      }),
    ),
    skipped: z.array(
      z.object({
        township: z.string(),
        submissionId: z.string(),
        reason: z.enum(['unknown_township', 'unreadable_roster', 'superseded']).openapi({
          description: 'unknown_township: not in the current criteria; unreadable_roster: a header the current criteria do not know; superseded: the township submitted again meanwhile',
        }),
      }),
    ),
    remaining: z.array(z.string()).openapi({ description: 'Townships left for another call (done is false)' }),
    done: z.boolean(),
    statements: z.number().int().openapi({ description: 'D1 statements of this request' }),
  })
  .openapi('RescoreOutcome');

const rescore = createRoute({
  method: 'post',
  path: '/submissions/rescore',
  tags: ['submissions'],
  summary: "Re-score a period's current submissions under the criteria now in force (no township resubmits)",
  description:
    "Each current submission judged under an older criteria version is judged again from its sealed tables and stored as a new current submission (one transaction each); the old one stays in history. Call again while `done` is false.",
  security: bearerSecurity,
  middleware: [requireRole('county', 'admin')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: rescoreRequestSchema } } } },
  responses: {
    ...bodyProblems,
    200: { description: 'What was re-scored, skipped and is left', content: { 'application/json': { schema: rescoreResponseSchema } } },
    400: problemResponse('Malformed request'),
    401: problemResponse('No or bad token'),
    403: problemResponse('Not county or admin'),
    404: problemResponse('Nothing submitted for the period, or no criteria'),
  },
});

/** Re-scoring of a period (county and admin). */
export const rescoreRoutes = newRouter().openapi(rescore, async (c) => {
  const body = c.req.valid('json');
  return c.json(await rescorePeriod(c.var.storage, c.env.ID_HMAC_KEY, c.var.principal, { ...body, address: clientAddress(c), onStored: () => c.var.reportCache.forget() }), 200);
});

import { createRoute, z } from '@hono/zod-openapi';
import { currentCriteria } from '../criteria/current';
import { evaluateRoster } from '../engine/index';
import { newRouter } from '../http/router';
import { bearerSecurity, bodyProblems, problemResponse, rosterResultSchema, tableSchema } from '../openapi/schemas';
import { periodSchema } from '../periods/index';

const validateRequestSchema = z
  .object({
    households: tableSchema,
    members: tableSchema.nullable().optional(),
    period: periodSchema.optional(),
    referenceDate: z.iso.date().optional().openapi({ example: '2020-12-31' }),
  })
  .strict()
  .openapi('ValidateRequest');

const validate = createRoute({
  method: 'post',
  path: '/validate',
  tags: ['validate'],
  summary: 'Check and score a roster with the current criteria; nothing is stored',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: validateRequestSchema } } } },
  responses: {
    ...bodyProblems,
    200: { description: "Core's results", content: { 'application/json': { schema: rosterResultSchema } } },
    400: problemResponse('Malformed request'),
    401: problemResponse('No or bad token'),
    404: problemResponse('No criteria yet'),
  },
});

/** Validation without storing: the same answer the add-in and the CLI get from core. */
export const validateRoutes = newRouter().openapi(validate, async (c) => {
  const body = c.req.valid('json');
  const { version, compiled } = await currentCriteria(c.var.storage);
  const result = evaluateRoster(compiled, {
    households: body.households,
    members: body.members ?? null,
    period: body.period,
    referenceDate: body.referenceDate,
    expectedTownship: c.var.principal.role === 'clerk' ? (c.var.principal.township ?? undefined) : undefined,
  });
  c.header('X-Criteria-Version', String(version));
  return c.json(result, 200);
});

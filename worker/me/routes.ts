import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../http/router';
import { bearerSecurity, problemResponse } from '../openapi/schemas';

const principalSchema = z
  .object({
    role: z.enum(['clerk', 'county', 'admin']),
    township: z.string().nullable(),
    label: z.string().nullable(),
  })
  .openapi('Principal');

const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: "The token's role, township and label (the add-in shows them after connecting)",
  security: bearerSecurity,
  responses: {
    200: { description: 'Who this token is', content: { 'application/json': { schema: principalSchema } } },
    401: problemResponse('No or bad token'),
  },
});

/** GET /me: who the bearer token is — never the token or its id. */
export const meRoutes = newRouter().openapi(me, (c) => {
  const { role, township, label } = c.var.principal;
  return c.json({ role, township: township ?? null, label: label ?? null }, 200);
});

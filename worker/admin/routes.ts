import { createRoute, z } from '@hono/zod-openapi';
import { AUDIT_ACTIONS, auditActor, listAudit } from '../audit/index';
import { forgetTokens } from '../auth/cache';
import { requireRole } from '../auth/index';
import { currentCriteria } from '../criteria/current';
import { newRouter } from '../http/router';
import { bearerSecurity, bodyProblems, problemResponse } from '../openapi/schemas';
import { ProblemError } from '../problem/index';
import { createToken, listTokens, revokeToken, townshipTokens } from '../tokens/index';

const tokenSchema = z
  .object({
    id: z.string(),
    role: z.enum(['clerk', 'county', 'admin']),
    township: z.string().nullable(),
    label: z.string(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable().openapi({ description: 'Refused from this instant (ISO 8601); null: never expires' }),
    lastUsedAt: z.string().nullable().openapi({ description: 'Last use, to about a minute; null: never used' }),
  })
  .openapi('Token');

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An expiry as the officer gives it: a date (the token works through that day, China Standard
 * Time, UTC+8) or an ISO 8601 instant with its offset; stored as UTC ISO text so SQL compares it.
 */
export function expiryInstant(value: string): string | null {
  const instant = DATE_ONLY.test(value) ? Date.parse(`${value}T24:00:00+08:00`) : Date.parse(value);
  if (Number.isNaN(instant) || (!DATE_ONLY.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value))) return null;
  return new Date(instant).toISOString();
}

const expirySchema = z
  .string()
  .refine((value) => expiryInstant(value) !== null, { message: 'expiresAt must be a date (YYYY-MM-DD) or an ISO 8601 instant with offset' })
  .refine((value) => Date.parse(expiryInstant(value) ?? '') > Date.now(), { message: 'expiresAt must be in the future' })
  .openapi({ example: '2027-06-30', description: 'Optional: a date (valid through that day, UTC+8) or an ISO 8601 instant' });

const newTokenSchema = z
  .object({
    role: z.enum(['clerk', 'county', 'admin']),
    township: z.string().min(1).optional().openapi({ description: 'Required for clerk tokens' }),
    label: z.string().min(1).max(200),
    expiresAt: expirySchema.optional(),
  })
  .strict()
  .refine((body) => body.role !== 'clerk' || body.township !== undefined, {
    message: 'a clerk token needs a township',
    path: ['township'],
  })
  // A township on a county or admin token would be dropped without a word: refuse it.
  .refine((body) => body.role === 'clerk' || body.township === undefined, {
    message: 'only a clerk token has a township',
    path: ['township'],
  })
  .openapi('NewToken');

const errors = {
  400: problemResponse('Invalid request'),
  401: problemResponse('No or bad token'),
  403: problemResponse('Not an admin'),
};

const create = createRoute({
  method: 'post',
  path: '/admin/tokens',
  tags: ['admin'],
  summary: 'Create a token (the secret is shown once)',
  security: bearerSecurity,
  middleware: [requireRole('admin')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: newTokenSchema } } } },
  responses: {
    ...bodyProblems,
    422: problemResponse('A clerk township not in the current criteria'),
    201: {
      description: 'Created',
      content: { 'application/json': { schema: tokenSchema.extend({ token: z.string() }).openapi('IssuedToken') } },
    },
    ...errors,
  },
});

const list = createRoute({
  method: 'get',
  path: '/admin/tokens',
  tags: ['admin'],
  summary: 'List tokens (never their secrets)',
  security: bearerSecurity,
  middleware: [requireRole('admin')] as const,
  responses: { 200: { description: 'Tokens', content: { 'application/json': { schema: z.array(tokenSchema) } } }, ...errors },
});

const revoke = createRoute({
  method: 'delete',
  path: '/admin/tokens/{id}',
  tags: ['admin'],
  summary: 'Revoke a token',
  security: bearerSecurity,
  middleware: [requireRole('admin')] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: { 204: { description: 'Revoked' }, 404: problemResponse('No live token with this id'), ...errors },
});

const auditRecordSchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.object({ label: z.string(), role: z.string(), address: z.string().nullable() }),
    action: z.enum(AUDIT_ACTIONS),
    target: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditRecord');

const audit = createRoute({
  method: 'get',
  path: '/admin/audit',
  tags: ['admin'],
  summary: 'The audit log, newest first: who (token label and role), what, when, from where',
  security: bearerSecurity,
  middleware: [requireRole('admin')] as const,
  request: {
    query: z.object({
      before: z.coerce.number().int().min(1).optional().openapi({ description: 'Rows before this seq (the next page)' }),
      action: z.enum(AUDIT_ACTIONS).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: { 200: { description: 'Audit rows', content: { 'application/json': { schema: z.array(auditRecordSchema) } } }, ...errors },
});

const townshipTokenSchema = z
  .object({
    township: z.string(),
    clerkTokens: z.number().int().openapi({ description: 'Live (not revoked, not expired) clerk tokens; 0: none yet' }),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('TownshipTokens');

const townships = createRoute({
  method: 'get',
  path: '/admin/townships',
  tags: ['admin'],
  summary: "Each township of the current criteria with its live clerk tokens (0: it has none yet)",
  security: bearerSecurity,
  middleware: [requireRole('admin')] as const,
  responses: {
    200: {
      description: 'Townships in the criteria order',
      content: {
        'application/json': {
          schema: z.object({ townships: z.array(townshipTokenSchema), withoutToken: z.array(z.string()) }).openapi('TokenCoverage'),
        },
      },
    },
    ...errors,
  },
});

/** Token administration: create, list, revoke, townships without a clerk token (admin only). */
export const adminRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    // Catch a mistyped township now rather than when the clerk's first submission is refused.
    if (body.role === 'clerk') {
      const { compiled } = await currentCriteria(c.var.storage);
      if (!compiled.townships.includes(body.township!)) throw new ProblemError('unknown_township');
    }
    const issued = await createToken(c.var.storage, {
      ...body,
      expiresAt: body.expiresAt === undefined ? null : expiryInstant(body.expiresAt),
      createdBy: c.var.principal.label,
    }, auditActor(c));
    return c.json(issued, 201);
  })
  .openapi(list, async (c) => c.json(await listTokens(c.var.storage), 200))
  .openapi(revoke, async (c) => {
    if (!(await revokeToken(c.var.storage, c.req.valid('param').id, auditActor(c)))) throw new ProblemError('not_found');
    forgetTokens();
    return c.body(null, 204);
  })
  .openapi(audit, async (c) => {
    const query = c.req.valid('query');
    return c.json(await listAudit(c.var.storage, { before: query.before, action: query.action, limit: query.limit }), 200);
  })
  .openapi(townships, async (c) => {
    const { compiled } = await currentCriteria(c.var.storage);
    const list = await townshipTokens(c.var.storage, compiled.townships);
    return c.json({ townships: list, withoutToken: list.filter((t) => t.clerkTokens === 0).map((t) => t.township) }, 200);
  });

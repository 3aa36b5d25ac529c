import { createRoute, z } from '@hono/zod-openapi';
import { clientAddress } from '../audit/index';
import { requireRole, townshipScope } from '../auth/index';
import { keepRawBody, takeRawBody } from '../http/raw-body';
import { newRouter } from '../http/router';
import { bearerSecurity, bodyProblems, problemResponse } from '../openapi/schemas';
import { periodSchema } from '../periods/index';
import { listSubmissions } from './repository';
import { submissionInfoSchema, submissionReceiptSchema, submissionRequestSchema } from './schemas';
import { submitRoster } from './service';

const authErrors = { 401: problemResponse('No or bad token'), 403: problemResponse('Role or township not allowed') };

const submit = createRoute({
  method: 'post',
  path: '/submissions',
  tags: ['submissions'],
  summary: "Submit a township's roster for a period (re-scored with the current criteria)",
  description:
    'Clerks submit for their own township only. Rows with errors are stored and counted. A newer submission for the same township and period supersedes the older one. Idempotency-Key: the same key (per token) with the same body, byte for byte, returns the first answer without storing again; the same key with another body gets 422.',
  security: bearerSecurity,
  // The body's bytes are kept for the fingerprint and the sealed copy (see the service).
  middleware: [requireRole('clerk', 'county'), keepRawBody] as const,
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
    body: { required: true, content: { 'application/json': { schema: submissionRequestSchema } } },
  },
  responses: {
    ...bodyProblems,
    201: { description: 'Stored', content: { 'application/json': { schema: submissionReceiptSchema } } },
    400: problemResponse('Malformed request'),
    404: problemResponse('No criteria yet'),
    422: problemResponse(
      'Unreadable roster, unknown township, a roster with no household in place of one with households, or Idempotency-Key reused with another body',
    ),
    ...authErrors,
  },
});

const list = createRoute({
  method: 'get',
  path: '/submissions',
  tags: ['submissions'],
  summary: 'Submissions with history (county: all; clerk: own township)',
  security: bearerSecurity,
  middleware: [requireRole('clerk', 'county')] as const,
  request: { query: z.object({ period: periodSchema.optional(), township: z.string().min(1).optional() }) },
  responses: {
    200: { description: 'Newest first', content: { 'application/json': { schema: z.array(submissionInfoSchema) } } },
    400: problemResponse('Malformed query'),
    ...authErrors,
  },
});

/** Submissions: store a township's roster for a period; list them. */
export const submissionRoutes = newRouter()
  .openapi(submit, async (c) => {
    const body = c.req.valid('json');
    townshipScope(c.var.principal, body.township);
    const key = c.req.valid('header')['idempotency-key'] ?? null;
    const reportCache = c.var.reportCache;
    const { receipt, replayed, timing } = await submitRoster({
      storage: c.var.storage,
      secret: c.env.ID_HMAC_KEY,
      principal: c.var.principal,
      input: body,
      body: await takeRawBody(c),
      idempotencyKey: key,
      onStored: () => reportCache.forget(),
      address: clientAddress(c),
    });
    if (replayed) c.header('Idempotent-Replayed', 'true');
    // Phases for benchmarks and operators (Server-Timing shows in browser dev tools).
    const phases = Object.entries(timing).map(([name, ms]) => `${name};dur=${Math.round(ms)}`);
    if (phases.length > 0) c.header('Server-Timing', phases.join(', '));
    c.header('Location', `/api/v1/submissions?period=${encodeURIComponent(receipt.period)}`);
    return c.json(receipt, 201);
  })
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    const township = townshipScope(c.var.principal, query.township);
    return c.json(await listSubmissions(c.var.storage, { period: query.period, township }), 200);
  });

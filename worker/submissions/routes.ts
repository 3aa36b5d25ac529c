import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireRole, townshipScope } from '../auth/index';
import { currentCriteria } from '../criteria/current';
import { sha256Hex } from '../digest/index';
import { evaluateRoster, hardIndicators } from '../engine/index';
import type { AppEnv } from '../env';
import { newRouter } from '../http/router';
import { bearerSecurity, problemResponse } from '../openapi/schemas';
import { periodSchema } from '../periods/index';
import { ProblemError } from '../problem/index';
import { seal } from '../vault/index';
import { findIdempotent, insertSubmission, listSubmissions } from './repository';
import { submissionRows } from './rows';
import { submissionInfoSchema, submissionReceiptSchema, submissionRequestSchema, type SubmissionReceipt } from './schemas';

const authErrors = { 401: problemResponse('No or bad token'), 403: problemResponse('Role or township not allowed') };

const submit = createRoute({
  method: 'post',
  path: '/submissions',
  tags: ['submissions'],
  summary: "Submit a township's roster for a period (re-scored with the current criteria)",
  description:
    'Clerks submit for their own township only. Rows with errors are stored and counted. A newer submission for the same township and period supersedes the older one. Idempotency-Key: the same key (per token) with the same body returns the first answer without storing again.',
  security: bearerSecurity,
  middleware: [requireRole('clerk', 'county')] as const,
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
    body: { required: true, content: { 'application/json': { schema: submissionRequestSchema } } },
  },
  responses: {
    201: { description: 'Stored', content: { 'application/json': { schema: submissionReceiptSchema } } },
    400: problemResponse('Malformed request'),
    404: problemResponse('No criteria yet'),
    413: problemResponse('Body too large'),
    422: problemResponse('Unreadable roster, unknown township, or Idempotency-Key reused with another body'),
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
    const principal = c.var.principal;
    const started = performance.now();
    const body = c.req.valid('json');
    townshipScope(principal, body.township);
    const idempotencyKey = c.req.valid('header')['idempotency-key'] ?? null;
    const requestHash = idempotencyKey ? await sha256Hex(JSON.stringify(body)) : null;
    if (idempotencyKey) {
      const previous = await findIdempotent(c.var.storage, principal.tokenId, idempotencyKey);
      if (previous) return replay(c, previous, requestHash);
    }

    const { version, compiled } = await currentCriteria(c.var.storage);
    if (!compiled.townships.includes(body.township)) throw new ProblemError('unknown_township');
    // Client scores are never trusted: core judges the raw tables again, here.
    const result = evaluateRoster(compiled, {
      households: body.households,
      members: body.members ?? null,
      period: body.period,
      expectedTownship: principal.role === 'clerk' ? body.township : undefined,
    });
    const evaluated = performance.now();
    if (result.unreadable) {
      throw new ProblemError('unreadable_roster', {
        errors: result.sheetIssues
          .filter((issue) => issue.fatal)
          .map((issue) => ({
            path: issue.field ? `${issue.sheet}.${issue.field}` : issue.sheet,
            zh: issue.message.zh,
            en: issue.message.en,
            rule: issue.rule,
            columns: issue.columns,
          })),
      });
    }

    const secret = c.env.ID_HMAC_KEY;
    const id = crypto.randomUUID();
    const [rows, tables] = await Promise.all([
      submissionRows(result, hardIndicators(compiled), secret),
      seal(secret, id, { households: body.households, members: body.members ?? null }),
    ]);
    const prepared = performance.now();
    const createdAt = new Date().toISOString();
    const receipt: SubmissionReceipt = {
      id,
      period: body.period,
      township: body.township,
      criteriaVersion: version,
      profile: compiled.profile,
      referenceDate: result.referenceDate,
      createdAt,
      households: rows.households.length,
      persons: rows.personsTotal,
      rowsWithErrors: rows.rowsWithErrors,
      sheetIssues: result.sheetIssues,
      summary: result.summary,
    };
    const response = JSON.stringify(receipt);
    try {
      await insertSubmission(c.var.storage, {
        id,
        period: body.period,
        township: body.township,
        criteriaVersion: version,
        profile: compiled.profile,
        referenceDate: result.referenceDate,
        expectedTownship: principal.role === 'clerk' ? body.township : null,
        tokenId: principal.tokenId,
        author: `${principal.label} (${principal.role})`,
        createdAt,
        households: rows.households,
        personsTotal: rows.personsTotal,
        rowsWithErrors: rows.rowsWithErrors,
        summary: result.summary,
        tables,
        idempotencyKey,
        requestHash,
        response,
      });
    } catch (error) {
      // A concurrent request with the same key won the unique index: answer what it stored.
      if (idempotencyKey && /UNIQUE/i.test(String(error))) {
        const previous = await findIdempotent(c.var.storage, principal.tokenId, idempotencyKey);
        if (previous) return replay(c, previous, requestHash);
      }
      throw error;
    }
    const stored = performance.now();
    // Phases for benchmarks and operators (Server-Timing shows in browser dev tools).
    c.header('Server-Timing', `evaluate;dur=${Math.round(evaluated - started)}, prepare;dur=${Math.round(prepared - evaluated)}, store;dur=${Math.round(stored - prepared)}`);
    c.header('Location', `/api/v1/submissions?period=${encodeURIComponent(body.period)}`);
    return c.json(receipt, 201);
  })
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    const township = townshipScope(c.var.principal, query.township);
    return c.json(await listSubmissions(c.var.storage, { period: query.period, township }), 200);
  });

/** The first answer again, for a repeated Idempotency-Key with the same body; 422 for another body. */
function replay(c: Context<AppEnv>, previous: { requestHash: string | null; response: string }, requestHash: string | null) {
  if (previous.requestHash !== requestHash) throw new ProblemError('idempotency_mismatch');
  c.header('Idempotent-Replayed', 'true');
  return c.json(JSON.parse(previous.response) as SubmissionReceipt, 201);
}

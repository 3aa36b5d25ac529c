import { createRoute, z } from '@hono/zod-openapi';
import { auditActor } from '../audit/index';
import { requireRole } from '../auth/index';
import { validateCriteria } from '../engine/index';
import { newRouter } from '../http/router';
import { bearerSecurity, bodyProblems, problemResponse } from '../openapi/schemas';
import { ProblemError } from '../problem/index';
import { criteriaEtag, noneMatchHits, versionFromEtag } from './etag';
import {
  criteriaVersion,
  insertCriteriaVersion,
  latestVersionNumber,
  latestVersionStamp,
  listCriteriaVersions,
  type StoredCriteria,
} from './repository';
import { criteriaVersionSchema, putCriteriaSchema, storedCriteriaSchema } from './schemas';

const authErrors = { 401: problemResponse('No or bad token'), 403: problemResponse('Role not allowed') };

const getCurrent = createRoute({
  method: 'get',
  path: '/criteria',
  tags: ['criteria'],
  summary: 'The current criteria document and its version (ETag; 304 on If-None-Match)',
  security: bearerSecurity,
  request: { headers: z.object({ 'if-none-match': z.string().optional() }) },
  responses: {
    200: { description: 'Current criteria', content: { 'application/json': { schema: storedCriteriaSchema } } },
    304: { description: 'Not modified' },
    404: problemResponse('No criteria yet'),
    ...authErrors,
  },
});

const listVersions = createRoute({
  method: 'get',
  path: '/criteria/versions',
  tags: ['criteria'],
  summary: 'Every criteria version, newest first (without documents)',
  security: bearerSecurity,
  responses: {
    200: { description: 'Versions', content: { 'application/json': { schema: z.array(criteriaVersionSchema) } } },
    ...authErrors,
  },
});

const getVersion = createRoute({
  method: 'get',
  path: '/criteria/versions/{n}',
  tags: ['criteria'],
  summary: 'One criteria version with its document',
  security: bearerSecurity,
  request: {
    params: z.object({
      // Digits only, no leading zero: 0x1, 01 and " 1" are not names of version 1.
      n: z
        .string()
        .regex(/^[1-9][0-9]{0,8}$/, 'a criteria version is a whole number written in digits (1, 2, 3 …)')
        .transform(Number)
        .openapi({ param: { name: 'n', in: 'path' }, type: 'integer', example: 1 }),
    }),
  },
  responses: {
    200: { description: 'That version', content: { 'application/json': { schema: storedCriteriaSchema } } },
    404: problemResponse('No such version'),
    ...authErrors,
  },
});

const putCriteria = createRoute({
  method: 'put',
  path: '/criteria',
  tags: ['criteria'],
  summary: 'Store a new criteria version (If-Match: the ETag you read)',
  security: bearerSecurity,
  middleware: [requireRole('county', 'admin')] as const,
  request: {
    headers: z.object({ 'if-match': z.string().optional() }),
    body: { required: true, content: { 'application/json': { schema: putCriteriaSchema } } },
  },
  responses: {
    ...bodyProblems,
    200: { description: 'The new version', content: { 'application/json': { schema: criteriaVersionSchema } } },
    400: problemResponse('Malformed request'),
    412: problemResponse('The criteria changed since If-Match was read'),
    422: problemResponse('Invalid criteria document (errors carry JSON paths)'),
    428: problemResponse('If-Match missing'),
    ...authErrors,
  },
});

function toBody(stored: StoredCriteria) {
  const { json, ...version } = stored;
  return { ...version, document: JSON.parse(json) as Record<string, unknown> };
}

/** Throws 422 with core's problems (each with its JSON path) when the document is invalid. */
export function assertValidCriteria(document: unknown): void {
  const checked = validateCriteria(document);
  if (!checked.ok) {
    throw new ProblemError('invalid_criteria', {
      errors: checked.problems.map((problem) => ({ path: problem.path, zh: problem.message.zh, en: problem.message.en })),
    });
  }
}

/** Criteria service: read current and past versions, store new ones (the preview of a candidate is worker/preview). */
export const criteriaRoutes = newRouter()
  .openapi(getCurrent, async (c) => {
    // The add-in revalidates often: answer 304 from the one-row version stamp, before the document.
    const stamp = await latestVersionStamp(c.var.storage);
    if (!stamp) throw new ProblemError('no_criteria');
    const etag = criteriaEtag(stamp.version);
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    if (noneMatchHits(c.req.valid('header')['if-none-match'], etag)) return c.body(null, 304);
    const stored = await criteriaVersion(c.var.storage, stamp.version);
    if (!stored) throw new ProblemError('no_criteria');
    return c.json(toBody(stored), 200);
  })
  .openapi(listVersions, async (c) => c.json(await listCriteriaVersions(c.var.storage), 200))
  .openapi(getVersion, async (c) => {
    const stored = await criteriaVersion(c.var.storage, c.req.valid('param').n);
    if (!stored) throw new ProblemError('not_found');
    c.header('ETag', criteriaEtag(stored.version));
    return c.json(toBody(stored), 200);
  })
  .openapi(putCriteria, async (c) => {
    const ifMatch = c.req.valid('header')['if-match'];
    if (!ifMatch) throw new ProblemError('precondition_required');
    const { document, note } = c.req.valid('json');
    const current = await latestVersionNumber(c.var.storage);
    // `*` means "whatever is current"; anything else must name the current version exactly.
    const expected = ifMatch.trim() === '*' ? current : versionFromEtag(ifMatch);
    if (expected === null || expected !== current) throw new ProblemError('precondition_failed');
    assertValidCriteria(document);
    const profile = String(document.profile);
    const author = `${c.var.principal.label} (${c.var.principal.role})`;
    const version = await insertCriteriaVersion(c.var.storage, expected, {
      json: JSON.stringify(document),
      profile,
      author,
      note: note ?? null,
    }, auditActor(c));
    // Lost the race between our check and the insert: someone else stored expected + 1.
    if (version === null) throw new ProblemError('precondition_failed');
    const stored = await criteriaVersion(c.var.storage, version);
    c.header('ETag', criteriaEtag(version));
    const { json: _json, ...meta } = stored!;
    return c.json(meta, 200);
  });

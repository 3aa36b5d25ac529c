import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, townshipScope } from '../auth/index';
import { CSV_CONTENT_TYPE, toCsv } from '../csv/index';
import { newRouter } from '../http/router';
import { bearerSecurity, problemResponse, summaryPartSchema } from '../openapi/schemas';
import { periodSchema } from '../periods/index';
import { duplicatePersons } from './duplicates';
import { dynamicsReport } from './dynamics';
import { rectificationList, rectificationTable } from './issues';
import { cachedSummaryReport, summaryTable } from './summary';
import { MAX_TREND_PERIODS, periodsBetween, trendReport } from './trend';
import { ProblemError } from '../problem/index';
import { PERIOD_PATTERN } from '../periods/index';
import { noneMatchHits } from '../criteria/etag';

const errors = {
  400: problemResponse('Malformed query'),
  401: problemResponse('No or bad token'),
  403: problemResponse('Role or township not allowed'),
  404: problemResponse('Nothing submitted for the period'),
};

const formatSchema = z.enum(['json', 'csv']).default('json').openapi({ description: 'csv: UTF-8 with BOM, for Excel' });

const townshipSummarySchema = z
  .object({
    township: z.string(),
    submitted: z.boolean(),
    profile: z.string().nullable().openapi({ description: 'The profile its current submission was judged with' }),
    counted: z.boolean().openapi({
      description: "Its current submission is in the figures (false: none submitted, or judged under another profile than the report's: resubmit it)",
    }),
    submissionId: z.string().nullable(),
    criteriaVersion: z.number().int().nullable().openapi({ description: 'The version its figures were scored under' }),
    submittedAt: z.string().nullable(),
    counters: z.record(z.string(), z.number()),
    rates: z.record(z.string(), z.number().nullable()),
  })
  .openapi('TownshipSummary');

const summaryReportSchema = z
  .object({
    period: z.string(),
    criteriaVersion: z.number().int().openapi({
      description: 'The version whose township list, populations and rate definitions put the figures together (not what they were scored under: see scoringVersions)',
    }),
    scoringVersions: z.array(z.number().int()).openapi({ description: 'The criteria versions the counted submissions were scored under' }),
    outdated: z.array(z.string()).openapi({ description: 'Townships scored under an older version than the one in force (POST /submissions/rescore)' }),
    currentCriteriaVersion: z.number().int(),
    profile: z.string(),
    townships: z.array(townshipSummarySchema),
    total: summaryPartSchema,
    missing: z.array(z.string()).openapi({ description: 'Townships that have not submitted' }),
    populationCoverage: z
      .object({
        townships: z.array(z.string()),
        of: z.number().int(),
        notCounted: z.array(z.string()).openapi({ description: 'Covered townships whose submission is not in the figures' }),
      })
      .openapi({ description: 'The county poverty incidence covers only the townships whose registered population is configured (e.g. 3 of 12)' }),
  })
  .openapi('SummaryReport');

const trendSchema = z
  .object({
    township: z.string().nullable(),
    counters: z.array(z.string()).openapi({ description: 'The main counters shown, in order' }),
    rates: z.array(z.string()),
    periods: z.array(
      z.object({
        period: z.string(),
        profile: z.string(),
        criteriaVersion: z.number().int(),
        scoringVersions: z.array(z.number().int()),
        townshipsCounted: z.number().int(),
        counters: z.record(z.string(), z.number()),
        rates: z.record(z.string(), z.number().nullable()),
      }),
    ),
  })
  .openapi('Trend');

const storedIssueSchema = z.object({
  rule: z.string(),
  field: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  sheet: z.enum(['households', 'members']),
  row: z.number().int(),
});

const rectificationSchema = z
  .object({
    period: z.string(),
    township: z.string().nullable(),
    households: z.array(
      z.object({
        township: z.string(),
        submissionId: z.string(),
        row: z.number().int(),
        householdId: z.string().nullable(),
        headIdMasked: z.string().nullable(),
        status: z.string().nullable(),
        score: z.number(),
        riskLevel: z.number().int(),
        exitEligible: z.boolean(),
        failingIndicators: z.array(z.string()),
        rules: z.array(z.string()),
        issues: z.array(storedIssueSchema),
      }),
    ),
  })
  .openapi('RectificationList');

const duplicatesSchema = z
  .object({
    period: z.string(),
    count: z.number().int(),
    persons: z.array(
      z.object({
        idMasked: z.string(),
        townships: z.array(z.string()),
        occurrences: z.array(z.object({ township: z.string(), householdId: z.string().nullable(), row: z.number().int() })),
      }),
    ),
  })
  .openapi('Duplicates');

const countSchema = z.object({ households: z.number().int(), persons: z.number().int() });
const movementSchema = z.object({ new: countSchema, removed: countSchema, exited: countSchema, returned: countSchema, moved: countSchema });
const dynamicsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    townships: z.record(z.string(), movementSchema),
    total: movementSchema,
    unmatched: z.object({ from: z.number().int(), to: z.number().int() }),
  })
  .openapi('Dynamics');

const csvContent = { 'text/csv': { schema: z.string() } };

const summary = createRoute({
  method: 'get',
  path: '/reports/summary',
  tags: ['reports'],
  summary: "County summary of a period from each township's latest submission",
  security: bearerSecurity,
  middleware: [requireRole('county')] as const,
  request: {
    query: z.object({ period: periodSchema, format: formatSchema }),
    headers: z.object({ 'if-none-match': z.string().optional() }),
  },
  responses: {
    200: { description: 'Per township and total', content: { 'application/json': { schema: summaryReportSchema }, ...csvContent } },
    304: { description: 'Not modified (If-None-Match names the current ETag)' },
    ...errors,
  },
});

const issues = createRoute({
  method: 'get',
  path: '/reports/issues',
  tags: ['reports'],
  summary: 'Rectification list (整改清单): households with errors or failing hard indicators',
  security: bearerSecurity,
  middleware: [requireRole('clerk', 'county')] as const,
  request: { query: z.object({ period: periodSchema, township: z.string().min(1).optional(), format: formatSchema }) },
  responses: {
    200: { description: 'Households to fix', content: { 'application/json': { schema: rectificationSchema }, ...csvContent } },
    ...errors,
  },
});

const duplicates = createRoute({
  method: 'get',
  path: '/reports/duplicates',
  tags: ['reports'],
  summary: 'Person IDs in the latest submissions of two or more townships',
  security: bearerSecurity,
  middleware: [requireRole('county')] as const,
  request: { query: z.object({ period: periodSchema }) },
  responses: { 200: { description: 'Duplicated persons', content: { 'application/json': { schema: duplicatesSchema } } }, ...errors },
});

const dynamics = createRoute({
  method: 'get',
  path: '/reports/dynamics',
  tags: ['reports'],
  summary: 'Dynamic management between two periods: new, removed, exited, returned, moved',
  security: bearerSecurity,
  middleware: [requireRole('county')] as const,
  request: { query: z.object({ from: periodSchema, to: periodSchema }) },
  responses: {
    200: { description: 'Per township and total', content: { 'application/json': { schema: dynamicsSchema } } },
    ...errors,
    400: problemResponse('Malformed query, or from not before to (invalid_period_range)'),
  },
});

const trend = createRoute({
  method: 'get',
  path: '/reports/trend',
  tags: ['reports'],
  summary: 'Main counters and rates over several periods (the county total, or one township)',
  security: bearerSecurity,
  middleware: [requireRole('county')] as const,
  request: {
    query: z.object({
      periods: z
        .string()
        .optional()
        .openapi({ example: '2022,2023,2024', description: `Comma-separated periods (at most ${MAX_TREND_PERIODS}); or from and to` }),
      from: periodSchema.optional().openapi({ description: 'With to: every period with submissions from … to, inclusive' }),
      to: periodSchema.optional(),
      township: z.string().min(1).optional().openapi({ description: "One township's figures instead of the county total" }),
    }),
  },
  responses: {
    200: { description: 'One point per period, oldest first', content: { 'application/json': { schema: trendSchema } } },
    ...errors,
  },
});

function csv(rows: Parameters<typeof toCsv>[0], filename: string): Response {
  return new Response(toCsv(rows), {
    status: 200,
    headers: {
      'content-type': CSV_CONTENT_TYPE,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    },
  });
}

/** County reports, all read from what submissions stored at their time. */
export const reportRoutes = newRouter()
  .openapi(summary, async (c) => {
    const { period, format } = c.req.valid('query');
    const summary = await cachedSummaryReport({ storage: c.var.storage, cache: c.var.reportCache, period });
    // The ETag names the criteria version and the submissions the report was built from.
    const etag = format === 'csv' ? summary.etag.replace(/"$/, '-csv"') : summary.etag;
    c.header('ETag', etag);
    if (noneMatchHits(c.req.valid('header')['if-none-match'], etag)) return c.body(null, 304);
    if (format === 'csv') {
      const res = csv(summaryTable(summary.report), `summary-${period}.csv`);
      res.headers.set('ETag', etag);
      return res;
    }
    // Serialised once per build: the polled path only copies the cached text.
    return c.body(summary.json, 200, { 'content-type': 'application/json' }) as never;
  })
  .openapi(issues, async (c) => {
    const query = c.req.valid('query');
    const township = townshipScope(c.var.principal, query.township);
    const households = await rectificationList(c.var.storage, query.period, township);
    if (query.format === 'csv') return csv(rectificationTable(households), `issues-${query.period}.csv`);
    return c.json({ period: query.period, township: township ?? null, households }, 200);
  })
  .openapi(duplicates, async (c) => {
    const { period } = c.req.valid('query');
    const persons = await duplicatePersons(c.var.storage, period);
    return c.json({ period, count: persons.length, persons }, 200);
  })
  .openapi(dynamics, async (c) => {
    const { from, to } = c.req.valid('query');
    if (from >= to) throw new ProblemError('invalid_period_range', { from, to });
    return c.json(await dynamicsReport(c.var.storage, from, to), 200);
  })
  .openapi(trend, async (c) => {
    const query = c.req.valid('query');
    return c.json(await trendReport(c.var.storage, { periods: await trendPeriods(c.var.storage, query), township: query.township, cache: c.var.reportCache }), 200);
  });

/** The periods a trend asks for: a list, or every submitted period from … to. */
async function trendPeriods(
  storage: Parameters<typeof periodsBetween>[0],
  query: { periods?: string; from?: string; to?: string },
): Promise<string[]> {
  if (query.periods !== undefined) {
    const periods = query.periods.split(',').map((period) => period.trim());
    if (query.from !== undefined || query.to !== undefined || periods.some((period) => !PERIOD_PATTERN.test(period))) {
      throw new ProblemError('invalid_request', { detail: 'periods is a comma-separated list of YYYY or YYYY-MM, without from/to' });
    }
    return periods;
  }
  if (query.from === undefined || query.to === undefined) {
    throw new ProblemError('invalid_request', { detail: 'Give periods, or both from and to' });
  }
  if (query.from >= query.to) throw new ProblemError('invalid_period_range', { from: query.from, to: query.to });
  const periods = await periodsBetween(storage, query.from, query.to);
  if (periods.length === 0) throw new ProblemError('unknown_period', { detail: `Nothing was submitted from ${query.from} to ${query.to}` });
  return periods;
}

import { z } from '@hono/zod-openapi';

/**
 * Schemas shared by several routes. The OpenAPI document at /api/openapi.json is generated from
 * these, so they are the API's contract; core's own types (core/types.ts) are mirrored here.
 */

export const textSchema = z.object({ zh: z.string(), en: z.string() }).openapi('Text');

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    zh: z.string().openapi({ description: '中文说明' }),
    en: z.string(),
    errors: z
      .array(z.object({ path: z.string(), zh: z.string(), en: z.string() }).passthrough())
      .optional()
      .openapi({ description: 'Per-path problems (request fields, criteria JSON paths, sheet issues)' }),
  })
  .passthrough()
  .openapi('Problem');

/** A problem+json response entry for createRoute's `responses`. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemSchema } } };
}

export const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]).openapi('Cell');

export const tableSchema = z
  .array(z.array(cellSchema))
  .openapi('Table', { description: 'A worksheet as rows of cells; row 0 is worksheet row 1 (title rows included)' });

export const summaryPartSchema = z
  .object({
    counters: z.record(z.string(), z.number()),
    rates: z.record(z.string(), z.number().nullable()),
  })
  .openapi('SummaryPart');

export const summarySchema = z
  .object({
    profile: z.string(),
    total: summaryPartSchema,
    townships: z.record(z.string(), summaryPartSchema),
  })
  .openapi('Summary');

const severitySchema = z.enum(['error', 'warning']);

export const issueSchema = z
  .object({
    rule: z.string(),
    field: z.string().nullable(),
    column: z.string().nullable(),
    severity: severitySchema,
    message: textSchema,
  })
  .openapi('Issue');

export const sheetIssueSchema = z
  .object({
    sheet: z.enum(['households', 'members']),
    rule: z.string(),
    field: z.string().nullable(),
    columns: z.array(z.string()),
    severity: severitySchema,
    fatal: z.boolean(),
    message: textSchema,
  })
  .openapi('SheetIssue');

export const householdResultSchema = z
  .object({
    row: z.number().int(),
    householdId: z.string().nullable(),
    township: z.string().nullable(),
    headId: z.string().nullable(),
    persons: z.number().nullable(),
    statusClass: z.enum(['poor', 'exited']).nullable(),
    status: z.string().nullable(),
    issues: z.array(issueSchema),
    indicators: z.record(z.string(), z.boolean().nullable()),
    score: z.number(),
    exitEligible: z.boolean(),
    riskLevel: z.number().int(),
    riskEliminable: z.boolean().optional(),
  })
  .openapi('HouseholdResult');

export const memberResultSchema = z
  .object({
    row: z.number().int(),
    householdId: z.string().nullable(),
    id: z.string().nullable(),
    issues: z.array(issueSchema),
  })
  .openapi('MemberResult');

export const rosterResultSchema = z
  .object({
    profile: z.string(),
    layout: z.enum(['household-member', 'person-per-row']),
    referenceDate: z.string(),
    sheetIssues: z.array(sheetIssueSchema),
    unreadable: z.boolean(),
    households: z.array(householdResultSchema),
    members: z.array(memberResultSchema),
    summary: summarySchema,
  })
  .openapi('RosterResult');

export const bearerSecurity = [{ bearer: [] as string[] }];

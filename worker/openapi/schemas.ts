import { z } from '@hono/zod-openapi';
import type { Table } from '../../core/types';

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

/** What every route with a JSON body may also answer: the body limit and a body that is not JSON. */
export const bodyProblems = {
  413: problemResponse('Body too large (BODY_LIMIT_BYTES, default 20 MB)'),
  415: problemResponse('Body is not application/json'),
};

/** Rows of an Excel worksheet (1,048,576), the most a table may have. */
export const EXCEL_MAX_ROWS = 1_048_576;

/**
 * Checks a table cell by cell in one loop and reports the first bad cell with its path. zod's own
 * array-of-array-of-union took ~240 ms for a 20,000-household roster; this takes ~5 ms.
 */
function checkTable(value: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'expected an array of rows (arrays of cells)' });
    return;
  }
  // No worksheet has more rows; stored person records also hold row numbers in 7 digits.
  if (value.length > EXCEL_MAX_ROWS) {
    ctx.addIssue({
      code: 'too_big',
      origin: 'array',
      maximum: EXCEL_MAX_ROWS,
      inclusive: true,
      input: value,
      message: `a worksheet has at most ${EXCEL_MAX_ROWS.toLocaleString('en')} rows (Excel's limit), this table has ${value.length.toLocaleString('en')}`,
    });
    return;
  }
  for (let r = 0; r < value.length; r++) {
    const row: unknown = value[r];
    if (!Array.isArray(row)) {
      ctx.addIssue({ code: 'custom', message: 'expected a row: an array of cells', path: [r] });
      return;
    }
    for (let c = 0; c < row.length; c++) {
      const cell: unknown = row[c];
      const type = typeof cell;
      if (cell !== null && type !== 'string' && type !== 'number' && type !== 'boolean') {
        ctx.addIssue({ code: 'custom', message: 'a cell must be a string, number, boolean or null', path: [r, c] });
        return;
      }
    }
  }
}

export const tableSchema = z
  .custom<Table>(() => true)
  .superRefine(checkTable)
  .openapi('Table', {
    type: 'array',
    items: { type: 'array', items: { type: ['string', 'number', 'boolean', 'null'] } },
    description: 'A worksheet as rows of cells; row 0 is worksheet row 1 (title rows included)',
  });

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
    populationCoverage: z
      .object({ townships: z.array(z.string()), of: z.number().int() })
      .optional()
      .openapi({ description: 'Townships whose registered population is configured: the county poverty incidence covers only these (e.g. 3 of 12)' }),
  })
  .openapi('Summary');

const severitySchema = z.enum(['error', 'warning']);

const rosterSheetSchema = z.enum(['households', 'members']);

export const cellRefSchema = z
  .object({
    sheet: rosterSheetSchema,
    row: z.number().int().openapi({ description: 'Worksheet row, 1-based' }),
    column: z.string().openapi({ description: 'Excel column letters' }),
    columnIndex: z.number().int().openapi({ description: '0-based column (A = 0)' }),
  })
  .openapi('CellRef');

export const issueSchema = z
  .object({
    rule: z.string(),
    field: z.string().nullable(),
    sheet: rosterSheetSchema.openapi({ description: 'Sheet of the wrong cell (a person-per-row export is read as households)' }),
    row: z.number().int().openapi({ description: 'Worksheet row (1-based) of the wrong cell, or of the row for a row-level issue' }),
    column: z.string().nullable().openapi({ description: 'Column letters of the wrong cell; null for a row-level issue' }),
    columnIndex: z.number().int().nullable().openapi({ description: 'The same column, 0-based' }),
    cells: z
      .array(cellRefSchema)
      .optional()
      .openapi({
        description:
          'Every cell the issue concerns when more than one (a household value repeated on person rows, both cells of a household_value_conflict)',
      }),
    severity: severitySchema,
    message: textSchema,
  })
  .openapi('Issue');

export const sheetIssueSchema = z
  .object({
    sheet: rosterSheetSchema,
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

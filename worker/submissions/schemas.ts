import { z } from '@hono/zod-openapi';
import { sheetIssueSchema, summarySchema, tableSchema } from '../openapi/schemas';
import { periodSchema } from '../periods/index';

export const submissionRequestSchema = z
  .object({
    period: periodSchema,
    township: z.string().min(1).openapi({ example: '新哨镇' }),
    households: tableSchema,
    members: tableSchema.nullable().optional(),
  })
  // A misspelled key ("Members") must not silently drop a sheet.
  .strict()
  .openapi('SubmissionRequest');

/** What every view of a stored submission says about it. */
const submissionFacts = {
  id: z.string(),
  period: z.string(),
  township: z.string(),
  criteriaVersion: z.number().int(),
  profile: z.string(),
  referenceDate: z.string(),
  createdAt: z.string(),
  households: z.number().int(),
  persons: z.number().int(),
  rowsWithErrors: z.number().int(),
};

export const submissionInfoSchema = z
  .object({
    ...submissionFacts,
    author: z.string(),
    superseded: z.boolean(),
    supersededBy: z.string().nullable(),
    rescoredFrom: z
      .string()
      .nullable()
      .openapi({ description: "The submission this one re-scored under newer criteria (the township's tables unchanged); null: sent by a township" }),
  })
  .openapi('SubmissionInfo');

export const submissionReceiptSchema = z
  .object({
    ...submissionFacts,
    sheetIssues: z.array(sheetIssueSchema),
    summary: summarySchema,
    warnings: z
      .array(z.object({ code: z.string(), zh: z.string(), en: z.string() }))
      .optional()
      .openapi({ description: 'Stored, but worth a look: e.g. period_before_programme (a period before 2013)' }),
  })
  .openapi('SubmissionReceipt');

export type SubmissionReceipt = z.infer<typeof submissionReceiptSchema>;

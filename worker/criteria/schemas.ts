import { z } from '@hono/zod-openapi';
import { periodSchema } from '../periods/index';
import { summarySchema } from '../openapi/schemas';

export const criteriaDocumentSchema = z.record(z.string(), z.unknown()).openapi('CriteriaDocument', {
  description: 'A criteria document (schema "roster-check/criteria@1"; see core/criteria/schema.ts)',
});

export const criteriaVersionSchema = z
  .object({
    version: z.number().int(),
    profile: z.string(),
    author: z.string(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('CriteriaVersion');

export const storedCriteriaSchema = criteriaVersionSchema.extend({ document: criteriaDocumentSchema }).openapi('StoredCriteria');

export const putCriteriaSchema = z
  .object({
    document: criteriaDocumentSchema,
    note: z.string().max(2000).optional().openapi({ description: 'Why this version (kept with it)' }),
  })
  .strict()
  .openapi('PutCriteria');

export const previewRequestSchema = z.object({ document: criteriaDocumentSchema, period: periodSchema }).strict().openapi('PreviewRequest');

const changeCountsSchema = z.object({
  households: z.number().int(),
  exitEligible: z.number().int().openapi({ description: 'Households whose exit eligibility would change' }),
  riskLevel: z.number().int(),
  score: z.number().int(),
  any: z.number().int().openapi({ description: 'Households with at least one of the three changed' }),
});

/** At most this many changed households listed per township in a preview (the counts are complete). */
export const MAX_CHANGED = 2000;

const outcomeSchema = z.object({ score: z.number(), exitEligible: z.boolean(), riskLevel: z.number().int() });

export const previewResponseSchema = z
  .object({
    period: z.string(),
    currentVersion: z.number().int(),
    townships: z.array(
      changeCountsSchema.extend({
        township: z.string(),
        submissionId: z.string(),
        criteriaVersion: z.number().int().openapi({ description: 'Version the submission was scored with' }),
        changed: z
          .array(
            z.object({
              row: z.number().int(),
              householdId: z.string().nullable(),
              before: outcomeSchema.nullable().openapi({ description: 'null: a row the stored scoring does not have' }),
              after: outcomeSchema,
            }),
          )
          .openapi({ description: `The households that would change (户编号, worksheet row, old → new), at most ${MAX_CHANGED} per township` }),
        changedTruncated: z.boolean(),
      }),
    ),
    total: changeCountsSchema,
    before: summarySchema.openapi({ description: 'Merged stored summaries (as submitted)' }),
    after: summarySchema.openapi({ description: 'Merged summaries under the candidate' }),
  })
  .openapi('CriteriaPreview');

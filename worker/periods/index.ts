import { z } from '@hono/zod-openapi';

/**
 * A roster period: a year ("2020") or a month ("2024-06"), as the spec's examples. Kept strict so
 * "2020" and "2020 " never become two periods of one county.
 */
export const PERIOD_PATTERN = /^(?:19|2\d)\d{2}(?:-(?:0[1-9]|1[0-2]))?$/;

export const periodSchema = z
  .string()
  .regex(PERIOD_PATTERN, 'period must be YYYY or YYYY-MM (a year from 1900)')
  .openapi({ example: '2020', description: '期次: YYYY or YYYY-MM' });

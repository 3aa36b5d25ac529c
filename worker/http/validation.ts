import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { problemJson, type ProblemItem } from '../problem/index';

// Bilingual text per zod issue code, so a clerk sees Chinese; the English keeps zod's own detail.
const ZH_BY_CODE: Record<string, string> = {
  invalid_type: '类型不正确',
  too_small: '值太小或太短',
  too_big: '值太大或太长',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '含有不认识的字段',
  invalid_union: '不符合任何允许的形式',
  custom: '不符合要求',
};

/** zod issues as problem+json `errors`, each with the request part in its path (json.period). */
export function zodProblems(target: string, error: ZodError): ProblemItem[] {
  return error.issues.map((issue) => {
    const path = [target, ...issue.path.map(String)].join('.');
    return { path, zh: `${path}：${ZH_BY_CODE[issue.code] ?? '不符合要求'}`, en: `${path}: ${issue.message}` };
  });
}

/**
 * The hook every router shares: a request that does not match the route's schema is answered
 * 400 problem+json listing each offending path, instead of @hono/zod-openapi's plain zod dump.
 */
export function validationHook(
  result: { target: string; success: true; data: unknown } | { target: string; success: false; error: ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return problemJson(c, 'invalid_request', { errors: zodProblems(result.target, result.error) });
}

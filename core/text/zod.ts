import type { z } from 'zod';

/**
 * zod's issues in Chinese (zod's own messages are English): one table for the criteria documents
 * core checks and the request bodies the Worker checks, so a clerk and a county editor read the
 * same words for the same mistake.
 */
export const ZOD_CODE_ZH: Readonly<Record<string, string>> = {
  invalid_type: '类型不正确',
  too_small: '值太小或太短',
  too_big: '值太大或太长',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '含有不认识的字段',
  invalid_union: '不符合任何允许的形式',
  custom: '不符合要求',
};

/** One issue in Chinese with its detail (the expected type, the bound, the allowed values). */
export function zodIssueZh(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `不认识的键 ${issue.keys.map((k) => `“${k}”`).join('、')}（拼写错误？文档只接受规定的键）`;
    case 'invalid_type':
      return `${ZOD_CODE_ZH.invalid_type}，应为 ${issue.expected}`;
    case 'too_small':
      return `${ZOD_CODE_ZH.too_small}（最小 ${String(issue.minimum)}）`;
    case 'too_big':
      return `${ZOD_CODE_ZH.too_big}（最大 ${String(issue.maximum)}）`;
    case 'invalid_value':
      return `${ZOD_CODE_ZH.invalid_value}：${issue.values.map((v) => JSON.stringify(v)).join('、')}`;
    case 'invalid_union':
    case 'invalid_format':
      return ZOD_CODE_ZH[issue.code];
    default:
      return issue.message;
  }
}

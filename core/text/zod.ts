import type { $ZodIssue, $ZodRawIssue } from 'zod/v4/core';

/**
 * zod's issues in Chinese and English: one table for the criteria documents
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
export function zodIssueZh(issue: $ZodIssue): string {
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

/** The English of a value left out (an `invalid_type` whose input is undefined). */
export const ZOD_MISSING_EN = 'required, but missing';

const quote = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : typeof v === 'bigint' ? `${v}n` : String(v));

/** The type of a received value, in zod's words. */
function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input);
  return typeof input;
}

/**
 * One issue in English, worded as zod's own English locale words it. Core validates criteria with
 * `zod/mini`, which loads no locale (its messages would read "Invalid input", or zod's English
 * only where full zod happens to be loaded too, as in the Worker): core passes this as the
 * per-parse error map, so every client reads the same English.
 */
export function zodIssueEn(issue: $ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return ZOD_MISSING_EN;
      return `Invalid input: expected ${issue.expected}, received ${received(issue.input)}`;
    case 'invalid_value':
      if (issue.values.length === 1) return `Invalid input: expected ${quote(issue.values[0])}`;
      return `Invalid option: expected one of ${issue.values.map(quote).join('|')}`;
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const adj = issue.exact ? 'exactly ' : issue.inclusive ? (big ? '<=' : '>=') : big ? '<' : '>';
      const bound = String(big ? (issue as { maximum: unknown }).maximum : (issue as { minimum: unknown }).minimum);
      const unit = issue.origin === 'string' ? 'characters' : issue.origin === 'array' ? 'items' : null;
      const head = `Too ${big ? 'big' : 'small'}: expected ${issue.origin ?? 'value'}`;
      return unit ? `${head} to have ${adj}${bound} ${unit}` : `${head} to be ${adj}${bound}`;
    }
    case 'invalid_format':
      return issue.format === 'regex' ? `Invalid string: must match pattern ${issue.pattern}` : `Invalid ${issue.format}`;
    case 'not_multiple_of':
      return `Invalid number: must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(quote).join(', ')}`;
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`;
    case 'invalid_element':
      return `Invalid value in ${issue.origin}`;
    case 'invalid_union': {
      // A discriminated union names the discriminator values it knows.
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options) && options.length > 0)
        return `Invalid discriminator value. Expected ${options.map((o) => `'${String(o)}'`).join(' | ')}`;
      return 'Invalid input';
    }
    default:
      return 'Invalid input';
  }
}

import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { columnLetter, ZOD_CODE_ZH } from '../../core/index';
import { problemJson, type ProblemItem } from '../problem/index';

// Chinese for the Worker's own messages (tables, periods), which say what to fix.
const ZH_BY_MESSAGE: [RegExp, string][] = [
  [/^period must be/, '期次应为 YYYY 或 YYYY-MM 格式（如 2020、2024-06，年份不早于 1900）'],
  [/^period is after next year/, '期次不能晚于明年（花名册报送已开始的年度，最多提前到下一年）'],
  [/^a criteria version is a whole number/, '标准版本号应为阿拉伯数字写的正整数（1、2、3……），不含前导零'],
  [/^expected an array of rows/, '应为工作表：行的数组，每行是单元格的数组'],
  [/^expected a row/, '这一行应为单元格的数组'],
  [/^a cell must be/, '单元格只能是文本、数字、真假值或空（null）'],
  [/^a worksheet has at most/, '工作表最多 1,048,576 行（Excel 的上限）'],
  [/^a clerk token needs a township/, '乡镇工作人员的令牌须指定乡镇'],
  [/^only a clerk token has a township/, '只有乡镇工作人员的令牌才指定乡镇'],
];

/** Where a clerk finds it: "户表第 3 行 D 列" for json.households.2.3. */
function zhPlace(target: string, path: readonly PropertyKey[]): string {
  const sheet = path[0] === 'households' ? '户表' : path[0] === 'members' ? '人表' : null;
  if (target !== 'json' || sheet === null) return [target, ...path.map(String)].join('.');
  if (path.length === 1) return sheet;
  const row = `${sheet}第 ${Number(path[1]) + 1} 行`;
  return path.length > 2 ? `${row} ${columnLetter(Number(path[2]))} 列` : row;
}

/** zod issues as problem+json `errors`, each with the request part in its path (json.period). */
export function zodProblems(target: string, error: ZodError): ProblemItem[] {
  return error.issues.map((issue) => {
    const path = [target, ...issue.path.map(String)].join('.');
    const own = ZH_BY_MESSAGE.find(([pattern]) => pattern.test(issue.message))?.[1];
    const keys = issue.code === 'unrecognized_keys' ? `：${issue.keys.join('、')}（拼写错误？）` : '';
    const zh = own ?? `${ZOD_CODE_ZH[issue.code] ?? '不符合要求'}${keys}`;
    return { path, zh: `${zhPlace(target, issue.path)}：${zh}`, en: `${path}: ${issue.message}` };
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

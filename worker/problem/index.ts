import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * RFC 9457 problem details, with the text in both languages the product speaks: `title` and
 * `detail` are English (for logs and generic clients), `zh`/`en` carry the message a clerk reads.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  zh: string;
  en: string;
  /** Field-level problems: a JSON path (or request part) and a bilingual message. */
  errors?: ProblemItem[];
  [extension: string]: unknown;
}

export interface ProblemItem {
  path: string;
  zh: string;
  en: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://roster-check.invalid/problems/';

/** Every kind of failure the API answers, with its status and both texts, in one place. */
export const problems = {
  unauthorized: { status: 401, title: 'Unauthorized', zh: '缺少或无效的访问令牌', en: 'A valid bearer token is required' },
  token_expired: {
    status: 401,
    title: 'Unauthorized',
    zh: '访问令牌已过期，请向县级管理员申请新的令牌',
    en: 'This token has expired; ask the county administrator for a new one',
  },
  invalid_period_range: {
    status: 400,
    title: 'Bad Request',
    zh: '起始期次必须早于结束期次（from 须早于 to）',
    en: 'The first period must come before the second (from before to)',
  },
  forbidden: { status: 403, title: 'Forbidden', zh: '当前令牌无权执行此操作', en: 'This token may not do this' },
  forbidden_township: {
    status: 403,
    title: 'Forbidden',
    zh: '只能提交或查看本乡镇的数据',
    en: "A clerk may only submit or read their own township's data",
  },
  not_found: { status: 404, title: 'Not Found', zh: '找不到请求的资源', en: 'The requested resource does not exist' },
  no_criteria: {
    status: 404,
    title: 'Not Found',
    zh: '尚未配置评价标准（请先运行 npm start 或导入标准）',
    en: 'No criteria version exists yet (seed one first)',
  },
  unknown_period: { status: 404, title: 'Not Found', zh: '该期次没有任何提交', en: 'Nothing was submitted for this period' },
  malformed_json: { status: 400, title: 'Bad Request', zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  invalid_request: { status: 400, title: 'Bad Request', zh: '请求参数不符合要求', en: 'The request does not match the API schema' },
  precondition_required: {
    status: 428,
    title: 'Precondition Required',
    zh: '修改评价标准需要 If-Match 请求头（当前版本的 ETag）',
    en: 'Changing the criteria needs an If-Match header with the current ETag',
  },
  precondition_failed: {
    status: 412,
    title: 'Precondition Failed',
    zh: '评价标准已被他人修改，请刷新后重试',
    en: 'The criteria changed since you read them; reload and try again',
  },
  invalid_criteria: {
    status: 422,
    title: 'Unprocessable Content',
    zh: '评价标准文档有误',
    en: 'The criteria document is invalid',
  },
  empty_roster: {
    status: 422,
    title: 'Unprocessable Content',
    zh: '这份花名册没有一户，不能替换本乡镇本期已提交的花名册（其中有户）；请重新提交完整的花名册',
    en: "This roster has no household and would replace the township's current submission for the period, which has some: submit the full roster again",
  },
  unreadable_roster: {
    status: 422,
    title: 'Unprocessable Content',
    zh: '花名册无法读取（找不到表头或缺少必需的列）',
    en: 'The roster cannot be read (no header row or a required column is missing)',
  },
  unknown_township: {
    status: 422,
    title: 'Unprocessable Content',
    zh: '乡镇不在评价标准的乡镇列表中',
    en: 'The township is not in the criteria',
  },
  idempotency_mismatch: {
    status: 422,
    title: 'Unprocessable Content',
    zh: '同一个 Idempotency-Key 已用于内容不同的请求',
    en: 'This Idempotency-Key was already used with a different request body',
  },
  payload_too_large: { status: 413, title: 'Content Too Large', zh: '请求体过大', en: 'The request body is too large' },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported Media Type',
    zh: '请求体必须是 JSON（Content-Type: application/json）',
    en: 'The request body must be JSON (Content-Type: application/json)',
  },
  unsupported_charset: {
    status: 415,
    title: 'Unsupported Media Type',
    zh: '请求体必须是 UTF-8 编码的 JSON（不支持 GBK 等其他编码）',
    en: 'The request body must be JSON in UTF-8 (no other charset such as GBK)',
  },
  unsupported_encoding: {
    status: 415,
    title: 'Unsupported Media Type',
    zh: '不支持该压缩格式（Content-Encoding），请用 gzip 或不压缩',
    en: 'This Content-Encoding is not supported: send gzip or uncompressed',
  },
  unreadable_body: {
    status: 400,
    title: 'Bad Request',
    zh: '请求体无法解压（声明的压缩格式与内容不符或数据已损坏）',
    en: 'The request body cannot be decompressed (corrupt, or not the declared Content-Encoding)',
  },
  unknown_query: {
    status: 400,
    title: 'Bad Request',
    zh: '请求含有此接口不认识的查询参数',
    en: 'The request has query parameters this endpoint does not know',
  },
  too_many_failed_logins: {
    status: 429,
    title: 'Too Many Requests',
    zh: '此地址的无效令牌尝试过多，请稍后再试',
    en: 'Too many attempts with an invalid token from this address; try again later',
  },
  conflict: { status: 409, title: 'Conflict', zh: '数据已被同时修改，请重试', en: 'A concurrent change got there first; retry' },
  internal: { status: 500, title: 'Internal Server Error', zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; title: string; zh: string; en: string }>;

export type ProblemKind = keyof typeof problems;

/** Thrown anywhere in a request; the app's error handler turns it into problem+json. */
export class ProblemError extends Error {
  readonly kind: ProblemKind;
  readonly extra: Partial<Problem>;

  constructor(kind: ProblemKind, extra: Partial<Problem> = {}) {
    super(extra.detail ?? problems[kind].en);
    this.name = 'ProblemError';
    this.kind = kind;
    this.extra = extra;
  }
}

/** The problem body for a kind, with optional detail/errors/extensions. */
export function problemBody(kind: ProblemKind, extra: Partial<Problem> = {}): Problem {
  const base = problems[kind];
  return {
    type: TYPE_BASE + kind,
    title: base.title,
    status: base.status,
    detail: base.en,
    zh: base.zh,
    en: base.en,
    ...extra,
  };
}

/**
 * Answers a problem+json response.
 *
 * @example
 * if (!ifMatch) return problemResponse('precondition_required');
 */
export function problemResponse(kind: ProblemKind, extra: Partial<Problem> = {}, headers: HeadersInit = {}): Response {
  const body = problemBody(kind, extra);
  const merged = new Headers(headers);
  merged.set('content-type', PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(body), { status: body.status, headers: merged });
}

/** Same as problemResponse but keeps headers Hono middleware already set (CORS, security). */
export function problemJson(c: Context, kind: ProblemKind, extra: Partial<Problem> = {}): Response {
  const body = problemBody(kind, extra);
  c.header('content-type', PROBLEM_CONTENT_TYPE);
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode);
}

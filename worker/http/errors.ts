import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { RosterInputError } from '../engine/index';
import { ProblemError, problemJson, type ProblemKind } from '../problem/index';

const KIND_BY_STATUS: Record<number, ProblemKind> = {
  400: 'malformed_json',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * The app's onError: our ProblemErrors as they are; Hono's HTTPExceptions (the JSON validator's
 * "Malformed JSON", the media-type gate's 415, the body limit) mapped to problem+json; anything
 * else a 500 whose detail never leaks internals.
 */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ProblemError) return problemJson(c, error.kind, error.extra);
  // The request schemas admit only what the engine takes; should one ever let more through.
  if (error instanceof RosterInputError) {
    return problemJson(c, 'invalid_request', {
      errors: error.problems.map((p) => ({ path: `json.${p.path}`, zh: p.message.zh, en: p.message.en })),
    });
  }
  if (error instanceof HTTPException) {
    const kind = KIND_BY_STATUS[error.status];
    if (kind) return problemJson(c, kind);
  }
  console.error('unhandled error', error);
  return problemJson(c, 'internal');
}

/** The app's notFound: problem+json instead of Hono's plain-text 404. */
export function handleNotFound(c: Context): Response {
  return problemJson(c, 'not_found');
}

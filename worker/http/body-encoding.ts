import { gunzipSync, inflateSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { ProblemError } from '../problem/index';

/** The charset parameter of a Content-Type, lower-cased and unquoted; null when there is none. */
export function declaredCharset(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match ? match[2].toLowerCase() : null;
}

/** Decoders by Content-Encoding (RFC 9110 names); node:zlib is in workerd through nodejs_compat. */
const DECODERS: Record<string, (bytes: Uint8Array, options: { maxOutputLength: number }) => Uint8Array> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
};

/**
 * Request bodies are JSON in UTF-8 (RFC 8259 §8.1), maybe compressed: a body declared in another
 * charset (gbk, the usual one on Chinese Windows) is refused with 415 instead of being read as
 * UTF-8 and stored as mojibake; `Content-Encoding: gzip` or `deflate` is decoded before any
 * validator reads the body, with the size limit applied to the decoded bytes (a 1 MB gzip
 * bomb must not become 1 GB in memory); a body that does not decode is refused with 400, an
 * encoding we cannot read (br, zstd, stacked codings) with 415.
 *
 * @example
 * app.use('/api/v1/*', decodeBody({ maxBytes: () => 20 * 2 ** 20 }));
 */
export function decodeBody(options: { maxBytes: (c: Parameters<MiddlewareHandler>[0]) => number }): MiddlewareHandler {
  return async function decodeBodyMiddleware(c, next) {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const charset = declaredCharset(raw.headers.get('content-type') ?? undefined);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      throw new ProblemError('unsupported_charset', { detail: `charset=${charset} declared; send UTF-8 JSON` });
    }
    const encoding = (raw.headers.get('content-encoding') ?? '').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') return next();
    const decode = DECODERS[encoding];
    if (!decode) throw new ProblemError('unsupported_encoding', { detail: `Content-Encoding: ${encoding} is not supported; use gzip or none` });
    // The compressed bytes are already within the body limit; zlib stops at the limit too.
    const compressed = new Uint8Array(await raw.arrayBuffer());
    let bytes: Uint8Array;
    try {
      bytes = decode(compressed, { maxOutputLength: options.maxBytes(c) });
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ProblemError('payload_too_large');
      }
      throw new ProblemError('unreadable_body', { detail: `The body is not valid ${encoding} data` });
    }
    const headers = new Headers(raw.headers);
    headers.delete('content-encoding');
    headers.set('content-length', String(bytes.byteLength));
    c.req.raw = new Request(raw, { body: bytes as Uint8Array<ArrayBuffer>, headers });
    return next();
  };
}

import fc from 'fast-check';
import type { Cell, Table } from '../../core/types';

/**
 * Requests generated from the API's own OpenAPI document (itself generated from the routes' zod
 * schemas): every operation, every role, with
 *  - valid shapes carrying hostile values (injection strings, lone surrogates, 10,000-character
 *    text, edge numbers, periods out of range, real rosters with hostile cells), and
 *  - invalid shapes (missing or unknown keys, wrong types, any JSON, broken or non-JSON bodies,
 *    wrong media types, deep nesting, unknown query parameters).
 */

type JsonSchema = Record<string, any>;
export type Caller = 'anon' | 'forged' | 'malformed' | 'clerk' | 'otherClerk' | 'county' | 'admin';

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/v1/criteria/versions/{n}. */
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
}

export interface FuzzRequest {
  operation: string;
  caller: Caller;
  shape: 'valid' | 'invalid';
  method: string;
  /** Path with query, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Every operation of an OpenAPI 3.1 document. */
export function operationsOf(document: JsonSchema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<JsonSchema>(document.paths)) {
    for (const [method, op] of Object.entries<JsonSchema>(item)) {
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      operations.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body });
    }
  }
  return operations;
}

const LONG = 'a'.repeat(10_000);
const HOSTILE_TEXT = [
  '', ' ', '\u0000', '\t\r\n', "' OR '1'='1", '"; DROP TABLE submissions; --', '<script>alert(1)</script>', '../../../etc/passwd',
  '%00', '%2e%2e%2f', '\ud800', '\udfff', '𠮷', '👨‍👩‍👧', '\u202e新哨镇', 'ＮＵＬＬ', 'null', 'undefined', 'NaN', '-0', '1e309', '0x1',
  '９', '2020', '2020-00', '2020-13', '2999-12', '1900', '0000', '２０２０', '新哨镇', '江边乡 ', '__proto__', 'constructor',
  '{{7*7}}', '${jndi:ldap://x/a}', LONG, '11010119900307803X', '=cmd|"/c calc"!A1', '\\u0000', '🀄'.repeat(300),
];
const HOSTILE_NUMBERS = [0, -1, -0, 1, 2, 0.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e-300, 1048577, 99999999999];

export const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);
export const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

/** What a header may carry (a Headers object refuses control characters and non-Latin-1). */
export const headerText = fc.oneof(
  fc.constantFrom('', '*', '"criteria-v1"', 'W/"criteria-v1"', '"criteria-v0"', '"criteria-v99999999999"', '"x", *', 'a'.repeat(201), '%E6%96%B0'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '')),
);

function resolve(schema: JsonSchema, components: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; current?.$ref && i < 10; i++) current = components[String(current.$ref).split('/').pop()!];
  return current ?? {};
}

/** A value of the schema's shape whose leaves are hostile (valid shape, hostile values). */
export function valueOf(schema: JsonSchema, components: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  if (depth > 6) return fc.constant(null);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return fc.oneof(...variants.map((v: JsonSchema) => valueOf(v, components, depth + 1)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type: string) => valueOf({ ...s, type }, components, depth + 1)));
  switch (s.type) {
    case 'string':
      if (s.pattern?.includes('19|2')) return fc.oneof(fc.constantFrom('2020', '2024-06', '2019', '1900', '2013-01', '2999-12', '2020-13'), hostileText);
      if (s.format === 'date') return fc.oneof(fc.constantFrom('2020-12-31', '2020-02-30', '1900-01-01', '9999-12-31'), hostileText);
      return hostileText;
    case 'integer':
    case 'number':
      return hostileNumber;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueOf(s.items ?? {}, components, depth + 1), { maxLength: 4 });
    case 'object': {
      if (s.properties) {
        const model = Object.fromEntries(Object.entries<JsonSchema>(s.properties).map(([k, v]) => [k, valueOf(v, components, depth + 1)]));
        return fc.record(model, { requiredKeys: s.required ?? [] });
      }
      return fc.dictionary(hostileText.filter((k) => k.length < 100), valueOf(s.additionalProperties ?? {}, components, depth + 1), { maxKeys: 3 });
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** A realistic roster (header rows and data) with some cells replaced by hostile values: it reaches core. */
export function hostileRoster(base: { households: Table; members: Table }): fc.Arbitrary<{ households: Table; members: Table | null }> {
  const cell: fc.Arbitrary<Cell> = fc.oneof(hostileText, hostileNumber, fc.boolean(), fc.constant(null));
  const edits = fc.array(fc.tuple(fc.nat(), fc.nat(), cell), { maxLength: 6 });
  const apply = (table: Table, list: [number, number, Cell][]): Table => {
    const copy = table.map((row) => [...row]);
    for (const [r, c, value] of list) {
      const row = copy[r % copy.length];
      row[c % Math.max(1, row.length)] = value;
    }
    return copy;
  };
  return fc.record({ h: edits, m: edits, dropMembers: fc.boolean() }).map(({ h, m, dropMembers }) => ({
    households: apply(base.households, h),
    members: dropMembers ? null : apply(base.members, m),
  }));
}

/** Bodies that are not what the operation reads: wrong shapes, not JSON, or hostile JSON text. */
const invalidBody: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom('', '{', '{"period":', 'not json', '\u0000', '[]', 'null', '{"__proto__":{"admin":true}}', '{"a":1,"a":2}',
    '['.repeat(5000) + ']'.repeat(5000), '{"households":' + '['.repeat(3000) + ']'.repeat(3000) + '}', '\ufeff{}'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** A valid body with one thing wrong: a required key dropped, an unknown key added, a value of another type. */
function brokenShape(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('drop', 'extra', 'retype'), fc.jsonValue({ maxDepth: 2 }))
    .map(([value, pick, how, other]) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(other);
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = keys[pick % Math.max(1, keys.length)];
      if (how === 'drop' && key) delete copy[key];
      else if (how === 'retype' && key) copy[key] = typeof copy[key] === 'string' ? 42 : 'text';
      else copy[`unknown_${pick % 7}`] = other;
      return JSON.stringify(copy);
    });
}

export interface FuzzContext {
  operations: Operation[];
  components: JsonSchema;
  /** A real roster of the clerk's township, for bodies that reach core. */
  roster: { households: Table; members: Table };
  township: string;
}

const CALLERS: Caller[] = ['anon', 'forged', 'malformed', 'clerk', 'otherClerk', 'county', 'admin'];
/** Most requests carry a real token, so most of them get past authentication to the handlers. */
const CALLER_WEIGHTS: Record<Caller, number> = { anon: 1, forged: 1, malformed: 1, clerk: 4, otherClerk: 1, county: 4, admin: 2 };

function pathParam(name: string): fc.Arbitrary<string> {
  const valid = name === 'n' ? fc.constantFrom('1', '2', '999999999') : fc.uuid().map(String);
  return fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: hostileText.filter((s) => s.length > 0 && s.length < 300) });
}

/** Percent-encodes a path segment; a lone surrogate becomes invalid UTF-8 (%ED%A0%80), as a hostile client might send. */
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text].map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
}

/** One generated request for an operation. */
export function requestFor(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const params = (where: string) => op.parameters.filter((p) => p.in === where);
  const pathArb = fc.tuple(...params('path').map((p) => pathParam(p.name))).map((values) => {
    let path = op.path;
    params('path').forEach((p, i) => (path = path.replace(`{${p.name}}`, encodeSegment(values[i]))));
    return path;
  });
  const queryArb = fc.record(
    Object.fromEntries(params('query').map((p) => [p.name, valueOf(p.schema, ctx.components).map(String)])),
    { requiredKeys: params('query').filter((p) => p.required).map((p) => p.name) },
  );
  const headerArb = fc.record(Object.fromEntries(params('header').map((p) => [p.name, headerText])), { requiredKeys: [] });
  const rosterBody = hostileRoster(ctx.roster).chain((roster) =>
    fc
      .record({
        period: fc.constantFrom('2020', '2021', '2019-06', '1900', '2999'),
        township: fc.oneof({ weight: 4, arbitrary: fc.constant(ctx.township) }, { weight: 1, arbitrary: fc.constantFrom('江边乡', 'x') }),
      })
      .map((meta) => ({ ...meta, ...roster })),
  );
  const validBody: fc.Arbitrary<unknown> | null = op.body
    ? op.path.endsWith('/submissions') || op.path.endsWith('/validate')
      ? fc.oneof({ weight: 3, arbitrary: rosterBody }, { weight: 1, arbitrary: valueOf(op.body, ctx.components) })
      : valueOf(op.body, ctx.components)
    : null;
  const shape = fc.constantFrom<'valid' | 'invalid'>('valid', 'valid', 'invalid');
  return fc
    .record({
      caller: fc.oneof(...CALLERS.map((caller) => ({ weight: CALLER_WEIGHTS[caller], arbitrary: fc.constant(caller) }))),
      shape,
      path: pathArb,
      query: queryArb,
      extraQuery: fc.option(fc.tuple(hostileText.filter((s) => s.length > 0 && s.length < 50), hostileText.filter((s) => s.length < 50)), { freq: 3 }),
      headers: headerArb,
      validBody: validBody ?? fc.constant(undefined),
      invalidBody: validBody ? fc.oneof(invalidBody, brokenShape(validBody)) : invalidBody,
      contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/json; charset=gbk', 'multipart/form-data', ''),
    })
    .map((g) => {
      const search = new URLSearchParams(g.query as Record<string, string>);
      if (g.shape === 'invalid' && g.extraQuery) search.append(g.extraQuery[0], g.extraQuery[1]);
      const url = `${g.path}${search.size > 0 ? `?${search}` : ''}`;
      const headers: Record<string, string> = { ...(g.headers as Record<string, string>) };
      let body: string | undefined;
      if (op.body || g.shape === 'invalid') {
        const isBodyMethod = op.method !== 'GET' && op.method !== 'DELETE';
        if (isBodyMethod) {
          body = g.shape === 'valid' && op.body ? JSON.stringify(g.validBody) : g.invalidBody;
          const contentType = g.shape === 'valid' ? 'application/json' : g.contentType;
          if (contentType) headers['content-type'] = contentType;
        }
      }
      return { operation: `${op.method} ${op.path}`, caller: g.caller, shape: g.shape, method: op.method, url, headers, body };
    });
}

/** `count` requests spread over every operation, reproducible from `seed`. */
export function generateRequests(ctx: FuzzContext, count: number, seed: number): FuzzRequest[] {
  const perOperation = fc.oneof(...ctx.operations.map((op) => requestFor(op, ctx)));
  return fc.sample(perOperation, { numRuns: count, seed });
}

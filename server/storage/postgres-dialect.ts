import { mapCode, mapCodeOnly, numberPlaceholders, sqlParts } from './sql-text';

/**
 * The dialect step for PostgreSQL (and the engines that speak its protocol: KingbaseES,
 * openGauss). The Worker's SQL is written for SQLite/D1 and stays the only copy — migrations
 * included, so there are never two hand-kept schemas. What SQLite says differently is rewritten
 * here, mechanically:
 *
 * - placeholders `?`/`?n` → `$n`;
 * - DDL types: INTEGER → BIGINT (SQLite's integers are 64-bit), REAL → DOUBLE PRECISION,
 *   BLOB → TEXT (binary values are bound as base64 text, which the Worker reads as it reads the
 *   base64 chunks it writes itself); `INTEGER PRIMARY KEY` (SQLite's rowid alias, filled when omitted) → an identity
 *   column; tables with a rowid get a `rowid` identity column, so `ORDER BY rowid` keeps meaning
 *   insertion order; `WITHOUT ROWID` dropped;
 * - `INSERT … SELECT` casts each selected value to its column's type (PostgreSQL does not turn
 *   the text of `->>` into a number on assignment as SQLite does) — the step needs the target
 *   table's column types, which `insertTarget` names for the caller to look up;
 * - functions: json_object → json_build_object, group_concat → string_agg, JSON paths `'$[n]'` →
 *   n; json_each, instr and printf exist as the small shims in SHIM_SQL;
 * - `INSERT OR IGNORE` → `ON CONFLICT DO NOTHING`; a trigger whose body is `SELECT RAISE(ABORT, …)`
 *   → a PL/pgSQL trigger function raising the same message.
 *
 * Anything else SQLite-only fails loudly on PostgreSQL, and the parametrised test suite is what
 * catches a new query that needs a rule here.
 */

/** Functions the Worker's SQL uses that PostgreSQL lacks, created (or replaced) before migrating. */
export const SHIM_SQL = `
CREATE OR REPLACE FUNCTION json_each(document text) RETURNS TABLE (key bigint, value json)
  LANGUAGE sql IMMUTABLE AS $shim$
  SELECT e.ordinality - 1, e.value FROM json_array_elements(document::json) WITH ORDINALITY AS e(value, ordinality)
$shim$;
CREATE OR REPLACE FUNCTION instr(haystack text, needle text) RETURNS integer
  LANGUAGE sql IMMUTABLE AS $shim$ SELECT strpos(haystack, needle) $shim$;
CREATE OR REPLACE FUNCTION printf(format text, value anyelement) RETURNS text
  LANGUAGE sql IMMUTABLE AS $shim$
  SELECT CASE WHEN format ~ '^%0[0-9]+d$'
              THEN lpad(value::text, substr(format, 3, length(format) - 3)::int, '0')
              ELSE replace(replace(format, '%d', value::text), '%s', value::text) END
$shim$;
CREATE OR REPLACE FUNCTION substr(string text, start bigint, count bigint) RETURNS text
  LANGUAGE sql IMMUTABLE AS $shim$ SELECT pg_catalog.substr(string, start::int, count::int) $shim$;
CREATE OR REPLACE FUNCTION substr(string text, start bigint) RETURNS text
  LANGUAGE sql IMMUTABLE AS $shim$ SELECT pg_catalog.substr(string, start::int) $shim$;
CREATE OR REPLACE VIEW sqlite_master AS
  SELECT CASE c.relkind WHEN 'i' THEN 'index' WHEN 'v' THEN 'view' ELSE 'table' END::text AS type,
         c.relname::text AS name, COALESCE(t.relname, c.relname)::text AS tbl_name, NULL::text AS sql
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = x.indrelid
  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'v') AND c.relname <> 'sqlite_master';
`;

const CREATE_TABLE = /^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?("?[\w.]+"?)\s*\(/i;
const ALTER_ADD = /^\s*ALTER\s+TABLE\s+\S+\s+ADD\s+(COLUMN\s+)?/i;
const TRIGGER =
  /^\s*CREATE\s+(?:TEMP\w*\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?("[^"]+"|\w+)\s+(BEFORE|AFTER|INSTEAD\s+OF)\s+(INSERT|DELETE|UPDATE(?:\s+OF\s+[^]+?)?)\s+ON\s+("[^"]+"|\w+)\s+(?:FOR\s+EACH\s+ROW\s+)?(?:WHEN\s+([\s\S]+?)\s+)?BEGIN\s+([\s\S]*?)\s*END\s*;?\s*$/i;
const RAISE = /^\s*SELECT\s+RAISE\s*\(\s*(ABORT|FAIL|ROLLBACK)\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i;

/**
 * A SQLite trigger → a PL/pgSQL function running the same body (RAISE(ABORT, …) becomes RAISE
 * EXCEPTION) and a row trigger calling it.
 */
function translateTrigger(sql: string): string | null {
  const match = TRIGGER.exec(sql);
  if (!match) return null;
  const [, name, when, event, table, condition, body] = match;
  const fn = name.startsWith('"') ? `${name.slice(0, -1)}_fn"` : `${name}_fn`;
  const statements = body
    .split(/;\s*/)
    .map((statement) => statement.trim())
    .filter(Boolean)
    .map((statement) => {
      const raise = RAISE.exec(statement);
      return raise ? `RAISE EXCEPTION '${raise[2]}';` : `${translateExpressions(statement)};`;
    });
  return `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $trigger$
BEGIN
${statements.join('\n')}
IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
RETURN NEW;
END $trigger$;
DROP TRIGGER IF EXISTS ${name} ON ${table};
CREATE TRIGGER ${name} ${when} ${event} ON ${table} FOR EACH ROW${condition ? ` WHEN (${condition})` : ''} EXECUTE FUNCTION ${fn}()`;
}

/** True for statements that change the schema (their translation is not cached with plans). */
export function isSchemaChange(sql: string): boolean {
  return /^\s*(CREATE|ALTER|DROP)\b/i.test(mapCodeOnly(sql));
}

function translateDdl(sql: string): string {
  const trigger = translateTrigger(sql);
  if (trigger) return trigger;
  if (/^\s*CREATE\s+(TEMP\w*\s+)?TRIGGER\b/i.test(sql)) throw new Error(`the PostgreSQL dialect step cannot translate this trigger: ${sql}`);
  const code = mapCodeOnly(sql);
  if (!CREATE_TABLE.test(code) && !ALTER_ADD.test(code)) return sql;
  const withoutRowid = /\)\s*WITHOUT\s+ROWID\s*;?\s*$/i.test(code);
  let text = mapCode(sql, (part) =>
    part
      .replace(/\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?/gi, 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
      .replace(/\bINTEGER\b/gi, 'BIGINT')
      .replace(/\bREAL\b/gi, 'DOUBLE PRECISION')
      .replace(/\bBLOB\b/gi, 'TEXT')
      .replace(/\bTIMESTAMP\s+DEFAULT\s+CURRENT_TIMESTAMP\b/gi, "TEXT DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
      .replace(/\)\s*WITHOUT\s+ROWID/gi, ')'),
  );
  if (CREATE_TABLE.test(code) && !withoutRowid) {
    // SQLite gives every such table a rowid; the Worker orders by it (insertion order).
    const close = originalOffset(text, mapCodeOnly(text).lastIndexOf(')'));
    text = `${text.slice(0, close)},\n  rowid BIGINT GENERATED BY DEFAULT AS IDENTITY${text.slice(close)}`;
  }
  return text;
}

function translateExpressions(sql: string): string {
  // JSON paths are literals: '$[2]' → 2, '$.key' → 'key' (PostgreSQL's -> and ->> take those).
  const paths = sql
    .replace(/(->>?)\s*'\$\[(\d+)\]'/g, '$1 $2')
    .replace(/(->>?)\s*'\$\.(\w+)'/g, "$1 '$2'");
  return mapCode(paths, (code) => {
    return code
      .replace(/\bINSERT\s+OR\s+IGNORE\b/gi, 'INSERT')
      .replace(/\bjson_object\s*\(/gi, 'json_build_object(')
      .replace(/\bgroup_concat\s*\(/gi, 'string_agg(')
      .replace(/\bifnull\s*\(/gi, 'coalesce(')
      // SQLite counts a negative start from the end: substr(x, -4) is the last four characters.
      .replace(/\bsubstr\s*\(([^(),]+),\s*-(\d+)\s*\)/gi, 'right($1, $2)');
  });
}

/**
 * Where an `INSERT … SELECT` (or `WITH … INSERT … SELECT`) writes: the table and its listed
 * columns (null: all of them). Null for every other statement.
 */
export function insertTarget(sql: string): { table: string; columns: string[] | null } | null {
  const code = mapCodeOnly(sql);
  const match = /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+("?[\w.]+"?)\s*(\(([^)]*)\))?\s*(SELECT|WITH)\b/i.exec(code);
  if (!match) return null;
  const columns = match[3] ? match[3].split(',').map((column) => column.trim().replace(/"/g, '')) : null;
  return { table: match[1].replace(/"/g, ''), columns };
}

/**
 * Wraps the SELECT of an `INSERT … SELECT` so each value is cast to its column's type:
 * `INSERT INTO t (a, b) SELECT x, y FROM …` → `INSERT INTO t (a, b) SELECT src.a::bigint,
 * src.b::text FROM (SELECT x, y FROM …) AS src (a, b)`. CTEs before the INSERT stay visible.
 */
export function castInsertSelect(sql: string, columns: { name: string; type: string }[]): string {
  const code = mapCodeOnly(sql);
  const head = /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+("?[\w.]+"?)\s*(\([^)]*\))?\s*(?=SELECT|WITH)/i.exec(code);
  if (!head) return sql;
  const bodyStart = head.index + head[0].length;
  // mapCodeOnly keeps the text's length only where there are no literals; find the same offset in
  // the original text by walking both (literals are kept verbatim in `sql`).
  const offset = originalOffset(sql, bodyStart);
  let body = sql.slice(offset).replace(/;\s*$/, '');
  let tail = '';
  const conflict = /\sON\s+CONFLICT\b[\s\S]*$/i.exec(mapCodeOnly(body));
  if (conflict) {
    const at = originalOffset(body, conflict.index);
    tail = body.slice(at);
    body = body.slice(0, at);
  }
  const names = columns.map((c) => c.name);
  const casts = columns.map((c) => `src.${c.name}::${c.type}`).join(', ');
  const list = head[2] ?? `(${names.join(', ')})`;
  return `${sql.slice(0, originalOffset(sql, head.index))}INSERT INTO ${head[1]} ${list} SELECT ${casts} FROM (${body}) AS src (${names.join(', ')})${tail}`;
}

/** The offset in `sql` of offset `at` in `mapCodeOnly(sql)`. */
function originalOffset(sql: string, at: number): number {
  let original = 0;
  let mapped = 0;
  for (const part of sqlParts(sql)) {
    const mappedLength = part.code ? part.text.length : part.text.startsWith('--') || part.text.startsWith('/*') ? 1 : 2;
    if (mapped + mappedLength > at) return original + (part.code ? at - mapped : 0);
    mapped += mappedLength;
    original += part.text.length;
  }
  return original;
}

const NOT_ALIAS = /^\s*(\)|;|,|$|(WHERE|ORDER|GROUP|HAVING|LIMIT|UNION|EXCEPT|INTERSECT|JOIN|LEFT|RIGHT|INNER|CROSS|ON|WINDOW)\b)/i;

/** PostgreSQL before 16 wants a name for every subquery in FROM; SQLite does not. */
function aliasSubqueries(sql: string): string {
  let text = sql;
  let code = mapCodeOnly(text);
  const opener = /\bFROM\s*\(\s*SELECT\b/gi;
  let count = 0;
  for (let match = opener.exec(code); match; match = opener.exec(code)) {
    let depth = 0;
    let at = code.indexOf('(', match.index);
    for (; at < code.length; at++) {
      if (code[at] === '(') depth++;
      else if (code[at] === ')' && --depth === 0) break;
    }
    if (at >= code.length || !NOT_ALIAS.test(code.slice(at + 1))) continue;
    const offset = originalOffset(text, at + 1);
    text = `${text.slice(0, offset)} AS subquery_${++count}${text.slice(offset)}`;
    code = mapCodeOnly(text);
    opener.lastIndex = at;
  }
  return text;
}

/**
 * SQLite/D1 SQL → PostgreSQL, except the INSERT … SELECT casts (see castInsertSelect).
 * The result may hold several statements (a trigger): such SQL has no parameters.
 */
export function translateToPostgres(sql: string): { sql: string; count: number } & WeakParameters {
  const ddl = translateDdl(sql);
  let text = aliasSubqueries(translateExpressions(ddl));
  if (/\bINSERT\s+OR\s+IGNORE\b/i.test(mapCodeOnly(ddl))) text = `${text.replace(/;\s*$/, '')} ON CONFLICT DO NOTHING`;
  const numbered = numberPlaceholders(text, (n) => `$${n}`);
  return { ...numbered, ...weakParameters(numbered.sql) };
}

/** Where PostgreSQL cannot infer a parameter's type from the statement itself. */
export interface WeakParameters {
  /** Parameters tested with IS [NOT] NULL that also appear where their type is known. */
  nullTests: number[];
  /** Parameters whose every context is weak (IS NULL, json_build_object): typed from the value. */
  untyped: number[];
  /** Parameters inside json_build_object(…) (a VARIADIC "any"): typed from the value. */
  inJson: number[];
}

function weakParameters(sql: string): WeakParameters {
  const code = mapCodeOnly(sql);
  const jsonRanges: [number, number][] = [];
  for (const match of code.matchAll(/\bjson_build_object\s*\(/gi)) {
    let depth = 0;
    let at = match.index! + match[0].length - 1;
    for (; at < code.length; at++) {
      if (code[at] === '(') depth++;
      else if (code[at] === ')' && --depth === 0) break;
    }
    jsonRanges.push([match.index!, at]);
  }
  const tested = new Set<number>();
  const strong = new Set<number>();
  const inJson = new Set<number>();
  for (const match of code.matchAll(/\$(\d+)(\s+IS\s+(NOT\s+)?NULL\b)?/gi)) {
    const n = Number(match[1]);
    if (match[2]) tested.add(n);
    else if (jsonRanges.some(([from, to]) => match.index! > from && match.index! < to)) inJson.add(n);
    else strong.add(n);
  }
  return {
    nullTests: [...tested].filter((n) => strong.has(n)),
    untyped: [...tested].filter((n) => !strong.has(n)),
    inJson: [...inJson],
  };
}

function valueType(value: unknown): string {
  return typeof value === 'number' ? (Number.isInteger(value) ? 'bigint' : 'double precision') : 'text';
}

/**
 * PostgreSQL cannot type a parameter whose context is only `$n IS NULL` or an argument of
 * json_build_object; SQLite needs no types. With the values at hand: `$n IS NULL` of a parameter
 * used elsewhere becomes the constant it is for this value (its other uses type it), any other
 * weak use gets a cast from the value (a number's type, else text). `key` names the variant, for
 * caching prepared statements.
 */
export function typeParameters(sql: string, weak: WeakParameters, values: readonly unknown[]): { sql: string; key: string } {
  if (weak.nullTests.length + weak.untyped.length + weak.inJson.length === 0) return { sql, key: '' };
  const key: string[] = [];
  let text = sql;
  const rewrite = (pattern: RegExp, replace: (match: string) => string) => {
    text = mapCode(text, (code) => code.replace(pattern, replace));
  };
  for (const n of weak.nullTests) {
    const isNull = values[n - 1] === null || values[n - 1] === undefined;
    key.push(`${n}${isNull ? 'n' : 'v'}`);
    rewrite(new RegExp(`\\$${n}\\s+IS\\s+(NOT\\s+)?NULL\\b`, 'gi'), (match) => (/\bNOT\b/i.test(match) !== isNull ? '(TRUE)' : '(FALSE)'));
  }
  for (const n of weak.untyped) {
    const type = valueType(values[n - 1]);
    key.push(`${n}${type}`);
    rewrite(new RegExp(`\\$${n}(?=\\s+IS\\s+(NOT\\s+)?NULL\\b)`, 'gi'), () => `$${n}::${type}`);
  }
  if (weak.inJson.length > 0) {
    const types = new Map(weak.inJson.map((n) => [n, valueType(values[n - 1])]));
    key.push(`j${[...types.values()].join(',')}`);
    text = castInJson(text, types);
  }
  return { sql: text, key: key.join(';') };
}

/** Casts the parameters in `types` where they are arguments (at any depth) of json_build_object. */
function castInJson(sql: string, types: Map<number, string>): string {
  const stack: boolean[] = [];
  return sqlParts(sql)
    .map((part) => {
      if (!part.code) return part.text;
      return part.text.replace(/\bjson_build_object\s*\(|\(|\)|\$(\d+)\b/gi, (token, digits: string | undefined) => {
        if (digits !== undefined) {
          const type = types.get(Number(digits));
          return type && stack.includes(true) ? `${token}::${type}` : token;
        }
        if (token === ')') stack.pop();
        else stack.push(token !== '(');
        return token;
      });
    })
    .join('');
}

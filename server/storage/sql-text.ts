/**
 * A small scanner over SQL text: string literals, quoted identifiers and comments are kept as they
 * are, and only the code between them is handed to a rewrite. Both dialect steps (numbered
 * placeholders for better-sqlite3, PostgreSQL's `$n`) build on it, so a `?` or a keyword inside a
 * literal is never touched.
 */

const OPENERS: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/** Splits SQL into alternating parts: `code` to rewrite, everything else kept verbatim. */
export function sqlParts(sql: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let start = 0;
  let i = 0;
  const push = (code: boolean, end: number) => {
    if (end > start) parts.push({ code, text: sql.slice(start, end) });
    start = end;
  };
  while (i < sql.length) {
    const c = sql[i];
    let end = -1;
    if (c === '-' && sql[i + 1] === '-') {
      const newline = sql.indexOf('\n', i);
      end = newline === -1 ? sql.length : newline;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close === -1 ? sql.length : close + 2;
    } else if (c in OPENERS && !(c === '[' && !/[\s(,=]/.test(sql[i - 1] ?? ' '))) {
      const close = OPENERS[c];
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k === -1) {
          j = sql.length;
          break;
        }
        // A doubled quote ('it''s') is one quote inside the literal.
        if (close !== ']' && sql[k + 1] === close) {
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      end = j;
    }
    if (end === -1) {
      i++;
      continue;
    }
    push(true, i);
    push(false, end);
    i = end;
  }
  push(true, sql.length);
  return parts;
}

/** Applies `rewrite` to the code parts of `sql` only. */
export function mapCode(sql: string, rewrite: (code: string) => string): string {
  return sqlParts(sql)
    .map((part) => (part.code ? rewrite(part.text) : part.text))
    .join('');
}

/**
 * Numbers every placeholder the way SQLite does (`?` is one more than the largest number so far,
 * `?n` is n) and writes it with `format`: `?n` for better-sqlite3, `$n` for PostgreSQL.
 * Returns the text and how many parameters it takes.
 */
export function numberPlaceholders(sql: string, format: (n: number) => string): { sql: string; count: number } {
  let largest = 0;
  const text = mapCode(sql, (code) =>
    code.replace(/\?(\d*)/g, (_match, digits: string) => {
      const n = digits ? Number(digits) : largest + 1;
      largest = Math.max(largest, n);
      return format(n);
    }),
  );
  return { sql: text, count: largest };
}

/**
 * Splits a migration file into statements at top-level `;` (a trigger's BEGIN … END body is one
 * statement), without their comments.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inTrigger = false;
  for (const part of sqlParts(sql)) {
    if (!part.code) {
      // Comments are dropped (as wrangler does); literals kept.
      if (!part.text.startsWith('--') && !part.text.startsWith('/*')) current += part.text;
      continue;
    }
    let rest = part.text;
    while (rest.length > 0) {
      const semicolon = rest.indexOf(';');
      if (semicolon === -1) {
        current += rest;
        break;
      }
      current += rest.slice(0, semicolon + 1);
      rest = rest.slice(semicolon + 1);
      const code = mapCodeOnly(current);
      if (/^\s*CREATE\s+(TEMP\w*\s+)?TRIGGER\b/i.test(code)) inTrigger = true;
      if (inTrigger && !/\bEND\s*;\s*$/i.test(code)) continue;
      inTrigger = false;
      if (code.replace(/;/g, '').trim()) statements.push(current.trim());
      current = '';
    }
  }
  if (mapCodeOnly(current).trim()) statements.push(current.trim());
  return statements;
}

/** The statement's code with literals emptied and comments removed: for keyword tests. */
export function mapCodeOnly(sql: string): string {
  return sqlParts(sql)
    .map((part) => (part.code ? part.text : part.text.startsWith('--') || part.text.startsWith('/*') ? ' ' : "''"))
    .join('');
}

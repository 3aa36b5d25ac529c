/** Static walks over an (uncompiled) expression. Never throw: malformed parts are skipped. */

function walk(expr: unknown, onOp: (op: string, args: unknown[]) => void): void {
  if (Array.isArray(expr)) {
    for (const x of expr) walk(x, onOp);
    return;
  }
  if (expr === null || typeof expr !== 'object') return;
  for (const op of Object.keys(expr)) {
    const raw = (expr as Record<string, unknown>)[op];
    const args = Array.isArray(raw) ? raw : [raw];
    onOp(op, args);
    for (const a of args) walk(a, onOp);
  }
}

/** Every {"var": …} name in an expression (first-seen order, no duplicates), custom operators' arguments included. */
export function referencedVars(expr: unknown): string[] {
  const out = new Set<string>();
  walk(expr, (op, args) => {
    if (op === 'var' && typeof args[0] === 'string') out.add(args[0]);
  });
  return [...out];
}

/** Every operator name used ("var" included), first-seen order, no duplicates. */
export function referencedOperators(expr: unknown): string[] {
  const out = new Set<string>();
  walk(expr, (op) => {
    out.add(op);
  });
  return [...out];
}

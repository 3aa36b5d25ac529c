import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Two house rules a reader relies on, checked with the TypeScript compiler's own parser (a
 * regex cannot tell a function from an object literal, or `import type` from `import`):
 * no function over MAX_FUNCTION_LINES lines, and no import cycle between folders.
 *
 * `npm run structure` prints what breaks them; scripts/structure.test.ts fails on it.
 */

export const MAX_FUNCTION_LINES = 120;

export interface LongFunction {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** A name a reader can search for: the declaration, the variable or property it is assigned to, or the call it is passed to. */
  name: string;
  /** 1-based line where the function starts. */
  line: number;
  lines: number;
}

export interface ModuleImport {
  /** The module specifier as written. */
  specifier: string;
  /** `import type`, `export type`, or every named binding marked `type`: erased at run time. */
  typeOnly: boolean;
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node)) && node.name) {
    return node.name.getText();
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText();
  }
  if (ts.isFunctionExpression(node) && node.name) return node.name.getText();
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText();
    return `${callee.length > 40 ? `…${callee.slice(-40)}` : callee}(…) callback`;
  }
  return '(anonymous)';
}

/**
 * Functions in `source` longer than `max` lines, counted from the first line of the function
 * (its signature) to its closing brace, nested functions included.
 *
 * @example
 * longFunctions(ts.createSourceFile('a.ts', text, ts.ScriptTarget.Latest, true), 120);
 */
export function longFunctions(source: ts.SourceFile, max = MAX_FUNCTION_LINES): LongFunction[] {
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ file: source.fileName, name: functionName(node), line: first + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every module `source` imports or re-exports, static or dynamic, with whether only types cross. */
export function importsOf(source: ts.SourceFile): ModuleImport[] {
  const found: ModuleImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const everyNamedIsType =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: (clause?.isTypeOnly ?? false) || everyNamedIsType });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const everyNamedIsType =
        clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || everyNamedIsType });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Groups of units that import each other, directly or through others (strongly connected
 * components of more than one unit, Tarjan's algorithm), each sorted, in a stable order.
 */
export function importCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const nodes = new Set<string>(edges.keys());
  for (const targets of edges.values()) for (const target of targets) nodes.add(target);

  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) connect(node);
  return groups.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * The unit a file belongs to for the cycle check: at the top, `core` or `worker` (so core and
 * the Worker never import each other both ways); inside them, the file's folder (`core/criteria`,
 * `worker/reports`), where a file directly in `core/` or `worker/` is a unit of its own
 * (`core/types.ts`, the package's shared types; `worker/app.ts`, the composition root).
 */
export function unitsOf(file: string): { top: string; folder: string } {
  const parts = file.split('/');
  const folder = parts.length === 2 ? file : parts.slice(0, -1).join('/');
  return { top: parts[0], folder };
}

function sourceFiles(root: string, folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(relative);
      } else if (/\.tsx?$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        files.push(relative);
      }
    }
  };
  walk(folder);
  return files.sort();
}

export interface StructureReport {
  longFunctions: LongFunction[];
  /** Cycles between `core` and `worker`, then between folders inside them. */
  cycles: string[][];
}

/**
 * Checks the production sources (tests excluded: a `describe` callback is long by nature, and a
 * test file is imported by nothing) of the given top folders under `root`. Imports of types
 * count too: they are erased before anything runs, but a reader still has to understand both
 * folders together.
 *
 * @example
 * const { longFunctions, cycles } = checkStructure({ root: process.cwd() });
 */
export function checkStructure(options: { root: string; folders?: readonly string[]; maxLines?: number }): StructureReport {
  const { root, folders = ['core', 'worker'], maxLines = MAX_FUNCTION_LINES } = options;
  const files = folders.flatMap((folder) => sourceFiles(root, folder));
  const known = new Set(files);
  const compilerOptions: ts.CompilerOptions = {
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
    allowJs: true,
  };
  const long: LongFunction[] = [];
  const topEdges = new Map<string, Set<string>>();
  const folderEdges = new Map<string, Set<string>>();
  const addEdge = (edges: Map<string, Set<string>>, from: string, to: string) => {
    if (from === to) return;
    let targets = edges.get(from);
    if (!targets) edges.set(from, (targets = new Set()));
    targets.add(to);
  };

  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    long.push(...longFunctions(source, maxLines));
    for (const { specifier } of importsOf(source)) {
      const resolved = ts.resolveModuleName(specifier, path.join(root, file), compilerOptions, ts.sys).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const target = path.relative(root, resolved.resolvedFileName).split(path.sep).join('/');
      if (!known.has(target)) continue;
      const from = unitsOf(file);
      const to = unitsOf(target);
      addEdge(topEdges, from.top, to.top);
      if (from.top === to.top) addEdge(folderEdges, from.folder, to.folder);
    }
  }
  return { longFunctions: long, cycles: [...importCycles(topEdges), ...importCycles(folderEdges)] };
}

/** One line per offender, for the terminal and for test failure messages. */
export function describeReport(report: StructureReport, maxLines = MAX_FUNCTION_LINES): string[] {
  return [
    ...report.longFunctions.map((f) => `${f.file}:${f.line} ${f.name} is ${f.lines} lines (max ${maxLines})`),
    ...report.cycles.map((group) => `import cycle between ${group.join(' ↔ ')}`),
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const lines = describeReport(checkStructure({ root: process.cwd() }));
  for (const line of lines) console.log(line);
  console.log(
    lines.length === 0
      ? 'structure: no function over 120 lines, no import cycle between folders'
      : `structure: ${lines.length} offender(s)`,
  );
}

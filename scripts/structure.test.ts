import { fileURLToPath } from 'node:url';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkStructure, describeReport, importCycles, importsOf, longFunctions } from './structure';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const parse = (text: string) => ts.createSourceFile('sample.ts', text, ts.ScriptTarget.Latest, true);
const body = (lines: number) => Array.from({ length: lines }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('longFunctions', () => {
  it('names functions over the limit by declaration, variable, method or callee, nested ones included', () => {
    const source = parse(
      [
        `export function declared() {\n${body(5)}\n}`,
        `const assigned = () => {\n${body(5)}\n};`,
        `class Box { method() {\n${body(5)}\n} }`,
        `run(function () {\n${body(5)}\n});`,
        `function outer() {\n  const inner = () => {\n${body(5)}\n  };\n}`,
        `function short() { return 1; }`,
      ].join('\n'),
    );
    const found = longFunctions(source, 6).map((f) => `${f.name}@${f.line}:${f.lines}`);
    expect(found).toEqual(['declared@1:7', 'assigned@8:7', 'method@15:7', 'run(…) callback@22:7', 'outer@29:9', 'inner@30:7']);
  });

  it('accepts a function of exactly the limit', () => {
    expect(longFunctions(parse(`function f() {\n${body(118)}\n}`), 120)).toEqual([]);
    expect(longFunctions(parse(`function f() {\n${body(119)}\n}`), 120)).toHaveLength(1);
  });
});

describe('importsOf', () => {
  it('tells type-only imports from value imports, and sees re-exports and dynamic imports', () => {
    const source = parse(
      [
        `import type { A } from './a';`,
        `import { type B, type C } from './b';`,
        `import { type D, e } from './d';`,
        `import f from './f';`,
        `export { g } from './g';`,
        `export type { H } from './h';`,
        `const i = () => import('./i');`,
        `let j: import('./j').J;`,
      ].join('\n'),
    );
    expect(importsOf(source)).toEqual([
      { specifier: './a', typeOnly: true },
      { specifier: './b', typeOnly: true },
      { specifier: './d', typeOnly: false },
      { specifier: './f', typeOnly: false },
      { specifier: './g', typeOnly: false },
      { specifier: './h', typeOnly: true },
      { specifier: './i', typeOnly: false },
      { specifier: './j', typeOnly: true },
    ]);
  });
});

describe('importCycles', () => {
  it('finds every group of units reaching each other, and nothing in a chain', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set(['e'])],
      ['e', new Set(['d'])],
      ['f', new Set(['a'])],
    ]);
    expect(importCycles(edges)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(importCycles(new Map([['x', new Set(['y'])]]))).toEqual([]);
  });
});

describe('the house rules on core/ and worker/', () => {
  it('have no function over 120 lines and no import cycle between folders', () => {
    expect(describeReport(checkStructure({ root }))).toEqual([]);
  });
});

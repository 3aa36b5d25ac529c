/**
 * Every Excel API the adapter touches exists in ExcelApi 1.9 (the manifest's minimum): the
 * TypeScript checker resolves each property and method the adapter uses to its declaration in
 * @types/office-js and reads the declaration's "[Api set: ExcelApi 1.x]" note.
 */
import ts from 'typescript';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = import.meta.dirname;
const MINIMUM = 9;
/** Newer members the adapter reads only when `isSetSupported` says the set is there (see index.ts). */
const GUARDED = new Set(['WorksheetChangedEventArgs.triggerSource']);

function apiSetsUsed(): Map<string, number> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
  const program = ts.createProgram(files, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const used = new Map<string, number>();
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node)) {
      const symbol = checker.getSymbolAtLocation(node.name);
      for (const decl of symbol?.declarations ?? []) {
        if (!decl.getSourceFile().fileName.includes('@types/office-js')) continue;
        const owner = (decl.parent as ts.ClassDeclaration | ts.InterfaceDeclaration).name?.getText() ?? '?';
        const set = /\[Api set: ExcelApi 1\.(\d+)/.exec(decl.getFullText());
        if (set) used.set(`${owner}.${node.name.text}`, Number(set[1]));
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const f of files) visit(program.getSourceFile(f)!);
  return used;
}

describe('Excel requirement sets', () => {
  it('the adapter uses nothing newer than ExcelApi 1.9', () => {
    const used = apiSetsUsed();
    // The adapter's backbone must be found, or the check proves nothing.
    for (const member of [
      'RangeAreas.conditionalFormats',
      'Worksheet.getRanges',
      'WorksheetCollection.onChanged',
      'Range.hyperlink',
      'Range.getBoundingRect',
    ]) {
      expect(used.has(member), member).toBe(true);
    }
    const newer = [...used]
      .filter(([member, minor]) => minor > MINIMUM && !GUARDED.has(member))
      .map(([member, minor]) => `${member} (1.${minor})`);
    expect(newer).toEqual([]);
    expect(used.get('WorksheetChangedEventArgs.triggerSource')).toBe(14);
  });
});

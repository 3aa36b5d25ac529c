/**
 * The bundle bench (`npm run bench -- --only bundle`): core bundled for the browser as the pane
 * imports it — compile, evaluate (summary included), marks, summaries merged — with esbuild,
 * minified and tree-shaken, then gzipped (level 9). Goal (issue 11): ≤ 60 KB gzipped.
 *
 * @example
 * const figures = await runBundleBench({ n: 100_000, seed: 1, reps: 5 });
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { type BenchOptions, codeVersion, machine, printTable, round2 } from './harness';

/** Goal from the issue; a missed goal is printed as FAIL, never an exit code. */
export const BUNDLE_GOALS = { coreBundleGzKbMax: 60 };

/** What the pane imports from core (addin/ runs core in a Web Worker). */
export const PANE_ENTRY = `export { compileCriteria, validateCriteria, evaluateRoster, marksOf, mergeSummaries, emptySummary } from './core/index';`;

export interface CoreBundle {
  /** Minified bytes and gzipped bytes. */
  bytes: number;
  gzBytes: number;
  /** Minified bytes per source group (core folders, zod, zod's locales). */
  parts: Record<string, number>;
}

/** Bundle `entry` (resolved from the project root) for the browser, minified, and measure it. */
export async function bundleCore(entry = PANE_ENTRY): Promise<CoreBundle> {
  const out = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'pane-core.ts' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  const code = out.outputFiles[0].contents;
  const parts: Record<string, number> = {};
  for (const output of Object.values(out.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const group = path.includes('node_modules/zod/')
        ? path.includes('/locales/')
          ? 'zod locales'
          : 'zod'
        : path.split('/').slice(0, 2).join('/');
      parts[group] = (parts[group] ?? 0) + input.bytesInOutput;
    }
  }
  return { bytes: code.length, gzBytes: gzipSync(code, { level: 9 }).length, parts };
}

export async function runBundleBench(_options: BenchOptions): Promise<Record<string, unknown>> {
  const bundle = await bundleCore();
  const kb = (bytes: number) => round2(bytes / 1024);
  const gz = kb(bundle.gzBytes);
  const parts = Object.entries(bundle.parts).sort((a, b) => b[1] - a[1]);
  printTable(
    ['part (minified)', 'KB'],
    parts.map(([name, bytes]) => [name, kb(bytes)]),
  );
  console.log('');
  printTable(
    ['core for the pane', 'minified KB', 'gzipped KB', 'goal ≤ 60 KB gz'],
    [['compile + evaluate + summary + marks', kb(bundle.bytes), gz, gz <= BUNDLE_GOALS.coreBundleGzKbMax ? 'ok' : 'FAIL']],
  );
  return {
    ...machine(),
    code: codeVersion(['core']),
    method: 'esbuild (bundle, minify, tree-shake, esm, browser, es2020) of core as the pane imports it; gzip level 9',
    entry: PANE_ENTRY,
    goals: BUNDLE_GOALS,
    core_bundle_gz_kb: gz,
    core_bundle_min_kb: kb(bundle.bytes),
    parts_min_kb: Object.fromEntries(parts.map(([name, bytes]) => [name, kb(bytes)])),
  };
}

/**
 * Summarise a V8 .cpuprofile: top functions by self and inclusive time, and top source lines,
 * with file:line. Frames of a bundled script with a `.map` beside it are mapped back to the
 * TypeScript sources (tsx's in-memory output has no usable line numbers, so profile a bundle):
 *
 *   npx esbuild bench/profile-core.ts --bundle --platform=node --format=esm --sourcemap --outfile=/tmp/prof/p.mjs
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof/out /tmp/prof/p.mjs 100000 4
 *   npx tsx bench/hotspots.ts /tmp/prof/out/<file>.cpuprofile [top=25] [filter=core/]
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}
const [file, topArg, filterArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const filter = filterArg ?? '';
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; startTime: number; endTime: number; samples: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const totalSamples = profile.samples.length;
const msPerSample = (profile.endTime - profile.startTime) / totalSamples / 1000;

const maps = new Map<string, { map: SourceMap; lines: string[] } | null>();
function mapOf(url: string) {
  if (!maps.has(url)) {
    let entry = null;
    if (url.startsWith('file://')) {
      const path = fileURLToPath(url);
      if (existsSync(path + '.map')) entry = { map: new SourceMap(JSON.parse(readFileSync(path + '.map', 'utf8'))), lines: readFileSync(path, 'utf8').split('\n') };
    }
    maps.set(url, entry);
  }
  return maps.get(url)!;
}
/** file:line (1-based) of a 0-based generated position, mapped to the original source when possible. */
function where(url: string, line0: number, col0?: number): string {
  const m = mapOf(url);
  if (m && line0 >= 0) {
    const text = m.lines[line0] ?? '';
    const col = col0 ?? Math.max(0, text.search(/\S/));
    const e = m.map.findEntry(line0, col) as { originalSource?: string; originalLine?: number };
    if (e && e.originalSource) return `${e.originalSource.replace(/^.*?(core|bench|worker)\//, '$1/')}:${(e.originalLine ?? 0) + 1}`;
  }
  return `${url.replace(/^.*\/work\/main\//, '')}:${line0 + 1}`;
}
const key = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber)}`;

const self = new Map<string, number>();
const lines = new Map<string, number>();
for (const n of profile.nodes) {
  self.set(key(n), (self.get(key(n)) ?? 0) + n.hitCount);
  for (const t of n.positionTicks ?? []) {
    const k = `${where(n.callFrame.url, t.line - 1)}  (in ${n.callFrame.functionName || 'anonymous'})`;
    lines.set(k, (lines.get(k) ?? 0) + t.ticks);
  }
}
// Inclusive: hits of the subtree, a function counted once per stack.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const n of profile.nodes) {
  if (!n.hitCount) continue;
  const seen = new Set<string>();
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
    const k = key(byId.get(id)!);
    if (!seen.has(k)) {
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + n.hitCount);
    }
  }
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (of ${(totalSamples * msPerSample).toFixed(0)} ms sampled)`);
  [...m.entries()]
    .filter(([k]) => k.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, hits]) => console.log(`${(hits * msPerSample).toFixed(0).padStart(7)} ms ${((100 * hits) / totalSamples).toFixed(1).padStart(5)} %  ${k}`));
};
show('self time by function', self);
show('inclusive time by function', inclusive);
show('self time by line', lines);

#!/usr/bin/env node
// Builds the Excel add-in's task pane into dist/public/ (served by the Worker as static assets):
//   index.html, pane.css, assets/  — copied from addin/pane/static/
//   pane.js                        — the pane (esbuild, minified, one ES module)
//   engine.js                      — core in the pane's Web Worker (loaded after the pane starts)
//   _headers                       — the pane's Content-Security-Policy (Workers static assets)
// Only these files are replaced: other static pages in dist/public (e.g. /offline/) stay.
// `node scripts/build-pane.mjs` prints each file's gzipped size.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const scriptRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The pane's CSP: its own origin only, plus Office's script host for office.js. */
export const PANE_CSP = [
  "default-src 'self'",
  "script-src 'self' https://appsforoffice.microsoft.com",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const HEADERS = `# The task pane holds a clerk's token: no inline script, no third-party origin but office.js's.
# (No X-Frame-Options: Office shows the pane in a frame.)
${['/', '/index.html', '/engine.js']
  .map(
    (path) => `${path}
  Content-Security-Policy: ${PANE_CSP}
  Referrer-Policy: no-referrer
  X-Content-Type-Options: nosniff
`,
  )
  .join('')}`;

const gzKb = (bytes) => Math.round((gzipSync(bytes, { level: 9 }).length / 1024) * 10) / 10;

/**
 * Builds the pane into `outdir` (default dist/public under the project `root`); returns gzipped sizes in KB.
 * @example const { paneGzKb, engineGzKb } = await buildPane();
 */
export async function buildPane({ root = scriptRoot, outdir = join(root, 'dist', 'public'), minify = true, quiet = false } = {}) {
  mkdirSync(outdir, { recursive: true });
  for (const f of ['pane.js', 'engine.js', 'county.js', 'pane.js.map', 'engine.js.map', 'county.js.map']) rmSync(join(outdir, f), { force: true });
  cpSync(join(root, 'addin', 'pane', 'static'), outdir, { recursive: true });
  const common = { bundle: true, minify, sourcemap: 'linked', target: 'es2020', legalComments: 'none', logLevel: 'warning', absWorkingDir: root };
  await build({ ...common, entryPoints: ['addin/pane/main.ts'], format: 'esm', outfile: join(outdir, 'pane.js') });
  await build({ ...common, entryPoints: ['addin/pane/engine/worker.ts'], format: 'iife', outfile: join(outdir, 'engine.js') });
  // County mode (addin/county): its own module, imported by URL only for county and admin tokens.
  await build({ ...common, entryPoints: ['addin/county/index.ts'], format: 'esm', outfile: join(outdir, 'county.js') });
  writeFileSync(join(outdir, '_headers'), HEADERS);
  const html = readFileSync(join(outdir, 'index.html'));
  const css = readFileSync(join(outdir, 'pane.css'));
  const sizes = {
    paneGzKb: gzKb(readFileSync(join(outdir, 'pane.js'))),
    htmlCssGzKb: gzKb(Buffer.concat([html, css])),
    engineGzKb: gzKb(readFileSync(join(outdir, 'engine.js'))),
    countyGzKb: gzKb(readFileSync(join(outdir, 'county.js'))),
  };
  if (!quiet) {
    console.log(`pane: pane.js ${sizes.paneGzKb} KB gz (initial JS), index.html + pane.css ${sizes.htmlCssGzKb} KB gz; engine.js (core, Web Worker) ${sizes.engineGzKb} KB gz; county.js (county mode, on demand) ${sizes.countyGzKb} KB gz → ${outdir}`);
  }
  return sizes;
}

// Run directly (not when bundled into the bench, where import.meta.url is the bundle's).
if (process.argv[1]?.endsWith('build-pane.mjs')) {
  buildPane().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

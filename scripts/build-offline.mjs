#!/usr/bin/env node
// Builds the offline check page into dist/public/offline/index.html (served by the Worker at
// /offline/): ONE self-contained file — the page's script, its Web Worker (the xlsx adapter and
// core) and its styles inline — so it also works saved to disk and opened from there.
// Its Content-Security-Policy allows only those inline parts (by hash), a blob: worker, and
// requests to its own origin (GET /api/v1/criteria): the browser itself refuses any other.
// `node scripts/build-offline.mjs` prints the page's gzipped size.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

async function bundle(root, entry, define = {}) {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
    write: false,
    define,
  });
  // Inline in <script>: a literal "</script" inside a string would end the element.
  return out.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * @example const { path, gzKb } = await buildOffline();
 * @param {{ outdir?: string, quiet?: boolean, root?: string }} [options] root: the repository (default:
 *   this script's parent folder; callers bundled elsewhere, such as the bench, pass it).
 */
export async function buildOffline({ root = here, outdir = join(root, 'dist', 'public', 'offline'), quiet = false } = {}) {
  const engine = await bundle(root, 'offline/engine.ts');
  const script = await bundle(root, 'offline/page.ts', { __ENGINE_SOURCE__: JSON.stringify(engine) });
  const style = readFileSync(join(root, 'offline', 'page.css'), 'utf8');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    'worker-src blob:',
    "connect-src 'self'",
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const html = readFileSync(join(root, 'offline', 'index.html'), 'utf8')
    .replace('__CSP__', () => csp)
    .replace('__STYLE__', () => style)
    .replace('__SCRIPT__', () => script);
  mkdirSync(outdir, { recursive: true });
  const path = join(outdir, 'index.html');
  writeFileSync(path, html);
  const gzKb = Math.round((gzipSync(html, { level: 9 }).length / 1024) * 10) / 10;
  if (!quiet) console.log(`offline page: ${path} ${gzKb} KB gz (one file: page, Web Worker with core, styles)`);
  return { path, gzKb };
}

// Run as a script only (not when bundled into another program, e.g. the bench, where import.meta.url is the bundle's).
if (process.argv[1]?.endsWith('build-offline.mjs') && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildOffline().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

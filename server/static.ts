import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The built static assets (dist/public) as the Worker's `[assets]` serves them: a file by its
 * path, a folder by its index.html (`/` the pane, `/offline/` the offline check page). Null when
 * there is no such file, so the request goes on to the API. Paths never leave the folder.
 */
export async function staticAsset(root: string, pathname: string): Promise<Response | null> {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return null;
  }
  if (relative.split(/[/\\]/).includes('..')) return null;
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) return null;
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return null;
    const body = await readFile(file);
    const html = extname(file) === '.html';
    return new Response(body, {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': html ? 'no-cache' : 'public, max-age=3600',
      },
    });
  } catch {
    return null;
  }
}

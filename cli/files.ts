import { closeSync, existsSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createDeflateRaw, createInflateRaw } from 'node:zlib';
import type { Deflater } from './xlsx/zip-write';
import type { Inflater } from './xlsx/zip';

/**
 * zlib works on libuv's thread pool: every chunk is a hand-off to a thread and back, and on a
 * busy machine each hand-off waits for the scheduler. Chunks of 1 MB keep them to a few dozen
 * per worksheet (with 256 KB chunks the CLI's wall time was 3–6× its CPU time at load 17).
 */
const ZLIB_CHUNK = 1024 * 1024;

/** Node's native zlib behind the adapter's inflater seam (faster than a JS inflater). */
export const zlibInflater: Inflater = (data) => {
  const z = createInflateRaw({ chunkSize: ZLIB_CHUNK });
  z.end(data);
  return z;
};

/** Native zlib at level 1: the annotated copy re-deflates a 200 MB worksheet; level 6 triples that. */
export const zlibDeflater: Deflater = (chunks) => Readable.from(chunks).pipe(createDeflateRaw({ level: 1, chunkSize: ZLIB_CHUNK }));

/** Files this tool writes, never checked as rosters. */
const OUTPUT_SUFFIX = /\.(校验报告|已标注|report|annotated)\.xlsx$/i;

/** The .xlsx files named, folders walked (lock files ~$… and this tool's outputs left out). */
export function expandInputs(inputs: string[]): { files: string[]; missing: string[]; emptyFolders: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const emptyFolders: string[] = [];
  const walk = (dir: string, found: string[]) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, found);
      else if (extname(name).toLowerCase() === '.xlsx' && !name.startsWith('~$') && !OUTPUT_SUFFIX.test(name)) found.push(p);
    }
  };
  for (const input of inputs) {
    if (!existsSync(input)) missing.push(input);
    else if (statSync(input).isDirectory()) {
      const found: string[] = [];
      walk(input, found);
      if (!found.length) emptyFolders.push(input);
      files.push(...found);
    } else files.push(input);
  }
  return { files, missing, emptyFolders };
}

/** Output name for `file` in `dir` with `suffix` ("校验报告" → 花名册.校验报告.xlsx). */
export function outputPath(dir: string, file: string, suffix: string): string {
  return join(dir, `${basename(file, extname(file))}.${suffix}.xlsx`);
}

/**
 * Writes a file whole or not at all: bytes go to a temporary file beside it, renamed into place
 * only when `produce` finished; on any error the temporary file is removed. (No fsync: these
 * are reports that can be made again, and an fsync waited seconds on a busy disk.)
 */
export async function writeAtomic(path: string, produce: (sink: (chunk: Uint8Array) => void) => void | Promise<void>): Promise<void> {
  const tmp = `${path}.${process.pid}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    await produce((chunk) => {
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off);
    });
    closeSync(fd);
    renameSync(tmp, path);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
}

export function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

let gcFn: (() => void) | null | undefined;

/**
 * A full garbage collection between phases (the tables after core ran, the report's strings
 * after it is written), so the next phase reuses that memory instead of growing the heap: it
 * keeps a 100,000-household check under its 500 MB goal. --expose-gc enabled at run time.
 */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

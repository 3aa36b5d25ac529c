import { XlsxError } from './errors';

/**
 * The zip container of an .xlsx, read from its central directory. Entries are inflated as
 * streams, chunk by chunk, so a 200 MB worksheet never sits in memory whole; the inflater is
 * pluggable (node:zlib in the command line, DecompressionStream in the browser).
 */

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
  crc: number;
}

/** Turns raw DEFLATE data into its inflated chunks. */
export type Inflater = (compressed: Uint8Array) => AsyncIterable<Uint8Array>;

/**
 * An entry may inflate to at most this many times its compressed size (beyond a floor).
 * Worksheets deflate about 10 : 1, shared strings 5 : 1; DEFLATE's ceiling is about 1,030 : 1.
 */
const MAX_RATIO = 250;
const RATIO_FLOOR = 64 * 1024 * 1024;
/** No worksheet of Excel's own limits needs more than this uncompressed. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024 * 1024;

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Throws XlsxError for an OLE file: an encrypted OOXML package or an .xls. */
function rejectOle(bytes: Uint8Array): void {
  if (bytes.length < 8 || !OLE_MAGIC.every((b, i) => bytes[i] === b)) return;
  // Office wraps a password-protected .xlsx in an OLE file with these UTF-16LE stream names.
  if (hasUtf16(bytes, 'EncryptedPackage') || hasUtf16(bytes, 'EncryptionInfo')) throw new XlsxError('encrypted');
  throw new XlsxError('xls');
}

function hasUtf16(bytes: Uint8Array, name: string): boolean {
  const first = name.charCodeAt(0);
  const limit = Math.min(bytes.length, 16 * 1024 * 1024) - name.length * 2;
  outer: for (let i = 0; i < limit; i++) {
    if (bytes[i] !== first || bytes[i + 1] !== 0) continue;
    for (let k = 1; k < name.length; k++) {
      if (bytes[i + 2 * k] !== name.charCodeAt(k) || bytes[i + 2 * k + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** The entries of a zip archive, by name. Throws XlsxError for anything that is no usable zip. */
export function readZipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  rejectOle(bytes);
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new XlsxError('not_zip');
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('corrupt', 'no end of central directory');
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new XlsxError('corrupt', 'bad central directory');
    const flags = u16(bytes, p + 8);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    const entry: ZipEntry = {
      name,
      flags,
      method: u16(bytes, p + 10),
      crc: u32(bytes, p + 16),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      localOffset: u32(bytes, p + 42),
    };
    if (flags & 1) throw new XlsxError('encrypted');
    if (entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new XlsxError('zip_bomb', 'zip64 entry');
    entries.set(name.replace(/^\/+/, ''), entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The raw (still compressed) bytes of an entry. */
export function entryData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const o = e.localOffset;
  if (o + 30 > bytes.length || u32(bytes, o) !== 0x04034b50) throw new XlsxError('corrupt', `bad local header of ${e.name}`);
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  if (start + e.compressedSize > bytes.length) throw new XlsxError('corrupt', `${e.name} is cut off`);
  return bytes.subarray(start, start + e.compressedSize);
}

/** Inflate with the platform's DecompressionStream (browsers, Node 20). */
export const webInflater: Inflater = (compressed) => {
  const stream = new Blob([compressed as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return stream as unknown as AsyncIterable<Uint8Array>;
};

/**
 * The inflated chunks of an entry, guarded against zip bombs: a declared size out of bounds or
 * output far beyond the compression ratio any worksheet has stops the read.
 */
export async function* inflateEntry(bytes: Uint8Array, e: ZipEntry, inflate: Inflater): AsyncGenerator<Uint8Array> {
  const data = entryData(bytes, e);
  const limit = Math.min(MAX_ENTRY_BYTES, Math.max(RATIO_FLOOR, e.compressedSize * MAX_RATIO));
  if (e.size > limit) throw new XlsxError('zip_bomb', `${e.name} declares ${e.size} bytes`);
  if (e.method === 0) {
    yield data;
    return;
  }
  if (e.method !== 8) throw new XlsxError('corrupt', `${e.name} uses compression method ${e.method}`);
  let total = 0;
  try {
    for await (const chunk of inflate(data)) {
      total += chunk.length;
      if (total > limit) throw new XlsxError('zip_bomb', `${e.name} inflates past ${limit} bytes`);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof XlsxError) throw err;
    throw new XlsxError('corrupt', `${e.name}: ${(err as Error).message}`);
  }
}

/** A whole (small) entry as text: workbook.xml, relationships, shared strings of small files. */
export async function entryText(bytes: Uint8Array, e: ZipEntry, inflate: Inflater): Promise<string> {
  const decoder = new TextDecoder();
  let out = '';
  for await (const chunk of inflateEntry(bytes, e, inflate)) out += decoder.decode(chunk, { stream: true });
  return out + decoder.decode();
}

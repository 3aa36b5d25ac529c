import { crc32Update } from './crc32';
import { entryData, type ZipEntry } from './zip';

/**
 * Writes a zip entry by entry to a sink: entries of an original copied byte for byte (still
 * compressed, never re-encoded), new or changed ones deflated as they stream (by the platform's
 * native deflate), each followed by a data descriptor. Used for the report workbook and for the
 * annotated copy, where only two parts of the original change.
 */

/** Raw DEFLATE of a stream of chunks. */
export type Deflater = (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;

/** Reads a web ReadableStream as an async iterable (older browsers lack its async iterator). */
export async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** CompressionStream('deflate-raw'): native in browsers and Node 20. */
export const webDeflater: Deflater = (chunks) => {
  const it = chunks[Symbol.asyncIterator]();
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await it.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
  });
  return readStream(input.pipeThrough(new CompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>));
};

interface Written {
  name: Uint8Array;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const enc = new TextEncoder();

export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];
  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    private readonly deflater: Deflater = webDeflater,
  ) {}

  private out(chunk: Uint8Array): void {
    if (!chunk.length) return;
    this.sink(chunk);
    this.offset += chunk.length;
  }

  private localHeader(w: Omit<Written, 'offset'>): Uint8Array {
    const h = new Uint8Array(30 + w.name.length);
    const v = new DataView(h.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, w.flags, true);
    v.setUint16(8, w.method, true);
    v.setUint32(10, 0, true); // time/date: 1980-01-01 00:00
    v.setUint16(12, 0x21, true);
    v.setUint32(14, w.flags & 8 ? 0 : w.crc, true);
    v.setUint32(18, w.flags & 8 ? 0 : w.compressedSize, true);
    v.setUint32(22, w.flags & 8 ? 0 : w.size, true);
    v.setUint16(26, w.name.length, true);
    h.set(w.name, 30);
    return h;
  }

  /** The original entry, bytes unchanged. */
  copy(bytes: Uint8Array, e: ZipEntry): void {
    const data = entryData(bytes, e);
    // UTF-8 names keep their flag; the data-descriptor bit is dropped (sizes are in the header).
    const w = { name: enc.encode(e.name), method: e.method, flags: e.flags & 0x0800, crc: e.crc, compressedSize: e.compressedSize, size: e.size };
    const offset = this.offset;
    this.out(this.localHeader(w));
    this.out(data);
    this.written.push({ ...w, offset });
  }

  /** A new entry from uncompressed chunks, deflated as they arrive. */
  async add(name: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    const w = { name: enc.encode(name), method: 8, flags: 0x0808, crc: 0, compressedSize: 0, size: 0 };
    const offset = this.offset;
    this.out(this.localHeader(w));
    async function* counted() {
      for await (const chunk of chunks) {
        w.crc = crc32Update(w.crc, chunk);
        w.size += chunk.length;
        yield chunk;
      }
    }
    for await (const data of this.deflater(counted())) {
      w.compressedSize += data.length;
      this.out(data);
    }
    const dd = new Uint8Array(16);
    const v = new DataView(dd.buffer);
    v.setUint32(0, 0x08074b50, true);
    v.setUint32(4, w.crc, true);
    v.setUint32(8, w.compressedSize, true);
    v.setUint32(12, w.size, true);
    this.out(dd);
    this.written.push({ ...w, offset });
  }

  /** The central directory and its end record. */
  finish(): void {
    const start = this.offset;
    for (const w of this.written) {
      const h = new Uint8Array(46 + w.name.length);
      const v = new DataView(h.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, 20, true);
      v.setUint16(8, w.flags, true);
      v.setUint16(10, w.method, true);
      v.setUint32(12, 0, true);
      v.setUint16(14, 0x21, true);
      v.setUint32(16, w.crc, true);
      v.setUint32(20, w.compressedSize, true);
      v.setUint32(24, w.size, true);
      v.setUint16(28, w.name.length, true);
      v.setUint32(42, w.offset, true);
      h.set(w.name, 46);
      this.out(h);
    }
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, this.written.length, true);
    v.setUint16(10, this.written.length, true);
    v.setUint32(12, this.offset - start, true);
    v.setUint32(16, start, true);
    this.out(end);
  }
}

/**
 * The add-in's ribbon and catalog icons, drawn in code (no image tools needed): a green rounded
 * square — Excel's own green — with two white roster lines above a white check mark, antialiased by
 * 4×4 supersampling and written as PNG with node:zlib. `npm run manifest` writes them to
 * addin/pane/static/assets/, which the pane build copies to dist/public/assets/.
 */
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

const GREEN = [0x21, 0x73, 0x46];
const WHITE = [0xff, 0xff, 0xff];

/** Distance from p to the segment a–b. */
function segment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Colour and coverage of one point in the unit square. */
function shade(x: number, y: number): [number[], number] {
  const r = 0.18;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  if (Math.hypot(qx, qy) > r) return [WHITE, 0];
  const tick = Math.min(segment(x, y, 0.24, 0.6, 0.42, 0.77), segment(x, y, 0.42, 0.77, 0.78, 0.44)) < 0.07;
  const line = [0.22, 0.34].some((ly) => Math.abs(y - ly) < 0.035 && x > 0.22 && x < 0.78);
  return [tick || line ? WHITE : GREEN, 1];
}

/** RGBA pixels of an icon of `size` × `size`. */
export function drawIcon(size: number): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const n = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const acc = [0, 0, 0, 0];
      for (let sj = 0; sj < n; sj++) {
        for (let si = 0; si < n; si++) {
          const [rgb, a] = shade((i + (si + 0.5) / n) / size, (j + (sj + 0.5) / n) / size);
          for (let k = 0; k < 3; k++) acc[k] += rgb[k] * a;
          acc[3] += a;
        }
      }
      const o = (j * size + i) * 4;
      for (let k = 0; k < 3; k++) px[o + k] = acc[3] ? Math.round(acc[k] / acc[3]) : 0;
      px[o + 3] = Math.round((255 * acc[3]) / (n * n));
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG (8-bit RGBA, no interlace) of square RGBA pixels. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

export function iconPng(size: number): Buffer {
  return encodePng(size, drawIcon(size));
}

export const iconFile = (size: number) => `icon-${size}.png`;

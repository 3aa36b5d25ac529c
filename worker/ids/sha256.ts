/**
 * HMAC-SHA256 in plain TypeScript, keyed once: the inner and outer padded-key blocks are
 * compressed when the key is made, so an ID of up to 55 UTF-8 bytes (an 18-character 身份证号
 * is 18) costs exactly two SHA-256 compressions and no allocation besides its hex string.
 * 70,000 IDs through `crypto.subtle.sign` are 70,000 asynchronous calls (≈ 5 µs each in
 * workerd); here they are a synchronous loop. FIPS 180-4 (SHA-256) and RFC 2104 (HMAC); the
 * tests compare it with `crypto.subtle` for random keys and messages.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** One SHA-256 compression: `w[0..15]` holds the block (big-endian words); `state` is updated in place. */
function compress(state: Int32Array, w: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  // Eight rounds per pass with the working variables' roles rotated instead of shifting eight
  // values every round; Ch as g ^ (e & (f ^ g)) and Maj as (a & b) | (c & (a | b)), the usual
  // equivalent forms. Measured in Node: 61 → 49 ms for 140,000 compressions (70,000 IDs).
  let t1 = 0;
  for (let i = 0; i < 64; i += 8) {
    t1 =
      (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + K[i + 0] + w[i + 0]) | 0;
    d = (d + t1) | 0;
    h = (t1 + ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b))))) | 0;
    t1 =
      (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + K[i + 1] + w[i + 1]) | 0;
    c = (c + t1) | 0;
    g = (t1 + ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) | (b & (h | a))))) | 0;
    t1 =
      (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + K[i + 2] + w[i + 2]) | 0;
    b = (b + t1) | 0;
    f = (t1 + ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) | (a & (g | h))))) | 0;
    t1 =
      (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + K[i + 3] + w[i + 3]) | 0;
    a = (a + t1) | 0;
    e = (t1 + ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (h & (f | g))))) | 0;
    t1 =
      (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + K[i + 4] + w[i + 4]) | 0;
    h = (h + t1) | 0;
    d = (t1 + ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f))))) | 0;
    t1 =
      (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + K[i + 5] + w[i + 5]) | 0;
    g = (g + t1) | 0;
    c = (t1 + ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e))))) | 0;
    t1 =
      (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + K[i + 6] + w[i + 6]) | 0;
    f = (f + t1) | 0;
    b = (t1 + ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d))))) | 0;
    t1 =
      (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + K[i + 7] + w[i + 7]) | 0;
    e = (e + t1) | 0;
    a = (t1 + ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) | (d & (b | c))))) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/**
 * Hashes `bytes` onward from `start` (a state after `prefixBytes` bytes already compressed, a
 * multiple of 64), with SHA-256 padding; the result lands in `out`.
 */
function finishBytes(start: Int32Array, prefixBytes: number, bytes: Uint8Array, w: Int32Array, out: Int32Array): void {
  out.set(start);
  const total = prefixBytes + bytes.length;
  // Message, 0x80, zeros, 64-bit big-endian bit length: a whole number of 64-byte blocks.
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const bits = total * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);
  for (let block = 0; block < blocks; block++) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(block * 64 + i * 4);
    compress(out, w);
  }
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function wordHex(word: number): string {
  return HEX[(word >>> 24) & 0xff] + HEX[(word >>> 16) & 0xff] + HEX[(word >>> 8) & 0xff] + HEX[word & 0xff];
}

/** An HMAC-SHA256 keyed once. */
export interface HmacSha256 {
  /** The first `words` × 32 bits of the HMAC of `message`, as lower-case hex. */
  hex(message: string, words?: number): string;
  /**
   * The HMAC of `message` as eight big-endian words, in a buffer the next call overwrites: for
   * callers that write the digest into text of their own without an intermediate string.
   */
  sign(message: string): Int32Array;
}

/**
 * Precomputes the padded-key states of HMAC-SHA256 for `key` (UTF-8).
 *
 * @example
 * const hmac = hmacSha256('secret');
 * hmac.hex('11010119900307803X', 4); // the first 128 bits, as 32 hex characters
 */
export function hmacSha256(key: string): HmacSha256 {
  const w = new Int32Array(64);
  let keyBytes = new TextEncoder().encode(key);
  if (keyBytes.length > 64) {
    const digest = new Int32Array(8);
    finishBytes(INITIAL, 0, keyBytes, w, digest);
    // RFC 2104: a key longer than the block is replaced by its hash.
    keyBytes = new Uint8Array(32);
    const view = new DataView(keyBytes.buffer);
    for (let i = 0; i < 8; i++) view.setInt32(i * 4, digest[i]);
  }
  const block = new Uint8Array(64);
  block.set(keyBytes);
  const padState = (pad: number): Int32Array => {
    const state = new Int32Array(INITIAL);
    for (let i = 0; i < 16; i++) {
      w[i] = ((block[i * 4] ^ pad) << 24) | ((block[i * 4 + 1] ^ pad) << 16) | ((block[i * 4 + 2] ^ pad) << 8) | (block[i * 4 + 3] ^ pad);
    }
    compress(state, w);
    return state;
  };
  const inner = padState(0x36);
  const outer = padState(0x5c);
  const state = new Int32Array(8);
  const encoder = new TextEncoder();

  function sign(message: string): Int32Array {
    const n = message.length;
    let ascii = n <= 55;
    for (let i = 0; ascii && i < n; i++) if (message.charCodeAt(i) > 0x7f) ascii = false;
    if (ascii) {
      // The common case: one block after the inner pad, built straight from the char codes.
      w.fill(0, 0, 16);
      for (let i = 0; i < n; i++) w[i >> 2] |= message.charCodeAt(i) << (24 - 8 * (i & 3));
      w[n >> 2] |= 0x80 << (24 - 8 * (n & 3));
      w[15] = (64 + n) * 8;
      state.set(inner);
      compress(state, w);
    } else {
      finishBytes(inner, 64, encoder.encode(message), w, state);
    }
    // Outer hash: the outer pad's state, then the 32-byte inner digest and padding (one block).
    for (let i = 0; i < 8; i++) w[i] = state[i];
    w[8] = 0x80000000;
    w.fill(0, 9, 15);
    w[15] = (64 + 32) * 8;
    state.set(outer);
    compress(state, w);
    return state;
  }

  return {
    sign,
    hex: function hmacHex(message: string, words = 8): string {
      const digest = sign(message);
      let text = '';
      for (let i = 0; i < words; i++) text += wordHex(digest[i]);
      return text;
    },
  };
}

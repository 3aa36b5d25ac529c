import { Buffer } from 'node:buffer';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/**
 * Submitted tables at rest: JSON → Brotli (quality 1) → AES-256-GCM → base64 text chunks under D1's
 * 1 MB value limit. The criteria preview needs the raw rows again, but raw person IDs must never
 * be readable in D1, so the rows are only ever stored encrypted. The AES key is derived with
 * HKDF from the ID_HMAC_KEY secret (a separate purpose label, so the two keys are independent).
 */

const IV_BYTES = 12;
/**
 * Largest chunk, in characters of base64 (= bytes in D1): 768 KB leaves room under D1's 1 MB
 * value and row limit for the row's other columns.
 */
export const VAULT_CHUNK_BYTES = 768 * 1024;
/**
 * Brotli at quality 1, measured in workerd on a 20,000-household body (12.8 MB of JSON): 45–55 ms
 * for 2.56 MB, against gzip level 1's 72–75 ms for 2.75 MB (and CompressionStream's default
 * gzip, 230–300 ms for 2.2 MB). Quality 0 is ~10 ms faster for 2.83 MB; quality 2 doubles the time.
 */
const BROTLI_QUALITY = 1;
/**
 * The first plaintext byte: the format of what follows (0: Brotli), so another compression can
 * follow without guessing.
 */
const BROTLI_MARK = 0x00;

const aesKeys = new Map<string, Promise<CryptoKey>>();

function aesKey(secret: string): Promise<CryptoKey> {
  let key = aesKeys.get(secret);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, [
        'deriveKey',
      ]);
      return crypto.subtle.deriveKey(
        {
          name: 'HKDF',
          hash: 'SHA-256',
          salt: new TextEncoder().encode('roster-check'),
          info: new TextEncoder().encode('submission-tables/aes-256-gcm/v1'),
        },
        material,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    })();
    aesKeys.set(secret, key);
  }
  return key;
}

/**
 * Seals a JSON text (or its UTF-8 bytes, e.g. a request body as sent) into encrypted chunks; `aad` (e.g. the submission id) binds the ciphertext to
 * its row so chunks cannot be swapped between submissions. The chunks are base64 text, not
 * BLOBs: D1's binding sends a BLOB parameter as a JSON array of numbers, and storing 2.7 MB that
 * way took 530–850 ms locally against 40–60 ms as base64 text.
 *
 * @example
 * const chunks = await seal(env.ID_HMAC_KEY, submissionId, JSON.stringify({ households, members }));
 */
export async function seal(secret: string, aad: string, json: string | Uint8Array): Promise<string[]> {
  const input = typeof json === 'string' ? new TextEncoder().encode(json) : json;
  const compressed = brotliCompressSync(input, {
    params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: input.length },
  });
  const plain = new Uint8Array(1 + compressed.length);
  plain[0] = BROTLI_MARK;
  plain.set(compressed, 1);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(aad) }, await aesKey(secret), plain),
  );
  const sealed = new Uint8Array(IV_BYTES + cipher.length);
  sealed.set(iv, 0);
  sealed.set(cipher, IV_BYTES);
  const text = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength).toString('base64');
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += VAULT_CHUNK_BYTES) chunks.push(text.slice(start, start + VAULT_CHUNK_BYTES));
  return chunks;
}

/** Reverses `seal`; throws when the key, the aad or any byte differs, or the format is unknown. */
export async function open<T>(secret: string, aad: string, chunks: readonly string[]): Promise<T> {
  const sealed = new Uint8Array(Buffer.from(chunks.join(''), 'base64'));
  const plain = new Uint8Array(
    await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.subarray(0, IV_BYTES), additionalData: new TextEncoder().encode(aad) },
      await aesKey(secret),
      sealed.subarray(IV_BYTES),
    ),
  );
  if (plain[0] !== BROTLI_MARK) throw new Error(`sealed value of unknown format ${plain[0]}`);
  return JSON.parse(new TextDecoder().decode(brotliDecompressSync(plain.subarray(1)))) as T;
}

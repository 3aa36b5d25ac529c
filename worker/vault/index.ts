/**
 * Submitted tables at rest: JSON → gzip (CompressionStream) → AES-256-GCM → chunks under D1's
 * 1 MB value limit. The criteria preview needs the raw rows again, but raw person IDs must never
 * be readable in D1, so the rows are only ever stored encrypted. The AES key is derived with
 * HKDF from the ID_HMAC_KEY secret (a separate purpose label, so the two keys are independent).
 */

const IV_BYTES = 12;
/** Chunk size: half of D1's 1 MB limit leaves room for the row's other columns. */
export const VAULT_CHUNK_BYTES = 512 * 1024;

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

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  transform: CompressionStream | DecompressionStream,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Seals a JSON-serialisable value into encrypted chunks; `aad` (e.g. the submission id) binds the
 * ciphertext to its row so chunks cannot be swapped between submissions.
 *
 * @example
 * const chunks = await seal(env.ID_HMAC_KEY, submissionId, { households, members });
 */
export async function seal(secret: string, aad: string, value: unknown): Promise<Uint8Array[]> {
  const compressed = await pipe(new TextEncoder().encode(JSON.stringify(value)), new CompressionStream('gzip'));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(aad) },
      await aesKey(secret),
      compressed,
    ),
  );
  const sealed = new Uint8Array(IV_BYTES + cipher.length);
  sealed.set(iv, 0);
  sealed.set(cipher, IV_BYTES);
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < sealed.length; start += VAULT_CHUNK_BYTES) {
    chunks.push(sealed.slice(start, start + VAULT_CHUNK_BYTES));
  }
  return chunks;
}

/** Reverses `seal`; throws when the key, the aad or any byte differs. */
export async function open<T>(secret: string, aad: string, chunks: readonly Uint8Array[]): Promise<T> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const sealed = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    sealed.set(chunk, offset);
    offset += chunk.length;
  }
  const compressed = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.subarray(0, IV_BYTES), additionalData: new TextEncoder().encode(aad) },
    await aesKey(secret),
    sealed.subarray(IV_BYTES),
  );
  const json = await pipe(new Uint8Array(compressed), new DecompressionStream('gzip'));
  return JSON.parse(new TextDecoder().decode(json)) as T;
}

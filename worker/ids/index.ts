/**
 * Person ID numbers (居民身份证号码) never reach the database: the Worker keeps an HMAC-SHA256
 * keyed by the ID_HMAC_KEY secret (a plain hash of an 18-digit ID with a birth date inside can
 * be brute-forced; a keyed one cannot without the key) and a masked form people can read.
 */

import { type HmacSha256, hmacSha256 } from './sha256';

/**
 * Stored HMACs keep the first 96 bits (24 hex characters), a truncation NIST SP 800-107 allows
 * for HMAC-SHA256. The key, not the length, is what stops guessing an ID from its HMAC; the length
 * only has to keep two different IDs apart: even all of China's 1.4 billion IDs in one database
 * (about 2^30.4) would collide with a chance near 2^-36. Each stored person is 8 bytes shorter,
 * and bytes written dominate a 20,000-household submission (~70,000 persons).
 */
export const HMAC_HEX_LENGTH = 24;

/** The stored HMAC's length in 32-bit words (`HmacSha256.hex(id, HMAC_WORDS)`). */
const HMAC_WORDS = HMAC_HEX_LENGTH / 8;

const signers = new Map<string, HmacSha256>();

/** How a deployment keys person IDs: HMAC-SHA256 here; the Node host may choose HMAC-SM3 (国密). */
let makeSigner: (secret: string) => HmacSha256 = hmacSha256;

/**
 * Replaces the keyed hash behind `idSigner` for this process (the Node host's HMAC-SM3 option;
 * the Worker never calls it). Fixed for a deployment's life: the host refuses to start when the
 * database records another algorithm.
 */
export function useIdSigner(factory: (secret: string) => HmacSha256): void {
  makeSigner = factory;
  signers.clear();
}

/**
 * The keyed HMAC-SHA256 for a secret, made once per isolate and secret (the padded-key states
 * are precomputed), so each ID costs two SHA-256 compressions. Kept because the maintained
 * alternatives are clearly slower in workerd (worker/ids/index.test.ts times all four on the
 * 70,000 IDs of the submission bench's roster; bench/NOTES.md): node:crypto's createHmac
 * (nodejs_compat) 5–9× slower — its key setup and native call per ID — @noble/hashes 14–34×,
 * one `crypto.subtle.sign` per ID 2.6–3.6×. The tests check it against crypto.subtle.
 * Stored HMACs are its first HMAC_WORDS words: `idHasher`, or `personRecord`.
 *
 * @example
 * const records = ids.map((id, i) => personRecord(idSigner(env.ID_HMAC_KEY), id, rows[i]));
 */
export function idSigner(secret: string): HmacSha256 {
  if (!secret) throw new Error('ID_HMAC_KEY is not configured');
  let signer = signers.get(secret);
  if (!signer) {
    signer = makeSigner(secret);
    if (signers.size >= 4) signers.clear();
    signers.set(secret, signer);
  }
  return signer;
}

/**
 * The ID hasher for a secret: `(id) => ` the stored HMAC (first 96 bits of HMAC-SHA256, hex).
 *
 * @example
 * const hmacOf = idHasher(env.ID_HMAC_KEY);
 * const stored = hmacOf('11010119900307803X');
 */
export function idHasher(secret: string): (id: string) => string {
  const signer = idSigner(secret);
  return function hmacId(id) {
    return signer.hex(id, HMAC_WORDS);
  };
}

/**
 * HMACs of many IDs, in order; `null` stays `null`.
 *
 * @example
 * const [hmac] = await hmacIds(env.ID_HMAC_KEY, ['11010119900307803X']);
 */
export async function hmacIds(secret: string, ids: readonly (string | null)[]): Promise<(string | null)[]> {
  const hmacOf = idHasher(secret);
  return ids.map((id) => (id === null ? null : hmacOf(id)));
}

/** First 6 and last 4 characters, the rest as `*` (110101********803X): enough to recognise, not to use. */
export function maskId(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

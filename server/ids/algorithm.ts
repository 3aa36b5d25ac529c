import { createHmac, getHashes } from 'node:crypto';
import { hmacSha256, type HmacSha256 } from '../../worker/ids/sha256';

/**
 * The person-ID HMAC of a deployment: HMAC-SHA256 (the Worker's, the default) or HMAC-SM3
 * (GB/T 32905, for 密评), from node:crypto where its OpenSSL has SM3. Fixed for a deployment's life:
 * the HMACs of two periods only match when both were keyed the same way.
 */
export type IdHmacAlgorithm = 'HMAC-SHA256' | 'HMAC-SM3';

export const ID_HMAC_ALGORITHMS: readonly IdHmacAlgorithm[] = ['HMAC-SHA256', 'HMAC-SM3'];

/** Reads `ID_HMAC_ALGORITHM` (case and the dash do not matter: sm3, HMAC-SM3). */
export function parseAlgorithm(text: string | undefined): IdHmacAlgorithm {
  const name = (text ?? '').trim().toUpperCase().replace(/^HMAC-?/, '');
  if (name === '' || name === 'SHA256' || name === 'SHA-256') return 'HMAC-SHA256';
  if (name === 'SM3') return 'HMAC-SM3';
  throw new Error(`ID_HMAC_ALGORITHM must be HMAC-SHA256 or HMAC-SM3, not ${text}`);
}

/** HMAC-SM3 with the HmacSha256 interface (eight 32-bit words; SM3's digest is 256 bits too). */
export function hmacSm3(key: string): HmacSha256 {
  if (!getHashes().includes('sm3')) throw new Error("this Node's OpenSSL has no SM3: HMAC-SM3 is not available");
  const words = new Int32Array(8);
  function sign(message: string): Int32Array {
    const digest = createHmac('sm3', key).update(message, 'utf8').digest();
    for (let i = 0; i < 8; i++) words[i] = digest.readInt32BE(i * 4);
    return words;
  }
  return {
    sign,
    hex: function hmacSm3Hex(message: string, count = 8): string {
      return createHmac('sm3', key).update(message, 'utf8').digest('hex').slice(0, count * 8);
    },
  };
}

/** The signer factory of an algorithm, for `useIdSigner`. */
export function signerFactory(algorithm: IdHmacAlgorithm): (secret: string) => HmacSha256 {
  return algorithm === 'HMAC-SM3' ? hmacSm3 : hmacSha256;
}

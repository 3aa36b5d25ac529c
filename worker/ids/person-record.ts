/**
 * A household's persons as stored in `households.person_ids`: fixed-width records, one after the
 * other, with no separators. Each record is 41 ASCII characters:
 *
 *   HMAC (24 hex) | the ID's first 6 and last 4 characters (10) | worksheet row (7 digits)
 *
 * Why not the JSON `[[row, "hmac", "masked"], …]` stored before: a submission's rows travel to D1
 * as JSON inside JSON, where every quote is escaped again, and the bytes written dominate the
 * 20,000-household insert. Records are 41 characters against ~80 in D1's request body; the masked
 * form's eight `*` are added back when it is shown (core only hands out 18-character IDs).
 *
 * The SQL helpers below read records in place, so reports never parse the column in JavaScript.
 */

import { HMAC_HEX_LENGTH } from './index';
import type { HmacSha256 } from './sha256';

export const PERSON_RECORD = 41;
const HMAC_CHARS = HMAC_HEX_LENGTH;
const ID_CHARS = 18;
/** Excel's last row is 1,048,576: seven digits. */
const ROW_DIGITS = 7;
const ROW_LIMIT = 10_000_000;
const MASK = '********';

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** One record's character codes, reused: a record is one flat string made in one call. */
const codes = new Array<number>(PERSON_RECORD).fill(0);

/**
 * The record of one person: `signer` is the keyed HMAC (see `idSigner`), `id` an 18-character
 * ID as core parses it, `row` its worksheet row.
 *
 * @example
 * const record = personRecord(hmacSha256(env.ID_HMAC_KEY), '11010119900307803X', 5);
 */
export function personRecord(signer: HmacSha256, id: string, row: number): string {
  if (id.length !== ID_CHARS) throw new RangeError(`a person ID has ${ID_CHARS} characters, not ${id.length}`);
  if (!(row >= 0 && row < ROW_LIMIT && Number.isInteger(row))) throw new RangeError(`row ${row} is outside 0–9,999,999`);
  const digest = signer.sign(id);
  for (let word = 0; word < HMAC_CHARS / 8; word++) {
    const value = digest[word];
    for (let nibble = 0; nibble < 8; nibble++) codes[word * 8 + nibble] = HEX_CODES[(value >>> (28 - 4 * nibble)) & 15];
  }
  for (let i = 0; i < 6; i++) codes[HMAC_CHARS + i] = id.charCodeAt(i);
  for (let i = 0; i < 4; i++) codes[HMAC_CHARS + 6 + i] = id.charCodeAt(ID_CHARS - 4 + i);
  let rest = row;
  for (let i = PERSON_RECORD - 1; i >= PERSON_RECORD - ROW_DIGITS; i--) {
    codes[i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return String.fromCharCode.apply(null, codes);
}

/** One record read back (tests, tools): the stored HMAC, the masked ID as shown, the row. */
export interface PersonEntry {
  hmac: string;
  masked: string;
  row: number;
}

/** The records of a `person_ids` value, in order. */
export function readPersons(packed: string): PersonEntry[] {
  if (packed.length % PERSON_RECORD !== 0) throw new RangeError(`person_ids of ${packed.length} characters is not whole records`);
  const out: PersonEntry[] = [];
  for (let at = 0; at < packed.length; at += PERSON_RECORD) {
    const ends = packed.slice(at + HMAC_CHARS, at + HMAC_CHARS + 10);
    out.push({
      hmac: packed.slice(at, at + HMAC_CHARS),
      masked: ends.slice(0, 6) + MASK + ends.slice(6),
      row: Number(packed.slice(at + HMAC_CHARS + 10, at + PERSON_RECORD)),
    });
  }
  return out;
}

/** SQL: the HMAC of the record that starts at character `start` (1-based) of `column`. */
export function hmacAtSql(column: string, start: string): string {
  return `substr(${column}, ${start}, ${HMAC_CHARS})`;
}

/** SQL: the masked ID as shown (110101********803X) of the record starting at `start`. */
export function maskedAtSql(column: string, start: string): string {
  return `(substr(${column}, ${start} + ${HMAC_CHARS}, 6) || '${MASK}' || substr(${column}, ${start} + ${HMAC_CHARS + 6}, 4))`;
}

/** SQL: the worksheet row of the record starting at `start`. */
export function rowAtSql(column: string, start: string): string {
  return `CAST(substr(${column}, ${start} + ${HMAC_CHARS + 10}, ${ROW_DIGITS}) AS INTEGER)`;
}

/** SQL: where the record with 0-based index `index` starts (NULL stays NULL). */
export function recordStartSql(index: string): string {
  return `(${index} * ${PERSON_RECORD} + 1)`;
}

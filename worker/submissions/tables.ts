import type { Table } from '../../core/types';
import type { Storage } from '../storage/index';
import { open } from '../vault/index';
import { submissionChunks } from './repository';

/** A township's tables as it sent them. */
export interface SubmittedTables {
  households: Table;
  members?: Table | null;
}

/**
 * The tables sealed with submission `tablesOf` (a re-scored submission names the one that holds
 * them): decrypted and parsed. The sealed JSON is the request body as sent (or, stored before,
 * `{households, members}`).
 *
 * @example
 * const tables = await submittedTables(storage, env.ID_HMAC_KEY, submission.tablesOf);
 */
export async function submittedTables(storage: Storage, secret: string, tablesOf: string): Promise<SubmittedTables> {
  return open<SubmittedTables>(secret, tablesOf, await submissionChunks(storage, tablesOf));
}

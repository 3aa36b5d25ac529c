import { cachedVersion, compiledVersion, versionKey, type CompiledCriteria } from '../engine/index';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { criteriaVersion, latestVersionStamp, type StoredCriteria } from './repository';

export interface CurrentCriteria {
  version: number;
  /** When the version was stored: with the number, it names the document for good. */
  createdAt: string;
  compiled: CompiledCriteria;
}

/**
 * The newest criteria, compiled. One tiny query when this isolate already compiled that version
 * (the hot path of every submission and report); the document is read only the first time.
 */
export async function currentCriteria(storage: Storage): Promise<CurrentCriteria> {
  const stamp = await latestVersionStamp(storage);
  if (!stamp) throw new ProblemError('no_criteria');
  const key = versionKey(stamp.version, stamp.createdAt);
  const cached = cachedVersion(key);
  if (cached) return { version: stamp.version, createdAt: stamp.createdAt, compiled: cached };
  const stored = await criteriaVersion(storage, stamp.version);
  if (!stored) throw new ProblemError('no_criteria');
  return compiledStored(stored);
}

/** A stored version by number, compiled; null when there is no such version. */
export async function compiledVersionOf(storage: Storage, version: number): Promise<CurrentCriteria | null> {
  const stored = await criteriaVersion(storage, version);
  return stored ? compiledStored(stored) : null;
}

/** A stored version, compiled (once per isolate: compiledVersion caches by version and date). */
export function compiledStored(stored: StoredCriteria): CurrentCriteria {
  return {
    version: stored.version,
    createdAt: stored.createdAt,
    compiled: compiledVersion(versionKey(stored.version, stored.createdAt), stored.json),
  };
}

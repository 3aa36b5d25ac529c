import { cachedVersion, compiledVersion, type CompiledCriteria } from '../engine/index';
import { ProblemError } from '../problem/index';
import type { Storage } from '../storage/index';
import { criteriaVersion, latestVersionNumber } from './repository';

export interface CurrentCriteria {
  version: number;
  compiled: CompiledCriteria;
}

/**
 * The newest criteria, compiled. One tiny query when this isolate already compiled that version
 * (the hot path of every submission and report); the document is read only the first time.
 */
export async function currentCriteria(storage: Storage): Promise<CurrentCriteria> {
  const version = await latestVersionNumber(storage);
  if (version === 0) throw new ProblemError('no_criteria');
  return { version, compiled: await compiledAt(storage, version) };
}

/** The compiled criteria of one stored version. */
export async function compiledAt(storage: Storage, version: number): Promise<CompiledCriteria> {
  const cached = cachedVersion(version);
  if (cached) return cached;
  const stored = await criteriaVersion(storage, version);
  if (!stored) throw new ProblemError('not_found');
  return compiledVersion(version, stored.json);
}

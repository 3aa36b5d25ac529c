/**
 * The Worker's one door to core: every rule, score, indicator and summary comes from here, never
 * from Worker code. Adds only what a long-lived isolate needs: compiled criteria kept per version.
 */
import {
  compileCriteria,
  defaultCriteria,
  evaluateRoster,
  mergeSummaries,
  monitoringCriteria,
  RosterInputError,
  validateCriteria,
} from '../../core/index';
import type { CompiledCriteria } from '../../core/index';

export { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries, monitoringCriteria, RosterInputError, validateCriteria };
export type { CompiledCriteria };

// Stored versions are immutable, so "version N created at T" names one document for good (the
// time guards against one isolate serving several databases, e.g. one per county). Compiling
// costs far more than the one-row query that tells us the current version.
const compiledByKey = new Map<string, CompiledCriteria>();
const MAX_CACHED = 8;

/** The cache key of a stored version. */
export function versionKey(version: number, createdAt: string): string {
  return `${version}@${createdAt}`;
}

/**
 * The compiled criteria of a stored version, compiled once per isolate.
 *
 * @example
 * const compiled = compiledVersion(versionKey(stored.version, stored.createdAt), stored.json);
 */
export function compiledVersion(key: string, json: string): CompiledCriteria {
  let compiled = compiledByKey.get(key);
  if (!compiled) {
    compiled = compileCriteria(JSON.parse(json));
    if (compiledByKey.size >= MAX_CACHED) {
      const oldest = compiledByKey.keys().next().value;
      if (oldest !== undefined) compiledByKey.delete(oldest);
    }
    compiledByKey.set(key, compiled);
  }
  return compiled;
}

/** The compiled criteria of a version this isolate has already compiled, if any. */
export function cachedVersion(key: string): CompiledCriteria | undefined {
  return compiledByKey.get(key);
}

/** Indicator keys the document marks hard (a household failing one is on the rectification list). */
export function hardIndicators(compiled: CompiledCriteria): string[] {
  return compiled.document.indicators.filter((indicator) => indicator.hard).map((indicator) => indicator.key);
}

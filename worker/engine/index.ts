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
  validateCriteria,
} from '../../core/index';
import type { CompiledCriteria } from '../../core/index';

export { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries, monitoringCriteria, validateCriteria };
export type { CompiledCriteria };

// Versions are immutable, so a version number is a safe cache key; compiling a document costs far
// more than the one-row query that tells us the current version.
const compiledByVersion = new Map<number, CompiledCriteria>();
const MAX_CACHED = 8;

/**
 * The compiled criteria of a stored version, compiled once per isolate.
 *
 * @example
 * const compiled = compiledVersion(stored.version, stored.json);
 */
export function compiledVersion(version: number, json: string): CompiledCriteria {
  let compiled = compiledByVersion.get(version);
  if (!compiled) {
    compiled = compileCriteria(JSON.parse(json));
    if (compiledByVersion.size >= MAX_CACHED) {
      const oldest = compiledByVersion.keys().next().value;
      if (oldest !== undefined) compiledByVersion.delete(oldest);
    }
    compiledByVersion.set(version, compiled);
  }
  return compiled;
}

/** The compiled criteria for a version already seen by this isolate, if any. */
export function cachedVersion(version: number): CompiledCriteria | undefined {
  return compiledByVersion.get(version);
}

/** Indicator keys the document marks hard (a household failing one is on the rectification list). */
export function hardIndicators(compiled: CompiledCriteria): string[] {
  return compiled.document.indicators.filter((indicator) => indicator.hard).map((indicator) => indicator.key);
}

import { compileCriteria, type CompiledCriteria } from '../engine/index';
import { ProblemError } from '../problem/index';

/** Compiles a document that is not stored (a preview candidate); 422 with core's problems if it fails. */
export function compileCandidate(document: unknown): CompiledCriteria {
  try {
    return compileCriteria(document);
  } catch (error) {
    const problems = (error as { problems?: { path: string; message: { zh: string; en: string } }[] }).problems;
    if (!problems) throw error;
    throw new ProblemError('invalid_criteria', {
      errors: problems.map((problem) => ({ path: problem.path, zh: problem.message.zh, en: problem.message.en })),
    });
  }
}

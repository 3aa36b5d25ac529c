import type { CompiledCriteria } from '../criteria/compile';
import { OK } from '../parse/index';
import { type EvaluationState, FLAG_ALL, FLAG_HARD, IND_FALSE, IND_NULL, IND_TRUE } from '../state/index';

/** Indicators, hard/all flags and score for every household (before household rules run). */
export function evaluateIndicators(criteria: CompiledCriteria, state: EvaluationState): void {
  const inds = criteria.indicators;
  const nInd = inds.length;
  for (let h = 0; h < state.householdCount; h++) {
    let score = 0;
    let hard = true;
    let all = true;
    for (let j = 0; j < nInd; j++) {
      const ind = inds[j];
      let v = IND_NULL;
      let known = true;
      for (let q = 0; q < ind.inputs.length; q++) {
        if (state.householdColumns[ind.inputs[q]].status[h] !== OK) {
          known = false;
          break;
        }
      }
      if (known) {
        const r = ind.when(state, h);
        v = r === true ? IND_TRUE : r === null ? IND_NULL : IND_FALSE;
      }
      state.indicatorValues[h * nInd + j] = v;
      if (v === IND_TRUE) score += ind.weight;
      else {
        all = false;
        if (ind.hard) hard = false;
      }
    }
    state.score[h] = score;
    if (hard) state.householdFlags[h] |= FLAG_HARD;
    if (all) state.householdFlags[h] |= FLAG_ALL;
  }
}

import type { CompiledCriteria } from '../criteria/compile';
import { OK } from '../parse/index';
import { type Env, FLAG_ALL, FLAG_HARD, IND_FALSE, IND_NULL, IND_TRUE } from '../state/index';

/** Indicators, hard/all flags and score for every household (before household rules run). */
export function evaluateIndicators(c: CompiledCriteria, env: Env): void {
  const inds = c.indicators;
  const nInd = inds.length;
  for (let h = 0; h < env.H; h++) {
    let score = 0;
    let hard = true;
    let all = true;
    for (let j = 0; j < nInd; j++) {
      const ind = inds[j];
      let v = IND_NULL;
      let known = true;
      for (let q = 0; q < ind.inputs.length; q++) {
        if (env.hh[ind.inputs[q]].st[h] !== OK) {
          known = false;
          break;
        }
      }
      if (known) {
        const r = ind.when(env, h);
        v = r === true ? IND_TRUE : r === null ? IND_NULL : IND_FALSE;
      }
      env.ind[h * nInd + j] = v;
      if (v === IND_TRUE) score += ind.weight;
      else {
        all = false;
        if (ind.hard) hard = false;
      }
    }
    env.score[h] = score;
    if (hard) env.hhFlags[h] |= FLAG_HARD;
    if (all) env.hhFlags[h] |= FLAG_ALL;
  }
}

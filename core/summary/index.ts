import type { CompiledCriteria } from '../criteria/compile';
import { type EvaluationState, IND_FALSE, type IssueLogs } from '../state/index';
import { OK } from '../parse/index';
import type { Counters, Summary, SummaryPart } from '../types';

/**
 * Roster summaries (spec §7, profile §5). Everything is a counter; every rate is a ratio of two
 * counters computed last, so township summaries add up to the county's and rates are never
 * averaged.
 */

const POPULATION = 'registered_population';

/** Counters for every township and the total, from one evaluation's state. */
export function summarise(criteria: CompiledCriteria, state: EvaluationState, logs: IssueLogs): Summary {
  const T = criteria.townships.length;
  const K = criteria.counters.length;
  const acc = new Float64Array((T + 1) * K);
  const totalBase = T * K;
  const add = (t: number, k: number, v: number) => {
    acc[totalBase + k] += v;
    if (t >= 0) acc[t * K + k] += v;
  };
  const idx = (key: string) => criteria.counterIndex.get(key) ?? -1;
  const kHouseholds = idx('households');
  const kPersons = idx('persons');
  const kScore = idx('score_sum');
  // Risk levels are small integers: counter indexes by level, households then persons.
  const levels = [...criteria.risk.map((r) => r.level), criteria.riskOtherwise];
  const riskHouseholds = new Int32Array(Math.max(...levels) + 1).fill(-1);
  const riskPersons = new Int32Array(riskHouseholds.length).fill(-1);
  for (const level of levels) {
    riskHouseholds[level] = idx(`households.risk.${level}`);
    riskPersons[level] = idx(`persons.risk.${level}`);
  }
  const failKeys = criteria.indicators.map((i) => idx(`households.indicator_failed.${i.key}`));
  const issueKeys = criteria.rules.map((r) => idx(`issues.${r.def.id}`));

  const townshipOf = new Int32Array(state.householdCount).fill(-1);
  const tcol = state.householdColumns[criteria.roles.township];
  for (let h = 0; h < state.householdCount; h++) {
    if (tcol.status[h] === OK) townshipOf[h] = criteria.townshipIndex.get(tcol.texts[h]) ?? -1;
  }
  const hasPopulation = (t: number) => t >= 0 && criteria.population[t] !== null;

  const hhCounts = criteria.counts.filter((k) => !k.person);
  const memCounts = criteria.counts.filter((k) => k.person);
  for (let h = 0; h < state.householdCount; h++) {
    const t = townshipOf[h];
    const persons = state.persons[h];
    const p = Number.isNaN(persons) ? 0 : persons;
    add(t, kHouseholds, 1);
    add(t, kPersons, p);
    add(t, kScore, state.score[h]);
    const level = state.risk[h];
    if (level < riskHouseholds.length) {
      if (riskHouseholds[level] >= 0) add(t, riskHouseholds[level], 1);
      if (riskPersons[level] >= 0) add(t, riskPersons[level], p);
    }
    for (let j = 0; j < failKeys.length; j++) if (state.indicatorValues[h * state.indicatorCount + j] === IND_FALSE) add(t, failKeys[j], 1);
    // Indexed loops: per-household for…of would allocate an iterator per row.
    for (let q = 0; q < hhCounts.length; q++) {
      const count = hhCounts[q];
      if (count.when(state, h) !== true) continue;
      if (count.withPopulation && !hasPopulation(t)) continue;
      add(t, count.key, 1);
      if (count.personsKey >= 0) add(t, count.personsKey, p);
    }
    for (let q = 0; q < criteria.sums.length; q++) {
      const sum = criteria.sums[q];
      if (sum.when && sum.when(state, h) !== true) continue;
      const v = sum.value(state, h);
      if (typeof v === 'number' && Number.isFinite(v)) add(t, sum.key, v);
    }
  }
  for (let m = 0; m < state.memberCount; m++) {
    const h = state.householdOfMember[m];
    const t = h >= 0 ? townshipOf[h] : -1;
    for (let q = 0; q < memCounts.length; q++) if (memCounts[q].when(state, m) === true) add(t, memCounts[q].key, 1);
  }
  for (let k = 0; k < logs.households.length; k++) {
    const key = issueKeys[logs.households.rule[k]];
    if (key >= 0) add(townshipOf[logs.households.row[k]], key, 1);
  }
  for (let k = 0; k < logs.members.length; k++) {
    const key = issueKeys[logs.members.rule[k]];
    const h = state.householdOfMember[logs.members.row[k]];
    if (key >= 0) add(h >= 0 ? townshipOf[h] : -1, key, 1);
  }

  const part = (base: number): Counters => {
    const counters: Counters = {};
    for (let k = 0; k < K; k++) counters[criteria.counters[k]] = acc[base + k];
    return counters;
  };
  const townships: Record<string, Counters> = {};
  criteria.townships.forEach((name, t) => (townships[name] = part(t * K)));
  return finish(criteria, part(totalBase), townships);
}

/** Population counters from the criteria, then every rate from its numerator and denominator. */
function finish(criteria: CompiledCriteria, total: Counters, townships: Record<string, Counters>): Summary {
  let population = 0;
  const covered: string[] = [];
  criteria.townships.forEach((name, t) => {
    const p = criteria.population[t] ?? 0;
    townships[name][POPULATION] = p;
    population += p;
    if (criteria.population[t] !== null) covered.push(name);
  });
  total[POPULATION] = population;
  const out: Summary = {
    profile: criteria.profile,
    total: withRates(criteria, total, countyNumerator(criteria, townships, covered)),
    townships: {},
    populationCoverage: { townships: covered, of: criteria.townships.length },
  };
  for (const name of criteria.townships) out.townships[name] = withRates(criteria, townships[name]);
  return out;
}

/**
 * Spec §7: a county rate over the registered population (poverty incidence) sums its numerator over
 * the townships whose population is configured only, like its denominator; rows of other or
 * unknown townships are in neither. Every other rate takes the total's own counters.
 */
function countyNumerator(c: CompiledCriteria, townships: Record<string, Counters>, covered: readonly string[]) {
  const population = c.counterIndex.get(POPULATION);
  return (numerator: number, denominator: number, counters: Counters): number => {
    if (denominator !== population) return counters[c.counters[numerator]] ?? 0;
    let sum = 0;
    for (const name of covered) sum += townships[name][c.counters[numerator]] ?? 0;
    return sum;
  };
}

function withRates(
  c: CompiledCriteria,
  counters: Counters,
  numeratorOf = (numerator: number, _denominator: number, from: Counters) => from[c.counters[numerator]] ?? 0,
): SummaryPart {
  const rates: Record<string, number | null> = {};
  for (const r of c.rates) {
    const num = numeratorOf(r.numerator, r.denominator, counters);
    const den = counters[c.counters[r.denominator]] ?? 0;
    rates[r.key] = den === 0 ? null : num / den;
  }
  return { counters, rates };
}

/**
 * Merge summaries (e.g. each township's latest submission) into one: counters add up, the
 * registered population comes from the criteria, every rate is recomputed.
 *
 * @example
 * const county = mergeSummaries(criteria, submissions.map((s) => s.summary));
 */
export function mergeSummaries(criteria: CompiledCriteria, parts: readonly Summary[]): Summary {
  const total: Counters = {};
  const townships: Record<string, Counters> = {};
  for (const name of criteria.townships) townships[name] = Object.fromEntries(criteria.counters.map((k) => [k, 0]));
  for (const k of criteria.counters) total[k] = 0;
  const addInto = (into: Counters, from: Counters) => {
    for (const key in from) if (key !== POPULATION) into[key] = (into[key] ?? 0) + from[key];
  };
  for (const s of parts) {
    addInto(total, s.total.counters);
    for (const name in s.townships) {
      if (!townships[name]) continue;
      addInto(townships[name], s.townships[name].counters);
    }
  }
  return finish(criteria, total, townships);
}

/** A summary with no rows (every configured township at zero). */
export function emptySummary(criteria: CompiledCriteria): Summary {
  return mergeSummaries(criteria, []);
}

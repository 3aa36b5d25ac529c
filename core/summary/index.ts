import type { CompiledCriteria } from '../criteria/compile';
import { type Env, IND_FALSE } from '../engine/env';
import type { IssueLog } from '../engine/issues';
import { OK } from '../parse/index';
import type { Counters, Summary, SummaryPart } from '../types';

/**
 * Roster summaries (spec §7, profile §5). Everything is a counter; every rate is a ratio of two
 * counters computed last, so township summaries add up to the county's and rates are never
 * averaged.
 */

const POPULATION = 'registered_population';

/** Counters for every township and the total, from one evaluation's state. */
export function summarise(c: CompiledCriteria, env: Env, logs: { hh: IssueLog; mem: IssueLog }): Summary {
  const T = c.townships.length;
  const K = c.counters.length;
  const acc = new Float64Array((T + 1) * K);
  const totalBase = T * K;
  const add = (t: number, k: number, v: number) => {
    acc[totalBase + k] += v;
    if (t >= 0) acc[t * K + k] += v;
  };
  const idx = (key: string) => c.counterIndex.get(key) ?? -1;
  const kHouseholds = idx('households');
  const kPersons = idx('persons');
  const kScore = idx('score_sum');
  // Risk levels are small integers: counter indexes by level, households then persons.
  const levels = [...c.risk.map((r) => r.level), c.riskOtherwise];
  const riskHouseholds = new Int32Array(Math.max(...levels) + 1).fill(-1);
  const riskPersons = new Int32Array(riskHouseholds.length).fill(-1);
  for (const level of levels) {
    riskHouseholds[level] = idx(`households.risk.${level}`);
    riskPersons[level] = idx(`persons.risk.${level}`);
  }
  const failKeys = c.indicators.map((i) => idx(`households.indicator_failed.${i.key}`));
  const issueKeys = c.rules.map((r) => idx(`issues.${r.def.id}`));

  const townshipOf = new Int32Array(env.H).fill(-1);
  const tcol = env.hh[c.roles.township];
  for (let h = 0; h < env.H; h++) {
    if (tcol.st[h] === OK) townshipOf[h] = c.townshipIndex.get(tcol.str[h]) ?? -1;
  }
  const hasPopulation = (t: number) => t >= 0 && c.population[t] !== null;

  const hhCounts = c.counts.filter((k) => !k.person);
  const memCounts = c.counts.filter((k) => k.person);
  for (let h = 0; h < env.H; h++) {
    const t = townshipOf[h];
    const persons = env.persons[h];
    const p = Number.isNaN(persons) ? 0 : persons;
    add(t, kHouseholds, 1);
    add(t, kPersons, p);
    add(t, kScore, env.score[h]);
    const level = env.risk[h];
    if (level < riskHouseholds.length) {
      if (riskHouseholds[level] >= 0) add(t, riskHouseholds[level], 1);
      if (riskPersons[level] >= 0) add(t, riskPersons[level], p);
    }
    for (let j = 0; j < failKeys.length; j++) if (env.ind[h * env.nInd + j] === IND_FALSE) add(t, failKeys[j], 1);
    // Indexed loops: per-household for…of would allocate an iterator per row.
    for (let q = 0; q < hhCounts.length; q++) {
      const count = hhCounts[q];
      if (count.when(env, h) !== true) continue;
      if (count.withPopulation && !hasPopulation(t)) continue;
      add(t, count.key, 1);
      if (count.personsKey >= 0) add(t, count.personsKey, p);
    }
    for (let q = 0; q < c.sums.length; q++) {
      const sum = c.sums[q];
      if (sum.when && sum.when(env, h) !== true) continue;
      const v = sum.value(env, h);
      if (typeof v === 'number' && Number.isFinite(v)) add(t, sum.key, v);
    }
  }
  for (let m = 0; m < env.M; m++) {
    const h = env.memHousehold[m];
    const t = h >= 0 ? townshipOf[h] : -1;
    for (let q = 0; q < memCounts.length; q++) if (memCounts[q].when(env, m) === true) add(t, memCounts[q].key, 1);
  }
  for (let k = 0; k < logs.hh.length; k++) {
    const key = issueKeys[logs.hh.rule[k]];
    if (key >= 0) add(townshipOf[logs.hh.row[k]], key, 1);
  }
  for (let k = 0; k < logs.mem.length; k++) {
    const key = issueKeys[logs.mem.rule[k]];
    const h = env.memHousehold[logs.mem.row[k]];
    if (key >= 0) add(h >= 0 ? townshipOf[h] : -1, key, 1);
  }

  const part = (base: number): Counters => {
    const counters: Counters = {};
    for (let k = 0; k < K; k++) counters[c.counters[k]] = acc[base + k];
    return counters;
  };
  const townships: Record<string, Counters> = {};
  c.townships.forEach((name, t) => (townships[name] = part(t * K)));
  return finish(c, part(totalBase), townships);
}

/** Population counters from the criteria, then every rate from its numerator and denominator. */
function finish(c: CompiledCriteria, total: Counters, townships: Record<string, Counters>): Summary {
  let population = 0;
  const covered: string[] = [];
  c.townships.forEach((name, t) => {
    const p = c.population[t] ?? 0;
    townships[name][POPULATION] = p;
    population += p;
    if (c.population[t] !== null) covered.push(name);
  });
  total[POPULATION] = population;
  const out: Summary = {
    profile: c.profile,
    total: withRates(c, total, countyNumerator(c, townships, covered)),
    townships: {},
    populationCoverage: { townships: covered, of: c.townships.length },
  };
  for (const name of c.townships) out.townships[name] = withRates(c, townships[name]);
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
export function mergeSummaries(c: CompiledCriteria, parts: readonly Summary[]): Summary {
  const total: Counters = {};
  const townships: Record<string, Counters> = {};
  for (const name of c.townships) townships[name] = Object.fromEntries(c.counters.map((k) => [k, 0]));
  for (const k of c.counters) total[k] = 0;
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
  return finish(c, total, townships);
}

/** A summary with no rows (every configured township at zero). */
export function emptySummary(c: CompiledCriteria): Summary {
  return mergeSummaries(c, []);
}

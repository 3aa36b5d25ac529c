import { compileLogic, LogicError, referencedVars, type Evaluator } from '../logic/index';
import { createEnumMatcher } from '../parse/index';
import { normalizeHeader } from '../sheet/header';
import type { CriteriaProblem, Severity, Text } from '../types';
import type { EvaluationState } from '../state/index';
import { criteriaSchema, type CriteriaDocument, type FieldDef, type RuleDef } from './schema';
import { householdScope, personScope, type Phase, type ScopeFacts } from './scope';
import { checkDocument, problem, tooDeep } from './checks';
import { conditionTypeProblems } from './condition-types';
import { ZOD_MISSING_EN, zodIssueEn, zodIssueZh } from '../text/zod';

/** Outcomes of parsing a cell that are reported as field rules (spec §5, profile §3). */
export const FIELD_RULES = ['required', 'type', 'enum', 'range', 'id_number', 'id_area', 'month'] as const;
export type FieldRuleId = (typeof FIELD_RULES)[number];

type Ev = Evaluator<EvaluationState>;

export interface CompiledField {
  def: FieldDef;
  index: number;
  person: boolean;
  /** enum / enum_set: text → canonical value. */
  match: ((text: string) => string | undefined) | null;
  /** enum: text or alias → position of its value. */
  codeOf: Map<string, number> | null;
  /** Bounds: numbers, or the name of a parameter resolved per evaluation. */
  min: number | string | null;
  max: number | string | null;
  defaultNum: number;
  defaultStr: string;
  hasDefault: boolean;
  /** Values are grouped (household ID, unique, group_count): hash them while parsing. */
  grouped: boolean;
}

export interface CompiledCheck {
  field: number;
  when: Ev;
}

export interface CompiledRule {
  def: RuleDef;
  index: number;
  severity: Severity;
  message: Text | null;
  checks: CompiledCheck[];
  fields: number[];
}

export interface CompiledIndicator {
  key: string;
  label: Text;
  weight: number;
  hard: boolean;
  when: Ev;
  /** nulls = inputs: household fields whose missing/unparsed value makes the indicator null. */
  inputs: number[];
}

export interface CompiledCount {
  key: number;
  personsKey: number;
  person: boolean;
  withPopulation: boolean;
  when: Ev;
}

export interface CompiledSum {
  key: number;
  value: Ev;
  when: Ev | null;
}

export interface CompiledCriteria {
  document: CriteriaDocument;
  profile: string;
  townships: string[];
  population: (number | null)[];
  townshipIndex: Map<string, number>;
  params: Record<string, number | string | null>;
  fields: CompiledField[];
  fieldIndex: Map<string, number>;
  /** Normalised header → field index, for the household sheet, the member sheet, and one person sheet. */
  headers: { household: Map<string, number>; person: Map<string, number> };
  roles: {
    householdId: number;
    township: number;
    householdSize: number;
    headId: number;
    personId: number;
    relation: number;
    headValue: string;
    /** Position of headValue among the relation field's values. */
    headCode: number;
    status: number;
  };
  rules: CompiledRule[];
  ruleIndex: Map<string, number>;
  /** Field-rule id → rule index (-1 when the document disables or omits it). */
  fieldRules: Record<FieldRuleId, number>;
  byKind: { [K in RuleDef['kind']]: CompiledRule[] };
  indicators: CompiledIndicator[];
  eligibility: { key: 'exitEligible' | 'riskEliminable'; when: Ev };
  risk: { level: number; when: Ev }[];
  riskOtherwise: number;
  statusPoor: Ev;
  statusExited: Ev;
  counters: string[];
  counterIndex: Map<string, number>;
  counts: CompiledCount[];
  sums: CompiledSum[];
  rates: { key: string; numerator: number; denominator: number }[];
  /** Buffers reused by evaluations with these criteria. */
}

export class CriteriaError extends Error {
  readonly problems: CriteriaProblem[];
  constructor(problems: CriteriaProblem[]) {
    super(`invalid criteria document: ${problems.map((p) => `${p.path}: ${p.message.en}`).join('; ')}`);
    this.name = 'CriteriaError';
    this.problems = problems;
  }
}

/** Counters every profile has, whatever its aggregates say (spec §7). */
export function builtinCounters(indicators: readonly string[], levels: readonly number[]): string[] {
  const keys = ['households', 'persons', 'score_sum', 'registered_population'];
  for (const level of levels) keys.push(`households.risk.${level}`, `persons.risk.${level}`);
  for (const key of indicators) keys.push(`households.indicator_failed.${key}`);
  return keys;
}

/** Enum text (value or alias) → the value's position, as a Map so "constructor" is never found. */
function codesOf(def: FieldDef): Map<string, number> {
  const values = def.values ?? [];
  const codes = new Map<string, number>();
  for (const [alias, target] of Object.entries(def.aliases ?? {})) if (values.includes(target)) codes.set(alias, values.indexOf(target));
  values.forEach((v, i) => codes.set(v, i));
  return codes;
}

/**
 * A condition whose only use is "is it certainly true" (rules, outcomes, counters): its and/or
 * chains become all_true/any_true, which stop early. Operands of anything else (!, if,
 * aggregates, comparisons) keep full three-valued meaning, so the result is the same.
 */
export function truthOnly(expr: unknown): unknown {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return expr;
  const keys = Object.keys(expr);
  if (keys.length !== 1 || (keys[0] !== 'and' && keys[0] !== 'or')) return expr;
  const args = (expr as Record<string, unknown>)[keys[0]];
  if (!Array.isArray(args) || args.length < 2) return expr;
  return { [keys[0] === 'and' ? 'all_true' : 'any_true']: args.map(truthOnly) };
}

/** An unknown variable that is a field of the other level: say so (a person field in a household condition …). */
function levelHint(e: LogicError, fields: readonly FieldDef[], level: 'household' | 'person'): { zh: string; en: string } {
  const name = e.variable;
  const field = name === undefined ? undefined : fields.find((f) => f.key === name && f.level !== level);
  if (!field) return { zh: e.zh, en: e.en };
  return level === 'household'
    ? {
        zh: `${e.zh}：${field.key} 是成员级字段，户级条件里请用 count/some/none/all 或 head_member 读取`,
        en: `${e.en}: ${field.key} is a person-level field; in a household condition read it through count/some/none/all or head_member`,
      }
    : {
        zh: `${e.zh}：${field.key} 是户级字段，成员级条件里请写 "hh.${field.key}"`,
        en: `${e.en}: ${field.key} is a household-level field; in a person condition write "hh.${field.key}"`,
      };
}

function zodPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

/** Validate a criteria document: structure (zod) and meaning (references, weights, ids). */
export function validateCriteria(doc: unknown): { ok: true; criteria: CriteriaDocument } | { ok: false; problems: CriteriaProblem[] } {
  try {
    return { ok: true, criteria: compileCriteria(doc).document };
  } catch (e) {
    if (e instanceof CriteriaError) return { ok: false, problems: e.problems };
    throw e;
  }
}

/**
 * Compile a criteria document once into the closures the engine runs. Throws CriteriaError
 * listing every problem with its JSON path.
 *
 * @example
 * const criteria = compileCriteria(defaultCriteria);
 * const result = evaluateRoster(criteria, { households, members, period: '2020' });
 */
export function compileCriteria(input: unknown): CompiledCriteria {
  // zod/mini has no locale: core words the English itself (core/text/zod.ts).
  const parsed = criteriaSchema.safeParse(input, { error: zodIssueEn });
  if (!parsed.success) {
    throw new CriteriaError(
      parsed.error.issues.map((i) =>
        i.message === ZOD_MISSING_EN
          ? problem(zodPath(i.path), '缺少必填项', ZOD_MISSING_EN)
          : problem(zodPath(i.path), `格式错误：${zodIssueZh(i)}`, i.message),
      ),
    );
  }
  const doc = parsed.data;
  // Before anything walks the conditions recursively.
  const deep = tooDeep(doc);
  if (deep.length) throw new CriteriaError(deep);
  const problems: CriteriaProblem[] = [];

  const fieldIndex = new Map<string, number>();
  doc.fields.forEach((f, i) => {
    if (fieldIndex.has(f.key)) problems.push(problem(`fields[${i}].key`, `字段 ${f.key} 重复`, `duplicate field key ${f.key}`));
    else fieldIndex.set(f.key, i);
  });

  problems.push(...checkDocument(doc, fieldIndex));
  const params: Record<string, number | string | null> = { ...doc.parameters };
  const boundOk = (b: number | string | undefined, path: string) => {
    if (typeof b === 'string' && !(b in params) && b !== 'reference_year' && b !== 'reference_month') {
      problems.push(problem(path, `未知的参数 ${b}`, `unknown parameter ${b}`));
    }
  };

  const headers = { household: new Map<string, number>(), person: new Map<string, number>() };
  const fields: CompiledField[] = doc.fields.map((def, i) => {
    const path = `fields[${i}]`;
    boundOk(def.min, `${path}.min`);
    boundOk(def.max, `${path}.max`);
    const isEnum = def.type === 'enum' || def.type === 'enum_set';
    if (isEnum && !def.values?.length) problems.push(problem(`${path}.values`, '枚举字段须列出取值', 'an enum field needs values'));
    const values = new Set(def.values ?? []);
    for (const [alias, target] of Object.entries(def.aliases ?? {})) {
      if (values.has(alias))
        problems.push(problem(`${path}.aliases.${alias}`, `别名 ${alias} 与取值冲突`, `alias ${alias} collides with a value`));
      if (!values.has(target))
        problems.push(
          problem(`${path}.aliases.${alias}`, `别名 ${alias} 指向未知取值 ${target}`, `alias ${alias} maps to unknown value ${target}`),
        );
    }
    if (def.default !== undefined && def.required)
      problems.push(problem(`${path}.default`, '必填字段不能有默认值', 'a required field cannot have a default'));
    if (def.default !== undefined && isEnum && !values.has(String(def.default)))
      problems.push(problem(`${path}.default`, `默认值 ${def.default} 不在取值中`, `default ${def.default} is not a value`));
    const map = def.level === 'person' ? headers.person : headers.household;
    def.headers.forEach((h, j) => {
      const n = normalizeHeader(h);
      const other = map.get(n);
      if (other !== undefined && other !== i)
        problems.push(
          problem(
            `${path}.headers[${j}]`,
            `表头 ${h} 已属于字段 ${doc.fields[other].key}`,
            `header ${h} already belongs to field ${doc.fields[other].key}`,
          ),
        );
      else map.set(n, i);
    });
    return {
      def,
      index: i,
      person: def.level === 'person',
      match: isEnum ? createEnumMatcher(def.values ?? [], def.aliases ?? {}) : null,
      codeOf: def.type === 'enum' ? codesOf(def) : null,
      min: def.min ?? null,
      max: def.max ?? null,
      hasDefault: def.default !== undefined,
      grouped: false,
      defaultNum:
        def.type === 'enum'
          ? (def.values ?? []).indexOf(String(def.default))
          : typeof def.default === 'number'
            ? def.default
            : def.default === true
              ? 1
              : 0,
      defaultStr: typeof def.default === 'string' ? def.default : '',
    };
  });

  const role = (key: string | undefined, path: string, level?: 'household' | 'person'): number => {
    if (key === undefined) return -1;
    const k = fieldIndex.get(key);
    if (k === undefined) {
      problems.push(problem(path, `未知的字段 ${key}`, `unknown field ${key}`));
      return -1;
    }
    if (level && doc.fields[k].level !== level)
      problems.push(problem(path, `字段 ${key} 应为${level === 'person' ? '成员' : '户'}级`, `field ${key} must be ${level}-level`));
    return k;
  };
  const roles = {
    householdId: role(doc.roles.householdId, 'roles.householdId', 'household'),
    township: role(doc.roles.township, 'roles.township', 'household'),
    householdSize: role(doc.roles.householdSize, 'roles.householdSize', 'household'),
    headId: role(doc.roles.headId, 'roles.headId', 'household'),
    personId: role(doc.roles.personId, 'roles.personId', 'person'),
    relation: role(doc.roles.relation, 'roles.relation', 'person'),
    headValue: doc.roles.headValue,
    headCode: -1,
    status: role(doc.roles.status, 'roles.status', 'household'),
  };
  if (roles.relation >= 0) {
    roles.headCode = (doc.fields[roles.relation].values ?? []).indexOf(roles.headValue);
    if (doc.fields[roles.relation].type !== 'enum' || roles.headCode < 0) {
      problems.push(
        problem(
          'roles.headValue',
          `与户主关系字段须为包含“${roles.headValue}”的枚举`,
          `the relation field must be an enum containing "${roles.headValue}"`,
        ),
      );
    }
  }
  // The household ID links member rows to households, so the member sheet matches its headers too.
  if (roles.householdId >= 0)
    for (const h of doc.fields[roles.householdId].headers) headers.person.set(normalizeHeader(h), roles.householdId);

  const ruleIndex = new Map<string, number>();
  doc.rules.forEach((r, i) => {
    if (ruleIndex.has(r.id)) problems.push(problem(`rules[${i}].id`, `规则 ${r.id} 重复`, `duplicate rule id ${r.id}`));
    else ruleIndex.set(r.id, i);
  });
  const indicatorIndex = new Map<string, number>();
  doc.indicators.forEach((d, i) => {
    if (indicatorIndex.has(d.key)) problems.push(problem(`indicators[${i}].key`, `指标 ${d.key} 重复`, `duplicate indicator ${d.key}`));
    else indicatorIndex.set(d.key, i);
  });
  const weights = doc.indicators.reduce((s, d) => s + d.weight, 0);
  if (Math.abs(weights - 100) > 1e-9)
    problems.push(problem('indicators', `指标权重之和为 ${weights}，应为 100`, `indicator weights sum to ${weights}, not 100`));

  const facts: ScopeFacts = {
    fields: doc.fields,
    fieldIndex,
    params,
    indicatorIndex,
    ruleIndex,
    relationField: roles.relation,
    headCode: roles.headCode,
  };
  const scopes = new Map<string, ReturnType<typeof householdScope>>();
  const scope = (level: 'household' | 'person', phase: Phase) => {
    const k = `${level}:${phase.indicators}:${phase.outcomes}`;
    let s = scopes.get(k);
    if (!s) scopes.set(k, (s = level === 'person' ? personScope(facts, phase) : householdScope(facts, phase)));
    return s;
  };
  const never: Ev = () => null;
  const compile = (expr: unknown, path: string, level: 'household' | 'person', phase: Phase, truth = true): Ev => {
    try {
      // Paths in problems refer to the document as written, so errors are found on it first.
      // null is a valid constant, but as a whole condition it is unknown on every row: never true.
      if (expr === null) problems.push(problem(path, '条件为空（null），永远不会成立', 'the condition is null: it would never hold'));
      const checked = compileLogic(expr, scope(level, phase), path);
      problems.push(...conditionTypeProblems(facts, expr, level, path));
      return truth ? compileLogic(truthOnly(expr), scope(level, phase), path) : checked;
    } catch (e) {
      if (e instanceof LogicError) {
        problems.push({ path: e.path || path, message: levelHint(e, doc.fields, level) });
        return never;
      }
      throw e;
    }
  };
  const fieldRef = (key: string | null, path: string): number => {
    if (key === null) return -1;
    const k = fieldIndex.get(key);
    if (k === undefined) problems.push(problem(path, `未知的字段 ${key}`, `unknown field ${key}`));
    return k ?? -1;
  };

  const RULE_PHASE: Phase = { indicators: true, outcomes: false };
  const fieldRules = Object.fromEntries(FIELD_RULES.map((id) => [id, -1])) as Record<FieldRuleId, number>;
  const byKind = {
    field: [],
    unique: [],
    check: [],
    township: [],
    township_mismatch: [],
    group_count: [],
    member_orphan: [],
    id_gender: [],
    value_conflict: [],
  } as CompiledRule['def'] extends never ? never : CompiledCriteria['byKind'];
  const rules: CompiledRule[] = doc.rules.map((def, i) => {
    const path = `rules[${i}]`;
    const rule: CompiledRule = { def, index: i, severity: def.severity, message: def.message ?? null, checks: [], fields: [] };
    switch (def.kind) {
      case 'field':
        if (!(FIELD_RULES as readonly string[]).includes(def.id)) {
          problems.push(
            problem(`${path}.id`, `字段规则只能是 ${FIELD_RULES.join(', ')}`, `a field rule's id must be one of ${FIELD_RULES.join(', ')}`),
          );
        } else if (def.enabled) fieldRules[def.id as FieldRuleId] = i;
        break;
      case 'unique':
        rule.fields = def.fields.map((f, j) => fieldRef(f, `${path}.fields[${j}]`));
        break;
      case 'check':
        rule.checks = def.checks.map((c, j) => ({
          field: fieldRef(c.field, `${path}.checks[${j}].field`),
          when: compile(c.when, `${path}.checks[${j}].when`, def.level, RULE_PHASE),
        }));
        break;
      case 'group_count':
        rule.fields = [fieldRef(def.field, `${path}.field`)];
        boundOk(def.max, `${path}.max`);
        break;
      case 'id_gender':
        rule.fields = [fieldRef(def.idField, `${path}.idField`), fieldRef(def.genderField, `${path}.genderField`)];
        break;
      case 'township':
      case 'township_mismatch':
      case 'member_orphan':
        rule.fields = [fieldRef(def.field, `${path}.field`)];
        break;
      case 'value_conflict':
        break;
    }
    if (def.enabled) byKind[def.kind].push(rule);
    return rule;
  });

  if (roles.householdId >= 0) fields[roles.householdId].grouped = true;
  for (const rule of rules)
    if (rule.def.kind === 'unique' || rule.def.kind === 'group_count') for (const k of rule.fields) if (k >= 0) fields[k].grouped = true;

  const INDICATOR_PHASE: Phase = { indicators: false, outcomes: false };
  const indicators: CompiledIndicator[] = doc.indicators.map((d, i) => {
    const path = `indicators[${i}].when`;
    const inputs: number[] = [];
    if (d.nulls === 'inputs') {
      for (const name of referencedVars(d.when)) {
        const k = fieldIndex.get(name);
        if (k !== undefined && doc.fields[k].level === 'household') inputs.push(k);
      }
    }
    return {
      key: d.key,
      label: d.label,
      weight: d.weight,
      hard: d.hard,
      when: compile(d.when, path, 'household', INDICATOR_PHASE, false),
      inputs,
    };
  });

  const OUTCOME_PHASE: Phase = { indicators: true, outcomes: true };
  const levels = doc.risk.levels.map((l) => l.level).concat(doc.risk.otherwise.level);
  if (new Set(levels).size !== levels.length) problems.push(problem('risk', '风险等级重复', 'duplicate risk levels'));

  const counters = builtinCounters(
    doc.indicators.map((d) => d.key),
    levels,
  );
  for (const id of ruleIndex.keys()) counters.push(`issues.${id}`);
  // Issues that come from the layout or the submission rather than from a rule in the list.
  for (const id of ['township_mismatch']) if (!ruleIndex.has(id)) counters.push(`issues.${id}`);
  const counterIndex = new Map<string, number>();
  const counter = (key: string): number => {
    let k = counterIndex.get(key);
    if (k === undefined) {
      k = counters.length;
      counters.push(key);
      counterIndex.set(key, k);
    }
    return k;
  };
  counters.splice(0).forEach((k) => counter(k));

  const counts: CompiledCount[] = doc.aggregates.counts.map((c, i) => ({
    key: counter(c.key),
    personsKey: c.persons ? counter(c.persons) : -1,
    person: c.level === 'person',
    withPopulation: c.withPopulation ?? false,
    when: compile(c.when, `aggregates.counts[${i}].when`, c.level, OUTCOME_PHASE),
  }));
  const sums: CompiledSum[] = doc.aggregates.sums.map((s, i) => ({
    key: counter(s.key),
    value: compile(s.value, `aggregates.sums[${i}].value`, 'household', OUTCOME_PHASE, false),
    when: s.when === undefined ? null : compile(s.when, `aggregates.sums[${i}].when`, 'household', OUTCOME_PHASE),
  }));
  const rates = doc.aggregates.rates.map((r, i) => {
    for (const side of ['numerator', 'denominator'] as const) {
      if (!counterIndex.has(r[side]))
        problems.push(problem(`aggregates.rates[${i}].${side}`, `未知的计数 ${r[side]}`, `unknown counter ${r[side]}`));
    }
    return { key: r.key, numerator: counterIndex.get(r.numerator) ?? 0, denominator: counterIndex.get(r.denominator) ?? 0 };
  });

  const townshipIndex = new Map<string, number>();
  doc.townships.forEach((t, i) => {
    if (townshipIndex.has(t.name)) problems.push(problem(`townships[${i}].name`, `乡镇 ${t.name} 重复`, `duplicate township ${t.name}`));
    else townshipIndex.set(t.name, i);
  });

  const compiled: CompiledCriteria = {
    document: doc,
    profile: doc.profile,
    townships: doc.townships.map((t) => t.name),
    population: doc.townships.map((t) => t.population),
    townshipIndex,
    params,
    fields,
    fieldIndex,
    headers,
    roles,
    rules,
    ruleIndex,
    fieldRules,
    byKind,
    indicators,
    eligibility: { key: doc.eligibility.key, when: compile(doc.eligibility.when, 'eligibility.when', 'household', OUTCOME_PHASE) },
    risk: doc.risk.levels.map((l, i) => ({ level: l.level, when: compile(l.when, `risk.levels[${i}].when`, 'household', OUTCOME_PHASE) })),
    riskOtherwise: doc.risk.otherwise.level,
    statusPoor: compile(doc.statusClass.poor, 'statusClass.poor', 'household', OUTCOME_PHASE),
    statusExited: compile(doc.statusClass.exited, 'statusClass.exited', 'household', OUTCOME_PHASE),
    counters,
    counterIndex,
    counts,
    sums,
    rates,
  };
  if (problems.length) throw new CriteriaError(problems);
  return compiled;
}

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
 * The steps run in the order their problems are reported: the document's shape, its fields and
 * roles, its rules, indicators and aggregates, and last the outcomes (eligibility, risk, status).
 *
 * @example
 * const criteria = compileCriteria(defaultCriteria);
 * const result = evaluateRoster(criteria, { households, members, period: '2020' });
 */
export function compileCriteria(input: unknown): CompiledCriteria {
  const doc = parseDocument(input);
  const problems: CriteriaProblem[] = [];
  const fieldIndex = uniqueIndex(problems, doc.fields, (field, i) => ({
    key: field.key,
    path: `fields[${i}].key`,
    zh: `字段 ${field.key} 重复`,
    en: `duplicate field key ${field.key}`,
  }));
  problems.push(...checkDocument(doc, fieldIndex));
  const params: Record<string, number | string | null> = { ...doc.parameters };
  const { fields, headers } = compileFields(doc, params, problems);
  const roles = compileRoles(doc, fieldIndex, headers, problems);
  const ruleIndex = uniqueIndex(problems, doc.rules, (rule, i) => ({
    key: rule.id,
    path: `rules[${i}].id`,
    zh: `规则 ${rule.id} 重复`,
    en: `duplicate rule id ${rule.id}`,
  }));
  const indicatorIndex = uniqueIndex(problems, doc.indicators, (indicator, i) => ({
    key: indicator.key,
    path: `indicators[${i}].key`,
    zh: `指标 ${indicator.key} 重复`,
    en: `duplicate indicator ${indicator.key}`,
  }));
  checkWeights(doc, problems);

  const facts: ScopeFacts = {
    fields: doc.fields,
    fieldIndex,
    params,
    indicatorIndex,
    ruleIndex,
    relationField: roles.relation,
    headCode: roles.headCode,
  };
  const condition = conditionCompiler(facts, problems);
  const fieldRef = fieldReference(fieldIndex, problems);
  const { rules, fieldRules, byKind } = compileRules(doc, { condition, fieldRef, params, problems });
  markGroupedFields(fields, roles, rules);
  const indicators = compileIndicators(doc, fieldIndex, condition);
  const aggregates = compileAggregates(doc, { condition, ruleIndex, problems });
  const townshipIndex = uniqueIndex(problems, doc.townships, (township, i) => ({
    key: township.name,
    path: `townships[${i}].name`,
    zh: `乡镇 ${township.name} 重复`,
    en: `duplicate township ${township.name}`,
  }));
  const outcomes = compileOutcomes(doc, condition);
  if (problems.length) throw new CriteriaError(problems);
  return {
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
    ...outcomes,
    ...aggregates,
  };
}

/** Step 1, the shape: the zod schema, then the nesting depth (before anything walks conditions). */
function parseDocument(input: unknown): CriteriaDocument {
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
  const deep = tooDeep(parsed.data);
  if (deep.length) throw new CriteriaError(deep);
  return parsed.data;
}

function zodPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

/** Key → position of its first item; a later item with the same key is a problem. */
function uniqueIndex<T>(
  problems: CriteriaProblem[],
  items: readonly T[],
  describe: (item: T, i: number) => { key: string; path: string; zh: string; en: string },
): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const { key, path, zh, en } = describe(item, i);
    if (index.has(key)) problems.push(problem(path, zh, en));
    else index.set(key, i);
  });
  return index;
}

/** A bound (field min/max, group max) naming a parameter must name one that exists. */
function checkBound(params: Record<string, unknown>, bound: number | string | undefined, path: string, problems: CriteriaProblem[]): void {
  if (typeof bound === 'string' && !(bound in params) && bound !== 'reference_year' && bound !== 'reference_month') {
    problems.push(problem(path, `未知的参数 ${bound}`, `unknown parameter ${bound}`));
  }
}

/** Step 2, the fields: each one's problems, its parse settings, and its headers per sheet. */
function compileFields(
  doc: CriteriaDocument,
  params: Record<string, unknown>,
  problems: CriteriaProblem[],
): { fields: CompiledField[]; headers: CompiledCriteria['headers'] } {
  const headers = { household: new Map<string, number>(), person: new Map<string, number>() };
  const fields = doc.fields.map((def, i): CompiledField => {
    const path = `fields[${i}]`;
    checkBound(params, def.min, `${path}.min`, problems);
    checkBound(params, def.max, `${path}.max`, problems);
    problems.push(...fieldValueProblems(def, path));
    indexHeaders(doc, i, def.level === 'person' ? headers.person : headers.household, problems);
    return compileField(def, i);
  });
  return { fields, headers };
}

/** An enum's values, aliases and default must agree with each other. */
function fieldValueProblems(def: FieldDef, path: string): CriteriaProblem[] {
  const problems: CriteriaProblem[] = [];
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
  return problems;
}

/** The normalised headers of field `i` into its sheet's map; a header may belong to one field only. */
function indexHeaders(doc: CriteriaDocument, i: number, map: Map<string, number>, problems: CriteriaProblem[]): void {
  doc.fields[i].headers.forEach((header, j) => {
    const normalized = normalizeHeader(header);
    const other = map.get(normalized);
    if (other !== undefined && other !== i) {
      const owner = doc.fields[other].key;
      problems.push(
        problem(`fields[${i}].headers[${j}]`, `表头 ${header} 已属于字段 ${owner}`, `header ${header} already belongs to field ${owner}`),
      );
    } else map.set(normalized, i);
  });
}

function compileField(def: FieldDef, index: number): CompiledField {
  const isEnum = def.type === 'enum' || def.type === 'enum_set';
  return {
    def,
    index,
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
}

/** Enum text (value or alias) → the value's position, as a Map so "constructor" is never found. */
function codesOf(def: FieldDef): Map<string, number> {
  const values = def.values ?? [];
  const codes = new Map<string, number>();
  for (const [alias, target] of Object.entries(def.aliases ?? {})) if (values.includes(target)) codes.set(alias, values.indexOf(target));
  values.forEach((v, i) => codes.set(v, i));
  return codes;
}

/** Step 3, the roles: which field is the household ID, the township, the relation to the head… */
function compileRoles(
  doc: CriteriaDocument,
  fieldIndex: ReadonlyMap<string, number>,
  headers: CompiledCriteria['headers'],
  problems: CriteriaProblem[],
): CompiledCriteria['roles'] {
  const role = (key: string | undefined, path: string, level: 'household' | 'person'): number => {
    if (key === undefined) return -1;
    const k = fieldIndex.get(key);
    if (k === undefined) {
      problems.push(problem(path, `未知的字段 ${key}`, `unknown field ${key}`));
      return -1;
    }
    if (doc.fields[k].level !== level)
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
  return roles;
}

function checkWeights(doc: CriteriaDocument, problems: CriteriaProblem[]): void {
  const weights = doc.indicators.reduce((s, d) => s + d.weight, 0);
  if (Math.abs(weights - 100) > 1e-9)
    problems.push(problem('indicators', `指标权重之和为 ${weights}，应为 100`, `indicator weights sum to ${weights}, not 100`));
}

/** Compiles one condition of the document at `path`; its problems are reported, never thrown. */
type ConditionCompiler = (expr: unknown, path: string, level: 'household' | 'person', phase: Phase, truth?: boolean) => Ev;

/**
 * The compiler every condition goes through: one scope per level and phase, shared; syntax and
 * type problems reported at the condition's path; a condition that cannot compile never holds.
 */
function conditionCompiler(facts: ScopeFacts, problems: CriteriaProblem[]): ConditionCompiler {
  const scopes = new Map<string, ReturnType<typeof householdScope>>();
  const scope = (level: 'household' | 'person', phase: Phase) => {
    const k = `${level}:${phase.indicators}:${phase.outcomes}`;
    let s = scopes.get(k);
    if (!s) scopes.set(k, (s = level === 'person' ? personScope(facts, phase) : householdScope(facts, phase)));
    return s;
  };
  const never: Ev = () => null;
  return function compileCondition(expr, path, level, phase, truth = true) {
    try {
      // Paths in problems refer to the document as written, so errors are found on it first.
      // null is a valid constant, but as a whole condition it is unknown on every row: never true.
      if (expr === null) problems.push(problem(path, '条件为空（null），永远不会成立', 'the condition is null: it would never hold'));
      const checked = compileLogic(expr, scope(level, phase), path);
      problems.push(...conditionTypeProblems(facts, expr, level, path));
      return truth ? compileLogic(truthOnly(expr), scope(level, phase), path) : checked;
    } catch (e) {
      if (e instanceof LogicError) {
        problems.push({ path: e.path || path, message: levelHint(e, facts.fields, level) });
        return never;
      }
      throw e;
    }
  };
}

/** A field named by a rule → its position (-1 for none, and for an unknown one, reported). */
function fieldReference(fieldIndex: ReadonlyMap<string, number>, problems: CriteriaProblem[]) {
  return (key: string | null, path: string): number => {
    if (key === null) return -1;
    const k = fieldIndex.get(key);
    if (k === undefined) problems.push(problem(path, `未知的字段 ${key}`, `unknown field ${key}`));
    return k ?? -1;
  };
}

interface RuleSteps {
  condition: ConditionCompiler;
  fieldRef: (key: string | null, path: string) => number;
  params: Record<string, unknown>;
  problems: CriteriaProblem[];
}

/** Rules read indicators (a check may ask whether one failed) but no outcome. */
const RULE_PHASE: Phase = { indicators: true, outcomes: false };
/** Indicators read fields only. */
const INDICATOR_PHASE: Phase = { indicators: false, outcomes: false };
/** Aggregates and outcomes read everything. */
const OUTCOME_PHASE: Phase = { indicators: true, outcomes: true };

/** Step 4, the rules: each compiled, the enabled ones grouped by kind, field rules by id. */
function compileRules(doc: CriteriaDocument, steps: RuleSteps): Pick<CompiledCriteria, 'rules' | 'fieldRules' | 'byKind'> {
  const fieldRules = Object.fromEntries(FIELD_RULES.map((id) => [id, -1])) as Record<FieldRuleId, number>;
  const byKind: CompiledCriteria['byKind'] = {
    field: [],
    unique: [],
    check: [],
    township: [],
    township_mismatch: [],
    group_count: [],
    member_orphan: [],
    id_gender: [],
    value_conflict: [],
  };
  const rules = doc.rules.map((def, i): CompiledRule => {
    const rule = compileRule(def, i, steps);
    if (def.kind === 'field' && def.enabled && isFieldRule(def.id)) fieldRules[def.id] = i;
    if (def.enabled) byKind[def.kind].push(rule);
    return rule;
  });
  return { rules, fieldRules, byKind };
}

function isFieldRule(id: string): id is FieldRuleId {
  return (FIELD_RULES as readonly string[]).includes(id);
}

function compileRule(def: RuleDef, index: number, { condition, fieldRef, params, problems }: RuleSteps): CompiledRule {
  const path = `rules[${index}]`;
  const rule: CompiledRule = { def, index, severity: def.severity, message: def.message ?? null, checks: [], fields: [] };
  switch (def.kind) {
    case 'field':
      if (!isFieldRule(def.id))
        problems.push(
          problem(`${path}.id`, `字段规则只能是 ${FIELD_RULES.join(', ')}`, `a field rule's id must be one of ${FIELD_RULES.join(', ')}`),
        );
      break;
    case 'unique':
      rule.fields = def.fields.map((f, j) => fieldRef(f, `${path}.fields[${j}]`));
      break;
    case 'check':
      rule.checks = def.checks.map((c, j) => ({
        field: fieldRef(c.field, `${path}.checks[${j}].field`),
        when: condition(c.when, `${path}.checks[${j}].when`, def.level, RULE_PHASE),
      }));
      break;
    case 'group_count':
      rule.fields = [fieldRef(def.field, `${path}.field`)];
      checkBound(params, def.max, `${path}.max`, problems);
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
  return rule;
}

/** Grouped values (household ID, unique, group_count) are hashed while a column is parsed. */
function markGroupedFields(fields: CompiledField[], roles: CompiledCriteria['roles'], rules: readonly CompiledRule[]): void {
  if (roles.householdId >= 0) fields[roles.householdId].grouped = true;
  for (const rule of rules)
    if (rule.def.kind === 'unique' || rule.def.kind === 'group_count') for (const k of rule.fields) if (k >= 0) fields[k].grouped = true;
}

/** Step 5, the indicators: conditions with full three-valued meaning, and their inputs when nulls = inputs. */
function compileIndicators(
  doc: CriteriaDocument,
  fieldIndex: ReadonlyMap<string, number>,
  condition: ConditionCompiler,
): CompiledIndicator[] {
  return doc.indicators.map((d, i) => {
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
      when: condition(d.when, `indicators[${i}].when`, 'household', INDICATOR_PHASE, false),
      inputs,
    };
  });
}

/** Step 6, the aggregates: the counters (built-in, per rule, then the document's), counts, sums and rates. */
function compileAggregates(
  doc: CriteriaDocument,
  { condition, ruleIndex, problems }: { condition: ConditionCompiler; ruleIndex: ReadonlyMap<string, number>; problems: CriteriaProblem[] },
): Pick<CompiledCriteria, 'counters' | 'counterIndex' | 'counts' | 'sums' | 'rates'> {
  const levels = doc.risk.levels.map((l) => l.level).concat(doc.risk.otherwise.level);
  if (new Set(levels).size !== levels.length) problems.push(problem('risk', '风险等级重复', 'duplicate risk levels'));
  const builtin = builtinCounters(
    doc.indicators.map((d) => d.key),
    levels,
  );
  for (const id of ruleIndex.keys()) builtin.push(`issues.${id}`);
  // Issues that come from the layout or the submission rather than from a rule in the list.
  for (const id of ['township_mismatch']) if (!ruleIndex.has(id)) builtin.push(`issues.${id}`);
  const counters: string[] = [];
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
  builtin.forEach((k) => counter(k));

  const counts = doc.aggregates.counts.map((c, i): CompiledCount => ({
    key: counter(c.key),
    personsKey: c.persons ? counter(c.persons) : -1,
    person: c.level === 'person',
    withPopulation: c.withPopulation ?? false,
    when: condition(c.when, `aggregates.counts[${i}].when`, c.level, OUTCOME_PHASE),
  }));
  const sums = doc.aggregates.sums.map((s, i): CompiledSum => ({
    key: counter(s.key),
    value: condition(s.value, `aggregates.sums[${i}].value`, 'household', OUTCOME_PHASE, false),
    when: s.when === undefined ? null : condition(s.when, `aggregates.sums[${i}].when`, 'household', OUTCOME_PHASE),
  }));
  const rates = doc.aggregates.rates.map((r, i) => {
    for (const side of ['numerator', 'denominator'] as const) {
      if (!counterIndex.has(r[side]))
        problems.push(problem(`aggregates.rates[${i}].${side}`, `未知的计数 ${r[side]}`, `unknown counter ${r[side]}`));
    }
    return { key: r.key, numerator: counterIndex.get(r.numerator) ?? 0, denominator: counterIndex.get(r.denominator) ?? 0 };
  });
  return { counters, counterIndex, counts, sums, rates };
}

/** Step 7, the outcomes: exit eligibility, risk levels and status classes. */
function compileOutcomes(
  doc: CriteriaDocument,
  condition: ConditionCompiler,
): Pick<CompiledCriteria, 'eligibility' | 'risk' | 'riskOtherwise' | 'statusPoor' | 'statusExited'> {
  return {
    eligibility: { key: doc.eligibility.key, when: condition(doc.eligibility.when, 'eligibility.when', 'household', OUTCOME_PHASE) },
    risk: doc.risk.levels.map((l, i) => ({
      level: l.level,
      when: condition(l.when, `risk.levels[${i}].when`, 'household', OUTCOME_PHASE),
    })),
    riskOtherwise: doc.risk.otherwise.level,
    statusPoor: condition(doc.statusClass.poor, 'statusClass.poor', 'household', OUTCOME_PHASE),
    statusExited: condition(doc.statusClass.exited, 'statusClass.exited', 'household', OUTCOME_PHASE),
  };
}

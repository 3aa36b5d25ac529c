import * as z from 'zod/mini';

/**
 * The criteria document: everything a county can tune, as data. Versioned by the Worker; the
 * engine compiles it once (compile.ts) into closures. Conditions are JsonLogic expressions
 * evaluated with three-valued logic (null = unknown input), see core/logic.
 *
 * Written with zod's small entry point (`zod/mini`, no locales): the pane bundles core, and
 * full zod with its locales was most of that bundle. Messages come from core/text/zod.ts.
 */

/** At least one element / character (zod/mini spells checks as functions). */
const nonEmpty = z.minLength(1);

export const textSchema = z.strictObject({ zh: z.string().check(nonEmpty), en: z.string().check(nonEmpty) });

const key = z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'snake_case key'));

/** A bound is a number or the name of a parameter (`reference_year`, `reference_month` are derived). */
const bound = z.union([z.number(), key]);

/** JsonLogic expression: checked structurally when compiled, where errors get their paths. */
const condition = z.unknown();

export const fieldSchema = z.strictObject({
  key,
  /** household: one value per household; person: one per member (member sheet / person row). */
  level: z.enum(['household', 'person']),
  label: textSchema,
  /** Accepted header texts, compared after removing white space and unifying brackets. */
  headers: z.array(z.string().check(nonEmpty)).check(nonEmpty),
  type: z.enum(['text', 'integer', 'number', 'bool', 'enum', 'enum_set', 'id18', 'month']),
  required: z._default(z.boolean(), false),
  min: z.optional(bound),
  max: z.optional(bound),
  maxLength: z.optional(z.int().check(z.positive())),
  values: z.optional(z.array(z.string().check(nonEmpty))),
  aliases: z.optional(z.record(z.string(), z.string())),
  /** enum_set: separators between values, and values that must stand alone. */
  separators: z.optional(z.array(z.string().check(nonEmpty))),
  exclusive: z.optional(z.array(z.string())),
  /** Value taken when the cell is empty (e.g. monitoring_type 无); the field is then never missing. */
  default: z.optional(z.union([z.string(), z.number(), z.boolean()])),
  /** id18 only: accept 20/22-character disability certificate numbers (their first 18 characters). */
  allowCertificate: z.optional(z.boolean()),
});

const severity = z.enum(['error', 'warning']);

const ruleBase = {
  id: key,
  severity,
  enabled: z._default(z.boolean(), true),
  message: z.optional(textSchema),
};

const checkSchema = z.strictObject({
  /** The field the issue is reported on (its cell gets the mark). */
  field: z.nullable(key),
  when: condition,
});

/** Built-in rule kinds: each one a small piece of engine code with its parameters here. */
export const ruleSchema = z.discriminatedUnion('kind', [
  /** Field-level outcomes of parsing: required, type, enum, range, id_number, id_area, month. */
  z.strictObject({ ...ruleBase, kind: z.literal('field') }),
  /** Every occurrence of a parsed value after the first, per field. */
  z.strictObject({ ...ruleBase, kind: z.literal('unique'), fields: z.array(key).check(nonEmpty) }),
  /** A condition per row: household scope (with member aggregates) or person scope. */
  z.strictObject({
    ...ruleBase,
    kind: z.literal('check'),
    level: z.enum(['household', 'person']),
    /** first: one issue on the first check that fires; each: one issue per firing check. */
    mode: z._default(z.enum(['first', 'each']), 'first'),
    checks: z.array(checkSchema).check(nonEmpty),
  }),
  /** The township must be in criteria `townships`. */
  z.strictObject({ ...ruleBase, kind: z.literal('township'), field: key }),
  /** On a clerk's submission, a known township other than the clerk's own. */
  z.strictObject({ ...ruleBase, kind: z.literal('township_mismatch'), field: key }),
  /** More than `max` household rows share one value of `field` (e.g. one helper on > 5 households). */
  z.strictObject({ ...ruleBase, kind: z.literal('group_count'), field: key, max: bound }),
  /** A member row whose household_id matches no valid household. */
  z.strictObject({ ...ruleBase, kind: z.literal('member_orphan'), field: key }),
  /** Gender contradicting the ID number's 17th digit. */
  z.strictObject({
    ...ruleBase,
    kind: z.literal('id_gender'),
    idField: key,
    genderField: key,
    male: z.string(),
    female: z.string(),
  }),
  /** Person-per-row: a household-level cell that differs from the household's value. */
  z.strictObject({ ...ruleBase, kind: z.literal('value_conflict') }),
]);

export const indicatorSchema = z.strictObject({
  key,
  label: textSchema,
  weight: z.number().check(z.gte(0)),
  hard: z.boolean(),
  when: condition,
  /**
   * inputs: null as soon as any field the condition reads is missing or unparsed (default profile).
   * logic: the condition's own three-valued result decides (monitoring profile's member checks).
   */
  nulls: z._default(z.enum(['inputs', 'logic']), 'inputs'),
});

export const riskLevelSchema = z.strictObject({
  level: z.int().check(z.gte(1)),
  label: textSchema,
  when: condition,
});

export const aggregateCountSchema = z.strictObject({
  key: z.string().check(nonEmpty),
  /** household: once per household; person: once per member/person row. */
  level: z._default(z.enum(['household', 'person']), 'household'),
  when: condition,
  /** Also count the household's persons under this key. */
  persons: z.optional(z.string().check(nonEmpty)),
  /** Count only where the township's registered population is configured (poverty incidence). */
  withPopulation: z.optional(z.boolean()),
});

export const aggregateSumSchema = z.strictObject({
  key: z.string().check(nonEmpty),
  value: condition,
  when: z.optional(condition),
});

export const rateSchema = z.strictObject({
  key: z.string().check(nonEmpty),
  label: z.optional(textSchema),
  numerator: z.string().check(nonEmpty),
  denominator: z.string().check(nonEmpty),
});

export const townshipSchema = z.strictObject({
  name: z.string().check(nonEmpty),
  /** Registered rural population (户籍农业人口), for poverty incidence; null until the county enters it. */
  population: z._default(z.nullable(z.int().check(z.positive())), null),
});

export const criteriaSchema = z.strictObject({
  schema: z.literal('roster-check/criteria@1'),
  /** Profile id, e.g. "default" (建档立卡花名册) or "monitoring" (防返贫监测). */
  profile: key,
  name: textSchema,
  description: z.optional(z.string()),
  sheets: z._default(
    z.object({
      /** The header row is the first of these many rows with at least `headerMinMatches` known headers. */
      headerScanRows: z._default(z.int().check(z.positive()), 20),
      headerMinMatches: z._default(z.int().check(z.positive()), 3),
    }),
    { headerScanRows: 20, headerMinMatches: 3 },
  ),
  /** Field keys with a role the engine needs to know about. */
  roles: z.strictObject({
    householdId: key,
    township: key,
    householdSize: z.optional(key),
    headId: z.optional(key),
    personId: key,
    relation: key,
    headValue: z.string(),
    status: z.optional(key),
  }),
  parameters: z.record(key, z.union([z.number(), z.string(), z.null()])),
  /**
   * Reference date when neither the roster nor `parameters.reference_date` gives one: the last
   * day of the period's year (default profile) or of the period itself (monitoring profile).
   */
  referenceDate: z._default(z.enum(['end_of_period_year', 'end_of_period']), 'end_of_period_year'),
  townships: z.array(townshipSchema).check(nonEmpty),
  fields: z.array(fieldSchema).check(nonEmpty),
  rules: z.array(ruleSchema),
  indicators: z.array(indicatorSchema).check(nonEmpty),
  /** exitEligible (default) or riskEliminable (monitoring): a household-level yes/no outcome. */
  eligibility: z.strictObject({ key: z.enum(['exitEligible', 'riskEliminable']), label: textSchema, when: condition }),
  /** Checked in order; the first whose condition is true gives the level, else `otherwise`. */
  risk: z.strictObject({ levels: z.array(riskLevelSchema).check(nonEmpty), otherwise: z.omit(riskLevelSchema, { when: true }) }),
  /** How a household counts for dynamic management (spec §8): poor / exited, else neither. */
  statusClass: z.strictObject({ poor: condition, exited: condition }),
  aggregates: z.strictObject({
    counts: z.array(aggregateCountSchema),
    sums: z.array(aggregateSumSchema),
    rates: z.array(rateSchema),
  }),
});

export type CriteriaDocument = z.output<typeof criteriaSchema>;
export type CriteriaInput = z.input<typeof criteriaSchema>;
export type FieldDef = z.output<typeof fieldSchema>;
export type RuleDef = z.output<typeof ruleSchema>;
export type IndicatorDef = z.output<typeof indicatorSchema>;

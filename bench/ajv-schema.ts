/**
 * The field-level half of the household contract (roster-spec §3) as a JSON Schema, for the
 * ajv comparison: required / type / enum / range / length per field, nothing across fields or
 * rows (no sizes vs members, no uniqueness, no ID check digit — JSON Schema cannot say those).
 */
import Ajv from 'ajv';
import type { Case } from './harness';
import { REFERENCE_YEAR, TOWNSHIPS, type HouseholdObject } from './roster';

const int = (minimum: number, maximum?: number) => ({ type: 'integer', minimum, ...(maximum === undefined ? {} : { maximum }) });
const num = (minimum?: number, maximum?: number) => ({
  type: 'number',
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});
const oneOf = (values: string[]) => ({ type: 'string', enum: values });

export const householdSchema = {
  $id: 'roster/household',
  type: 'object',
  required: [
    'household_id', 'township', 'village', 'head_name', 'head_id', 'household_size', 'attribute', 'status',
    'main_cause', 'labor_count', 'per_capita_income', 'housing_grade', 'water_safe', 'dropout_count',
    'basic_medical_insured', 'serious_illness_insured', 'family_doctor', 'pension_eligible', 'pension_insured',
    'assistance_measures',
  ],
  properties: {
    household_id: { type: 'string', minLength: 1, maxLength: 32 },
    township: oneOf([...TOWNSHIPS]),
    village: { type: 'string', minLength: 1 },
    group: { type: 'string' },
    head_name: { type: 'string', minLength: 1 },
    head_id: { type: 'string', pattern: '^[0-9]{17}[0-9X]$' },
    household_size: int(1, 20),
    attribute: oneOf(['一般贫困户', '低保贫困户', '特困供养贫困户']),
    status: oneOf(['未脱贫', '计划脱贫', '已脱贫']),
    exit_year: int(2013, REFERENCE_YEAR),
    monitoring_type: oneOf(['无', '脱贫不稳定户', '边缘易致贫户', '突发严重困难户']),
    main_cause: oneOf(['因病', '因残', '因学', '因灾', '缺土地', '缺水', '缺技术', '缺劳力', '缺资金', '交通条件落后', '自身发展动力不足', '其他']),
    labor_count: int(0, 20),
    per_capita_income: num(0, 10_000_000),
    wage_income: num(0),
    production_income: num(),
    property_income: num(0),
    transfer_income: num(0),
    housing_grade: oneOf(['A', 'B', 'C', 'D', '无房']),
    water_safe: { type: 'boolean' },
    dropout_count: int(0, 20),
    basic_medical_insured: int(0, 20),
    serious_illness_insured: int(0, 20),
    family_doctor: { type: 'boolean' },
    pension_eligible: int(0, 20),
    pension_insured: int(0, 20),
    assistance_measures: int(0, 50),
    helper: { type: 'string' },
    public_job_count: int(0, 20),
    microloan_amount: num(0),
    microloan_purpose: oneOf(['生产经营', '建房', '看病', '生活', '其他']),
    relocated: { type: 'boolean' },
  },
} as const;

/**
 * The ajv baseline of both benches (ajv 8, allErrors, the default household schema,
 * every typed household validated, every error collected).
 */
export function ajvFieldCase(typed: HouseholdObject[], name = 'ajv field checks (typed)'): Case<{ invalid: number; errors: number }> & { facts: () => { invalid: number; errors: number } } {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(householdSchema);
  let facts = { invalid: 0, errors: 0 };
  return {
    name,
    fn: () => {
      let invalid = 0;
      let errors = 0;
      for (let i = 0; i < typed.length; i++) {
        if (!validate(typed[i])) {
          invalid++;
          errors += validate.errors!.length;
        }
      }
      return { invalid, errors };
    },
    sink: (x) => (facts = x),
    facts: () => facts,
  };
}


import { defaultCriteria } from '../../core/criteria/profiles/index';
import type { Cell, Table } from '../../core/types';

/**
 * Small rosters for the tests, with the default profile's Chinese headers (roster-spec §3/§4)
 * and valid GB 11643 IDs.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 11643 check character of the first 17 digits. */
export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return '10X98765432'[sum % 11];
}

/**
 * A valid 18-character ID, distinct for every `n` (birth date and sequence derived from it).
 * Odd `n` gives a man (odd 17th digit), even `n` a woman.
 */
export function idNumber(n: number, area = '532526'): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 500) * 86_400_000);
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const sequence = String((n % 500) * 2 + (n % 2))
    .padStart(3, '0')
    .slice(-3);
  const first17 = area + date + sequence;
  return first17 + checkDigit(first17);
}

export function genderOf(id: string): '男' | '女' {
  return Number(id[16]) % 2 === 1 ? '男' : '女';
}

/** Each field's first (canonical) header in the default criteria document. */
function headersOf(keys: readonly string[]): Record<string, string> {
  const fields = (defaultCriteria as unknown as { fields: { key: string; headers: string[] }[] }).fields;
  return Object.fromEntries(keys.map((key) => [key, fields.find((f) => f.key === key)!.headers[0]]));
}

export const HOUSEHOLD_HEADERS = headersOf([
  'household_id',
  'township',
  'village',
  'head_name',
  'head_id',
  'household_size',
  'attribute',
  'status',
  'exit_year',
  'monitoring_type',
  'main_cause',
  'labor_count',
  'per_capita_income',
  'wage_income',
  'production_income',
  'property_income',
  'transfer_income',
  'housing_grade',
  'water_safe',
  'dropout_count',
  'basic_medical_insured',
  'serious_illness_insured',
  'family_doctor',
  'pension_eligible',
  'pension_insured',
  'assistance_measures',
  'helper',
]);

export const MEMBER_HEADERS = headersOf([
  'household_id',
  'name',
  'id_number',
  'relation',
  'gender',
  'schooling',
  'health',
  'labor',
  'medical_insured',
]);

export type Row = Record<string, Cell>;

/** A household that passes every rule and indicator (3 persons, 已脱贫 in 2019). */
export function household(n: number, township: string, overrides: Row = {}): Row {
  return {
    household_id: `H${String(n).padStart(5, '0')}`,
    township,
    village: '某村',
    head_name: `户主${n}`,
    head_id: idNumber(n),
    household_size: 3,
    attribute: '一般贫困户',
    status: '已脱贫',
    exit_year: 2019,
    monitoring_type: '无',
    main_cause: '缺技术',
    labor_count: 2,
    per_capita_income: 15000,
    wage_income: 30000,
    production_income: 12000,
    property_income: 0,
    transfer_income: 3000,
    housing_grade: 'A',
    water_safe: '是',
    dropout_count: 0,
    basic_medical_insured: 3,
    serious_illness_insured: 3,
    family_doctor: '是',
    pension_eligible: 2,
    pension_insured: 2,
    assistance_measures: 3,
    helper: `帮扶人${n}`,
    ...overrides,
  };
}

/** The member rows of a household built by `household` (the head plus others up to its size). */
export function membersOf(h: Row, firstOtherId: number): Row[] {
  const size = Number(h.household_size);
  const rows: Row[] = [];
  for (let i = 0; i < size; i++) {
    const id = i === 0 ? String(h.head_id) : idNumber(firstOtherId + i);
    rows.push({
      household_id: h.household_id,
      name: `成员${i}`,
      id_number: id,
      relation: i === 0 ? '户主' : '其他',
      gender: genderOf(id),
      schooling: '非在校生',
      health: '健康',
      labor: '普通劳动力',
      medical_insured: '是',
    });
  }
  return rows;
}

/** A sheet as a Table: a title row (as exports have), the header row, then the rows. */
export function sheet(headers: Record<string, string>, rows: Row[], title = '花名册'): Table {
  const keys = Object.keys(headers);
  return [[title], keys.map((key) => headers[key]), ...rows.map((row) => keys.map((key) => row[key] ?? null))];
}

export function householdSheet(rows: Row[]): Table {
  return sheet(HOUSEHOLD_HEADERS, rows, '建档立卡贫困户花名册');
}

export function memberSheet(rows: Row[]): Table {
  return sheet(MEMBER_HEADERS, rows, '家庭成员');
}

/**
 * A township's roster: `count` households numbered from `first`, with member rows.
 * `tweak` changes some households (e.g. make one fail an indicator).
 */
export function townshipRoster(
  township: string,
  first: number,
  count: number,
  tweak: (n: number) => Row = () => ({}),
): { households: Table; members: Table } {
  const households: Row[] = [];
  const members: Row[] = [];
  for (let n = first; n < first + count; n++) {
    const h = household(n, township, tweak(n));
    households.push(h);
    members.push(...membersOf(h, 100_000 + n * 10));
  }
  return { households: householdSheet(households), members: memberSheet(members) };
}

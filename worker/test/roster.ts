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
  const sequence = String((n % 500) * 2 + (n % 2)).padStart(3, '0').slice(-3);
  const first17 = area + date + sequence;
  return first17 + checkDigit(first17);
}

export function genderOf(id: string): '男' | '女' {
  return Number(id[16]) % 2 === 1 ? '男' : '女';
}

export const HOUSEHOLD_HEADERS: Record<string, string> = {
  household_id: '户编号',
  township: '乡镇',
  village: '行政村',
  head_name: '户主姓名',
  head_id: '户主证件号码',
  household_size: '家庭人口数',
  attribute: '贫困户属性',
  status: '脱贫状态',
  exit_year: '脱贫年度',
  monitoring_type: '监测对象类型',
  main_cause: '主要致贫原因',
  labor_count: '劳动力人数',
  per_capita_income: '人均纯收入',
  wage_income: '工资性收入',
  production_income: '生产经营性收入',
  property_income: '财产性收入',
  transfer_income: '转移性收入',
  housing_grade: '住房安全等级',
  water_safe: '饮水安全',
  dropout_count: '义务教育阶段辍学人数',
  basic_medical_insured: '基本医疗保险参保人数',
  serious_illness_insured: '大病保险参保人数',
  family_doctor: '家庭医生签约',
  pension_eligible: '应参加养老保险人数',
  pension_insured: '已参加养老保险人数',
  assistance_measures: '享受帮扶措施数',
  helper: '帮扶责任人',
};

export const MEMBER_HEADERS: Record<string, string> = {
  household_id: '户编号',
  name: '姓名',
  id_number: '证件号码',
  relation: '与户主关系',
  gender: '性别',
  schooling: '在校生状况',
  health: '健康状况',
  labor: '劳动技能',
  medical_insured: '基本医疗保险',
};

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

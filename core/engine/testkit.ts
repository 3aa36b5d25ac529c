/**
 * Test helpers: tables as Excel hands them over (2-D arrays, Chinese header row) for the default
 * profile (household sheet + member sheet, roster-spec §3/§4) and the monitoring profile
 * (person-per-row, monitoring-profile §2), built from valid baseline households with per-test
 * overrides by field key; and a GB 11643 ID generator written independently of core/parse.
 */
import { expect } from 'vitest';
import { compileCriteria, type CompiledCriteria } from '../criteria/compile';
import { defaultCriteria, monitoringCriteria } from '../criteria/profiles/index';
import { evaluateRoster } from './evaluate';
import type { Cell, HouseholdResult, Issue, MemberResult, RosterInput, RosterResult, Table } from '../types';

// ------------------------------------------------------------------ IDs (GB 11643)

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check character of the first 17 digits: "10X98765432"[Σ(d_i·w_i) mod 11]. */
export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return '10X98765432'[sum % 11];
}

export interface IdSpec {
  /** 6-digit area code (default 532526, 弥勒市). */
  area?: string;
  /** YYYYMMDD */
  birth: string;
  male: boolean;
  /** 0–99: the first two digits of the order code. */
  seq?: number;
}

/** A valid 18-character ID; the 17th digit is odd for men, even for women. */
export function makeId({ area = '532526', birth, male, seq = 1 }: IdSpec): string {
  if (!/^\d{6}$/.test(area) || !/^\d{8}$/.test(birth)) throw new Error('bad area/birth');
  const order = String(seq % 100).padStart(2, '0') + (male ? '1' : '2');
  const body = area + birth + order;
  return body + checkChar(body);
}

/** The same body with a wrong check character. */
export function wrongCheck(id: string): string {
  const good = id[17];
  return id.slice(0, 17) + ('0123456789X'.split('').find((c) => c !== good) as string);
}

/** A valid ID whose check character is X (searching the order code). */
export function idWithX(area: string, birth: string, male: boolean): string {
  for (let s = 0; s < 100; s++) {
    const id = makeId({ area, birth, male, seq: s });
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X id');
}

// ------------------------------------------------------------------ criteria

export const defaultC: CompiledCriteria = compileCriteria(defaultCriteria);
export const monitoringC: CompiledCriteria = compileCriteria(monitoringCriteria);

export type Rec = Record<string, Cell>;

// ------------------------------------------------------------------ default profile

/** Household sheet columns (spec §3), in the spec's order, with their main header. */
export const HH_HEADERS: Record<string, string> = {
  household_id: '户编号',
  township: '乡镇',
  village: '行政村',
  group: '村民小组',
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
  public_job_count: '公益性岗位人数',
  microloan_amount: '扶贫小额贷款金额',
  microloan_purpose: '贷款用途',
  relocated: '易地扶贫搬迁',
};

/** Member sheet columns (spec §4). */
export const MEM_HEADERS: Record<string, string> = {
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

export const REF_DATE = '2020-12-31';

/**
 * Household number n (1-based) of the default profile: valid, consistent with its 3 members,
 * score 100, exit eligible, risk level 3 at 2020-12-31.
 */
export function defaultHousehold(n = 1, over: Rec = {}): Rec {
  return {
    household_id: `H${String(n).padStart(4, '0')}`,
    township: '江边乡',
    village: '江边村',
    group: '一组',
    head_name: `户主${n}`,
    head_id: makeId({ birth: '19700101', male: true, seq: n % 100, area: areaFor(n) }),
    household_size: 3,
    attribute: '一般贫困户',
    status: '已脱贫',
    exit_year: 2019,
    monitoring_type: '无',
    main_cause: '缺技术',
    labor_count: 2,
    per_capita_income: 12000,
    wage_income: 24000,
    production_income: 8000,
    property_income: 1000,
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
    public_job_count: 0,
    microloan_amount: 0,
    microloan_purpose: null,
    relocated: '否',
    ...over,
  };
}

/** Different area codes (all in 云南 53) so that many households get distinct IDs. */
function areaFor(n: number): string {
  return `5325${String(10 + (Math.floor(n / 100) % 90)).padStart(2, '0')}`;
}

/** The 3 members of defaultHousehold(n): head (male, 1970), spouse (female, 1972), son (2006, 初中). */
export function defaultMembers(n = 1, hh: Rec = defaultHousehold(n)): Rec[] {
  const area = areaFor(n);
  return [
    {
      household_id: hh.household_id,
      name: hh.head_name,
      id_number: hh.head_id,
      relation: '户主',
      gender: '男',
      schooling: '非在校生',
      health: '健康',
      labor: '普通劳动力',
      medical_insured: '是',
    },
    {
      household_id: hh.household_id,
      name: `配偶${n}`,
      id_number: makeId({ area, birth: '19720202', male: false, seq: n % 100 }),
      relation: '配偶',
      gender: '女',
      schooling: '非在校生',
      health: '健康',
      labor: '普通劳动力',
      medical_insured: '是',
    },
    {
      household_id: hh.household_id,
      name: `子${n}`,
      id_number: makeId({ area, birth: '20060303', male: true, seq: n % 100 }),
      relation: '之子',
      gender: '男',
      schooling: '初中',
      health: '健康',
      labor: '无劳动力',
      medical_insured: '是',
    },
  ];
}

export interface SheetOptions {
  /** Title rows above the header (each a one-cell row). */
  title?: string[];
  /** Field keys to include, in this order (default: every key of the header map). */
  columns?: string[];
  /** Header text overrides by field key (aliases, full-width brackets …). */
  headers?: Record<string, string>;
  /** Extra unknown columns appended: header → value per row. */
  extra?: Record<string, Cell>;
}

/** A table: optional title rows, the header row, one row per record (missing keys → null). */
export function sheet(map: Record<string, string>, rows: Rec[], opts: SheetOptions = {}): Table {
  const keys = opts.columns ?? Object.keys(map);
  const header: Cell[] = keys.map((k) => opts.headers?.[k] ?? map[k]);
  const extraKeys = Object.keys(opts.extra ?? {});
  header.push(...extraKeys);
  const out: Table = [];
  for (const t of opts.title ?? []) out.push([t]);
  out.push(header);
  for (const r of rows) {
    const row: Cell[] = keys.map((k) => (k in r ? r[k] : null));
    for (const e of extraKeys) row.push(opts.extra![e]);
    out.push(row);
  }
  return out;
}

export const householdSheet = (rows: Rec[], opts?: SheetOptions): Table => sheet(HH_HEADERS, rows, opts);
export const memberSheet = (rows: Rec[], opts?: SheetOptions): Table => sheet(MEM_HEADERS, rows, opts);

/** Evaluate with the default criteria at 2020-12-31. */
export function runDefault(households: Table, members?: Table | null, extra: Partial<RosterInput> = {}): RosterResult {
  return evaluateRoster(defaultC, { households, members, referenceDate: REF_DATE, ...extra });
}

/** One default household (with overrides) and its members (or members transformed). */
export function runOne(
  over: Rec = {},
  members: Rec[] | null | ((m: Rec[]) => Rec[]) = null,
  extra: Partial<RosterInput> = {},
): RosterResult {
  const hh = defaultHousehold(1, over);
  const mem = typeof members === 'function' ? members(defaultMembers(1, hh)) : members;
  return runDefault(householdSheet([hh]), mem ? memberSheet(mem) : null, extra);
}

// ------------------------------------------------------------------ monitoring profile

/** Person sheet columns of the monitoring profile (§2): person fields, then household fields. */
export const PERSON_HEADERS: Record<string, string> = {
  name: '姓名',
  id_number: '证件号码',
  person_no: '人编号',
  relation: '与户主关系',
  gender: '性别',
  schooling: '在校生状况',
  out_of_school_reason: '义务教育阶段未上学原因',
  education: '文化程度',
  health: '健康状况',
  labor: '劳动技能',
  work_months: '务工时间(月)',
  medical_resident: '是否参加城乡居民基本医疗保险',
  medical_employee: '是否参加城镇职工基本医疗保险',
  serious_illness: '是否参加大病保险',
  phone: '联系电话',
};
export const MON_HH_HEADERS: Record<string, string> = {
  township: '乡(镇)',
  village: '行政村',
  natural_village: '自然村',
  household_id: '户编号',
  household_size: '人数',
  household_type: '户类型',
  monitoring_category: '监测对象类别',
  risk_1: '致贫/返贫风险1',
  risk_2: '致贫/返贫风险2',
  risk_3: '致贫/返贫风险3',
  risk_4: '致贫/返贫风险4',
  risk_5: '致贫/返贫风险5',
  identified_month: '识别监测时间',
  risk_eliminated: '风险是否已消除',
  elimination_method: '风险消除方式',
  eliminated_month: '消除监测时间',
  unsafe_housing: '是否危房户',
  water_solved: '是否解决安全饮用水',
  dropout_flag: '是否义务教育阶段适龄儿童少年失学辍学',
  per_capita_income: '人均纯收入(元)',
  wage_income: '工资性收入',
  production_income: '生产经营性收入',
  property_income: '财产性收入',
  transfer_income: '转移性收入',
  production_expense: '生产经营性支出',
  dibao: '享受低保政策情况',
  tekun: '享受特困供养政策情况',
};
/** One person-per-row export: household columns first (as the national export), then person columns. */
export const PPR_HEADERS: Record<string, string> = { ...MON_HH_HEADERS, ...PERSON_HEADERS };
export const PERSON_KEYS = Object.keys(PERSON_HEADERS);
export const MON_HH_KEYS = Object.keys(MON_HH_HEADERS);

export const MON_REF_DATE = '2022-12-31';

/**
 * Household number n of the monitoring profile: 边缘易致贫户 identified 202203, not eliminated,
 * all indicators true (score 100), no issue at all, riskEliminable true (9 months by
 * 2022-12-31), risk level 2 (monitored and not eliminated).
 */
export function monHousehold(n = 1, over: Rec = {}): Rec {
  return {
    township: '江边乡',
    village: '江边村',
    natural_village: '大寨',
    household_id: `53252610${String(n).padStart(6, '0')}`,
    household_size: 3,
    household_type: '脱贫户',
    monitoring_category: '边缘易致贫户',
    risk_1: '因病',
    risk_2: null,
    risk_3: null,
    risk_4: null,
    risk_5: null,
    identified_month: 202203,
    risk_eliminated: '否',
    elimination_method: null,
    eliminated_month: null,
    unsafe_housing: '否',
    water_solved: '是',
    dropout_flag: '否',
    per_capita_income: 12000,
    wage_income: 30000,
    production_income: 8000,
    property_income: 1000,
    transfer_income: 3000,
    production_expense: 6000,
    dibao: '否',
    tekun: '否',
    ...over,
  };
}

/** The 3 persons of monHousehold(n): head (male 1970), spouse (female 1972, 长期慢性病), son (2010, 小学六年级). */
export function monPersons(n = 1): Rec[] {
  const area = areaFor(n);
  return [
    {
      name: `户主${n}`,
      id_number: makeId({ area, birth: '19700101', male: true, seq: n % 100 }),
      person_no: `${n}01`,
      relation: '户主',
      gender: '男',
      schooling: '非在校生',
      out_of_school_reason: null,
      education: '初中',
      health: '健康',
      labor: '普通劳动力',
      work_months: 10,
      medical_resident: '是',
      medical_employee: '否',
      serious_illness: '是',
      phone: '13800138000',
    },
    {
      name: `配偶${n}`,
      id_number: makeId({ area, birth: '19720202', male: false, seq: n % 100 }),
      person_no: `${n}02`,
      relation: '配偶',
      gender: '女',
      schooling: '非在校生',
      out_of_school_reason: null,
      education: '小学',
      health: '长期慢性病',
      labor: '普通劳动力',
      work_months: 6,
      medical_resident: '是',
      medical_employee: '否',
      serious_illness: '是',
      phone: null,
    },
    {
      name: `子${n}`,
      id_number: makeId({ area, birth: '20100303', male: true, seq: n % 100 }),
      person_no: `${n}03`,
      relation: '之子',
      gender: '男',
      schooling: '小学六年级',
      out_of_school_reason: null,
      education: '小学',
      health: '健康',
      labor: '无劳动力',
      work_months: 0,
      medical_resident: '是',
      medical_employee: '否',
      serious_illness: '是',
      phone: null,
    },
  ];
}

/** Person rows of one household: every row carries the household columns (as the export does). */
export function monRows(hh: Rec, persons: Rec[]): Rec[] {
  return persons.map((p) => ({ ...hh, ...p }));
}

export const personSheet = (rows: Rec[], opts?: SheetOptions): Table => sheet(PPR_HEADERS, rows, opts);

/** The same data split into a household sheet (one row per household) and a member sheet. */
export function splitSheets(households: { hh: Rec; persons: Rec[] }[]): { households: Table; members: Table } {
  const memHeaders: Record<string, string> = { household_id: '户编号', ...PERSON_HEADERS };
  return {
    households: sheet(
      MON_HH_HEADERS,
      households.map((h) => h.hh),
    ),
    members: sheet(
      memHeaders,
      households.flatMap((h) => h.persons.map((p) => ({ household_id: h.hh.household_id, ...p }))),
    ),
  };
}

export function runMon(households: Table, members?: Table | null, extra: Partial<RosterInput> = {}): RosterResult {
  return evaluateRoster(monitoringC, { households, members, referenceDate: MON_REF_DATE, ...extra });
}

/** One monitoring household (person-per-row) with household overrides and person edits. */
export function runMonOne(over: Rec = {}, persons: (p: Rec[]) => Rec[] = (p) => p, extra: Partial<RosterInput> = {}): RosterResult {
  return runMon(personSheet(monRows(monHousehold(1, over), persons(monPersons(1)))), null, extra);
}

// ------------------------------------------------------------------ assertions

export type Found = Pick<Issue, 'rule' | 'field' | 'severity'>;

export const ruleIds = (issues: Issue[]): string[] => issues.map((i) => i.rule).sort();

/** Issues of one rule id. */
export const issuesOf = (r: { issues: Issue[] }, rule: string): Issue[] => r.issues.filter((i) => i.rule === rule);

/** The household / member result at a worksheet row. */
export function hhAt(res: RosterResult, row: number): HouseholdResult {
  const h = res.households.find((x) => x.row === row);
  if (!h) throw new Error(`no household result at row ${row}; rows: ${res.households.map((x) => x.row).join(',')}`);
  return h;
}
export function memAt(res: RosterResult, row: number): MemberResult {
  const m = res.members.find((x) => x.row === row);
  if (!m) throw new Error(`no member result at row ${row}; rows: ${res.members.map((x) => x.row).join(',')}`);
  return m;
}

/** Every issue of every household and member result, with where it sits. */
export function allIssues(res: RosterResult): (Issue & { at: 'households' | 'members'; row: number })[] {
  return [
    ...res.households.flatMap((h) => h.issues.map((i) => ({ ...i, at: 'households' as const, row: h.row }))),
    ...res.members.flatMap((m) => m.issues.map((i) => ({ ...i, at: 'members' as const, row: m.row }))),
  ];
}

/** Exactly one issue of `rule`, on `field`, with `severity`. */
export function expectIssue(r: { issues: Issue[] }, rule: string, field: string | null, severity: 'error' | 'warning'): void {
  const found = issuesOf(r, rule);
  expect(
    found.map((i) => ({ rule: i.rule, field: i.field, severity: i.severity })),
    JSON.stringify(r.issues.map((i) => i.rule)),
  ).toEqual([{ rule, field, severity }]);
}

/** No issue of `rule`. */
export function expectNo(r: { issues: Issue[] }, rule: string): void {
  expect(issuesOf(r, rule), `unexpected ${rule}`).toEqual([]);
}

/** A household's results without its row (what must not depend on the layout), for comparing layouts. */
export function householdView(r: RosterResult) {
  return r.households.map((h) => ({
    id: h.householdId,
    indicators: h.indicators,
    score: h.score,
    exitEligible: h.exitEligible,
    riskEliminable: h.riskEliminable,
    riskLevel: h.riskLevel,
    persons: h.persons,
    statusClass: h.statusClass,
    headId: h.headId,
    rules: h.issues.map((i) => `${i.rule}:${i.field}`).sort(),
  }));
}

/**
 * Deterministic synthetic rosters for benches and tests: a household sheet (户表) and a member
 * sheet (人表) of the default profile (roster-spec §3, §4), as 2-D arrays of cells the way
 * Excel hands them over (strings, numbers, booleans, "" for an empty cell; row 0 = header).
 *
 * Everything comes from one seeded PRNG (mulberry32), so the same (n, seed) gives identical
 * tables on every machine. Most households are clean and consistent with their member rows;
 * a few percent carry one "dirty" value (see `DirtKind`), recorded in `dirt` so tests can tell
 * clean rows from dirty ones.
 *
 * @example
 * import { generateRoster } from './roster';
 * const { households, members, typed } = generateRoster(100_000, 42);
 * evaluateRoster(compileCriteria(defaultCriteria), { households, members, period: '2020' });
 */
import type { Cell, Table } from '../core/types';

/** Reference date the generated roster is consistent with (period "2020"). */
export const REFERENCE_YEAR = 2020;

/** The default profile's townships (roster-spec §6). */
export const TOWNSHIPS = [
  '弥阳街道',
  '新哨镇',
  '虹溪镇',
  '竹园镇',
  '朋普镇',
  '巡检司镇',
  '西一镇',
  '西二镇',
  '西三镇',
  '东山镇',
  '五山乡',
  '江边乡',
] as const;

/** Household sheet columns: field key → the primary Chinese header (spec §3, in spec order). */
export const HOUSEHOLD_COLUMNS = [
  ['household_id', '户编号'],
  ['township', '乡镇'],
  ['village', '行政村'],
  ['group', '村民小组'],
  ['head_name', '户主姓名'],
  ['head_id', '户主证件号码'],
  ['household_size', '家庭人口数'],
  ['attribute', '贫困户属性'],
  ['status', '脱贫状态'],
  ['exit_year', '脱贫年度'],
  ['monitoring_type', '监测对象类型'],
  ['main_cause', '主要致贫原因'],
  ['labor_count', '劳动力人数'],
  ['per_capita_income', '人均纯收入'],
  ['wage_income', '工资性收入'],
  ['production_income', '生产经营性收入'],
  ['property_income', '财产性收入'],
  ['transfer_income', '转移性收入'],
  ['housing_grade', '住房安全等级'],
  ['water_safe', '饮水安全'],
  ['dropout_count', '义务教育阶段辍学人数'],
  ['basic_medical_insured', '基本医疗保险参保人数'],
  ['serious_illness_insured', '大病保险参保人数'],
  ['family_doctor', '家庭医生签约'],
  ['pension_eligible', '应参加养老保险人数'],
  ['pension_insured', '已参加养老保险人数'],
  ['assistance_measures', '享受帮扶措施数'],
  ['helper', '帮扶责任人'],
  ['public_job_count', '公益性岗位人数'],
  ['microloan_amount', '扶贫小额贷款金额'],
  ['microloan_purpose', '贷款用途'],
  ['relocated', '易地扶贫搬迁'],
] as const;

/** Member sheet columns (spec §4). */
export const MEMBER_COLUMNS = [
  ['household_id', '户编号'],
  ['name', '姓名'],
  ['id_number', '证件号码'],
  ['relation', '与户主关系'],
  ['gender', '性别'],
  ['schooling', '在校生状况'],
  ['health', '健康状况'],
  ['labor', '劳动技能'],
  ['medical_insured', '基本医疗保险'],
] as const;

export type HouseholdKey = (typeof HOUSEHOLD_COLUMNS)[number][0];
/** A pre-typed value: what a typing layer in front of a schema validator would hand over. */
export type TypedValue = string | number | boolean | undefined;
/**
 * One household as a pre-typed object (for ajv / json-logic): numbers as numbers, bools as
 * booleans, enums as strings, a missing cell as `undefined`. A cell a typing layer could not
 * convert keeps its raw form (e.g. "不详" in a number field), so the validator reports it.
 */
export type HouseholdObject = Record<HouseholdKey, TypedValue>;

/**
 * The kinds of dirty value the generator plants (one per affected household). Kinds marked
 * "valid" look messy but parse under the contract (spec §2, §9.2–9.3).
 */
export const DIRT_KINDS = [
  'bad_enum', // 贫困户属性/住房安全等级/脱贫状态 not in the list → enum
  'text_in_number', // "不详" in 人均纯收入 or 劳动力人数 → type
  'bad_check_digit', // head's or a member's ID with a wrong check digit → id_number
  'missing_required', // 行政村/户主姓名/主要致贫原因/住房安全等级 empty → required
  'yuan_suffix', // "5230元" (valid)
  'thousands', // "12,500" (valid)
  'size_mismatch', // 家庭人口数 ≠ member rows → size_mismatch (and maybe *_le_size)
  'unknown_township', // 弥勒镇 → township_known
  'id_as_number', // head's ID as a numeric cell (1.2E+17) → id_number
  'labor_gt_size', // labor_count > household_size → labor_le_size
  'gender_mismatch', // a member's 性别 contradicts the ID → gender_mismatch
  'orphan_member', // an extra member row with an unknown 户编号 → member_orphan
  'duplicate_household_id', // the previous household's 户编号 (and its members) → unique, size_mismatch
  'padded_text', // " 新哨镇 " (valid)
  'loan_without_purpose', // loan > 0, 贷款用途 empty → loan_purpose_required
  'id15', // obsolete 15-digit head ID → id_number
  'negative_income', // 工资性收入 -300 → range
  'helper_overload', // the helper has more than 5 households → helper_overload (warning)
] as const;
export type DirtKind = (typeof DIRT_KINDS)[number];

export interface GeneratedRoster {
  households: Table;
  members: Table;
  typed: HouseholdObject[];
  /** Per household (index = data row − 1): 0 = clean, else 1 + index into DIRT_KINDS. */
  dirt: Uint8Array;
}

export interface GenerateOptions {
  /** Share of households that get one dirty value (default 0.04). */
  dirtyRate?: number;
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits. */
export function idCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严普李者'.split(
    '',
  );
const GIVEN = '国华建明文军平志伟红英秀兰芳玉珍桂云丽梅凤春福海荣金成德林家才忠兴发顺昌学光永庆有贵新全富顺琼艳燕丹'.split('');
const VILLAGE_PREFIX = '大小上下新老东西南北中黑白青龙凤石板竹松柏阿者普'.split('');
const VILLAGE_SUFFIX = '村寨冲坝箐哨营庄沟山'.split('');
const AREA_CODES = ['532504', '532504', '532504', '532504', '532502', '532503', '532522', '532527', '530102'];

/**
 * Distinct valid IDs for a person of completed `age` at 31 Dec of `referenceYear` (birthdays on
 * day ≤ 28, so the year alone decides the age), with the gender digit set.
 */
export function idMaker(
  int: (lo: number, hi: number) => number,
  pick: <T>(a: readonly T[]) => T,
  referenceYear: number,
): (age: number, male: boolean) => string {
  const used = new Set<string>();
  return (age, male) => {
    for (;;) {
      const body =
        pick(AREA_CODES) +
        (referenceYear - age) +
        String(int(1, 12)).padStart(2, '0') +
        String(int(1, 28)).padStart(2, '0') +
        String(int(0, 99)).padStart(2, '0') +
        String(male ? 2 * int(0, 4) + 1 : 2 * int(0, 4));
      const id = body + idCheckChar(body);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

const ATTRIBUTES = ['一般贫困户', '低保贫困户', '特困供养贫困户'];
const CAUSES = ['因病', '因残', '因学', '因灾', '缺土地', '缺水', '缺技术', '缺劳力', '缺资金', '交通条件落后', '自身发展动力不足', '其他'];
const CAUSE_W = [18, 10, 8, 4, 8, 5, 14, 10, 12, 4, 5, 2];
const MONITORING = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'];
const HOUSING = ['A', 'B', 'C', 'D', '无房'];
const HOUSING_W = [40, 52, 5, 2, 1];
const PURPOSES = ['生产经营', '建房', '看病', '生活', '其他'];
const PURPOSE_W = [80, 6, 4, 5, 5];
const SIZE_W = [10, 18, 24, 21, 14, 9, 4]; // sizes 1..7, mean ≈ 3.54
const UNKNOWN_TOWNSHIPS = ['弥勒镇', '新哨乡', '朋普', '红河镇'];

/** Weighted pick helper: cumulative table for `weights`. */
function cumulative(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) out[i] = (s += weights[i]) / total;
  return out;
}
const CAUSE_C = cumulative(CAUSE_W);
const HOUSING_C = cumulative(HOUSING_W);
const PURPOSE_C = cumulative(PURPOSE_W);
const SIZE_C = cumulative(SIZE_W);

interface Person {
  name: string;
  id: string;
  relation: string;
  male: boolean;
  age: number;
  schooling: string;
  health: string;
  labor: string;
  insured: boolean;
}

const H_INDEX = Object.fromEntries(HOUSEHOLD_COLUMNS.map(([k], i) => [k, i])) as Record<HouseholdKey, number>;

/**
 * Generate `n` households (sizes 1–7, ≈ 3.5 members each) and their members, deterministically
 * from `seed`. Row 0 of each table is the header row; household i is `households[i + 1]` and
 * `typed[i]`.
 */
export function generateRoster(n = 100_000, seed = 1, options: GenerateOptions = {}): GeneratedRoster {
  const rnd = mulberry32(seed);
  const dirtyRate = options.dirtyRate ?? 0.04;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const wpick = <T>(a: readonly T[], c: Float64Array): T => {
    const r = rnd();
    let i = 0;
    while (i < c.length - 1 && r >= c[i]) i++;
    return a[i];
  };
  const chance = (p: number) => rnd() < p;
  const newId = idMaker(int, pick, REFERENCE_YEAR);
  const givenName = () => (chance(0.7) ? pick(GIVEN) + pick(GIVEN) : pick(GIVEN));

  const schoolingAt = (age: number): string => {
    if (age < 3) return '非在校生';
    if (age < 6) return chance(0.8) ? '学前教育' : '非在校生';
    if (age < 12) return age === 6 && chance(0.3) ? '学前教育' : '小学';
    if (age < 15) return chance(0.1) ? pick(['七年级', '八年级', '九年级']) : '初中';
    if (age === 15) return chance(0.5) ? '初中' : '高中';
    if (age < 19) return chance(0.3) ? '中职' : chance(0.8) ? '高中' : '非在校生';
    if (age < 23) return chance(0.15) ? '本科及以上' : chance(0.15) ? '高职大专' : '非在校生';
    return '非在校生';
  };

  const person = (relation: string, surname: string, age: number, male: boolean): Person => {
    age = Math.max(0, Math.min(100, age));
    const health = chance(0.8) ? '健康' : chance(0.6) ? '长期慢性病' : chance(0.5) ? '患有大病' : '残疾';
    let schooling = schoolingAt(age);
    if (age >= 7 && age <= 15 && chance(0.004)) schooling = '辍学';
    let labor: string;
    if (age < 16 || age > 70 || (schooling !== '非在校生' && schooling !== '辍学')) labor = '无劳动力';
    else if (health === '患有大病' || health === '残疾') labor = chance(0.7) ? '丧失劳动力' : '普通劳动力';
    else labor = chance(0.2) ? '技能劳动力' : '普通劳动力';
    return {
      name: surname + givenName(),
      id: newId(age, male),
      relation,
      male,
      age,
      schooling,
      health,
      labor,
      insured: chance(0.97),
    };
  };

  // Villages per township: 15–30 deterministic names each.
  const villages = TOWNSHIPS.map(() => {
    const k = int(15, 30);
    const out: string[] = [];
    while (out.length < k) {
      const v = pick(VILLAGE_PREFIX) + pick(VILLAGE_PREFIX) + pick(VILLAGE_SUFFIX);
      if (!out.includes(v)) out.push(v + (v.endsWith('村') ? '' : '村'));
    }
    return out;
  });

  const households: Table = new Array(n + 1);
  households[0] = HOUSEHOLD_COLUMNS.map(([, h]) => h);
  const members: Table = [MEMBER_COLUMNS.map(([, h]) => h)];
  const typed: HouseholdObject[] = new Array(n);
  const dirt = new Uint8Array(n);

  // Helpers (帮扶责任人): each takes 3–5 consecutive households; a few take 6–8 (一帮五 broken).
  let helperName = '';
  let helperLeft = 0;
  let helperOverloaded = false;
  let helperSeq = 0;
  const helperNames = new Set<string>();

  // Rows are flattened block by block as they are made, so the garbage stays young and small.
  let flushedHouseholds = 1;
  let flushedMembers = 1;
  const flush = (doneHouseholds: number) => {
    flattenCells(households, flushedHouseholds, doneHouseholds + 1);
    // The typed objects share the (now flat) cell strings wherever they hold the same text.
    for (let r = flushedHouseholds; r <= doneHouseholds; r++) {
      const row = households[r];
      const h = typed[r - 1];
      for (let k = 0; k < HOUSEHOLD_COLUMNS.length; k++) {
        const key = HOUSEHOLD_COLUMNS[k][0];
        if (typeof h[key] === 'string' && row[k] === h[key]) h[key] = row[k] as string;
      }
    }
    flattenCells(members, flushedMembers, members.length);
    flushedHouseholds = doneHouseholds + 1;
    flushedMembers = members.length;
  };

  for (let i = 0; i < n; i++) {
    // A block is complete (the next household may still read the previous row's 户编号 only).
    if (i > 0 && i % 4096 === 0) flush(i);
    // Exports come sorted by township: households in 12 consecutive blocks.
    const t = Math.floor((i * TOWNSHIPS.length) / n);
    const township = TOWNSHIPS[t];
    const householdId = `5325041${String(t + 1).padStart(2, '0')}${String(i + 1).padStart(7, '0')}`;
    const surname = pick(SURNAMES);

    // Members: head, spouse, children, grand-children, parents.
    const size = wpick([1, 2, 3, 4, 5, 6, 7], SIZE_C);
    const headAge = size === 1 ? int(45, 88) : int(24, 78);
    const headMale = chance(0.85);
    const people: Person[] = [person('户主', surname, headAge, headMale)];
    if (size >= 2 && chance(0.85)) people.push(person('配偶', pick(SURNAMES), headAge + int(-6, 6), !headMale));
    while (people.length < size) {
      const r = rnd();
      if (headAge > 55 && r < 0.4) {
        const male = chance(0.5);
        people.push(person(male ? '孙子' : '孙女', surname, int(0, Math.min(15, headAge - 45)), male));
      } else if (headAge < 55 && r < 0.12) {
        const male = chance(0.5);
        const rel = male ? (chance(0.9) ? '父亲' : '之父') : chance(0.9) ? '母亲' : '之母';
        people.push(person(rel, male ? surname : pick(SURNAMES), headAge + int(20, 32), male));
      } else {
        const male = chance(0.5);
        people.push(person(male ? '之子' : '之女', surname, headAge - int(20, 40), male));
      }
    }

    // Household values, consistent with the members.
    let labor = 0;
    let insured = 0;
    let dropouts = 0;
    let pensionEligible = 0;
    for (const p of people) {
      if (p.labor === '普通劳动力' || p.labor === '技能劳动力') labor++;
      if (p.insured) insured++;
      if (p.schooling === '辍学') dropouts++;
      if (p.age >= 16 && p.schooling === '非在校生') pensionEligible++;
    }
    const serious = chance(0.96) ? insured : Math.max(0, insured - 1);
    const pensionInsured = chance(0.9) ? pensionEligible : int(0, pensionEligible);
    const statusRoll = rnd();
    const status = statusRoll < 0.75 ? '已脱贫' : statusRoll < 0.85 ? (chance(0.2) ? '预脱贫' : '计划脱贫') : '未脱贫';
    const exitYear = status === '已脱贫' ? int(2014, REFERENCE_YEAR) : undefined;
    const monitoringRoll = rnd();
    const monitoring = monitoringRoll < 0.85 ? '无' : monitoringRoll < 0.9 ? undefined : pick(MONITORING);
    const attributeRoll = rnd();
    const attribute =
      attributeRoll < 0.7 ? ATTRIBUTES[0] : attributeRoll < 0.95 ? ATTRIBUTES[1] : chance(0.7) ? ATTRIBUTES[2] : '五保贫困户';

    // Income: per capita mostly 4,000–15,000 yuan; four parts (85 % of rows) sum to it.
    let perCapita = Math.round(2500 + 13000 * Math.pow(rnd(), 1.3));
    let wage: number | undefined;
    let production: number | undefined;
    let property: number | undefined;
    let transfer: number | undefined;
    if (chance(0.85)) {
      const total = perCapita * size;
      const transferShare = chance(0.15) ? 0.5 + 0.4 * rnd() : 0.05 + 0.3 * rnd();
      transfer = Math.round(total * transferShare);
      property = chance(0.2) ? Math.round(total * 0.05 * rnd()) : 0;
      production = chance(0.03) ? -int(100, 2000) : Math.round((total - transfer - property) * 0.4 * rnd());
      wage = Math.max(0, total - transfer - property - production);
      perCapita = Math.round((wage + production + property + transfer) / size);
    }
    const loan = chance(0.3) ? int(1, 10) * 5000 : undefined;
    const purpose = loan ? wpick(PURPOSES, PURPOSE_C) : undefined;

    if (helperLeft === 0) {
      helperOverloaded = chance(0.01);
      helperLeft = helperOverloaded ? int(6, 8) : int(3, 5);
      // Distinct helpers: a repeated name would be one person on too many households.
      do helperName = pick(SURNAMES) + givenName() + (++helperSeq % 3 === 0 ? pick(GIVEN) : '');
      while (helperNames.has(helperName));
      helperNames.add(helperName);
    }
    helperLeft--;

    const h: HouseholdObject = {
      household_id: householdId,
      township,
      village: pick(villages[t]),
      group: chance(0.9) ? `第${int(1, 12)}组` : undefined,
      head_name: people[0].name,
      head_id: people[0].id,
      household_size: size,
      attribute,
      status,
      exit_year: exitYear,
      monitoring_type: monitoring,
      main_cause: wpick(CAUSES, CAUSE_C),
      labor_count: labor,
      per_capita_income: perCapita,
      wage_income: wage,
      production_income: production,
      property_income: property,
      transfer_income: transfer,
      housing_grade: wpick(HOUSING, HOUSING_C),
      water_safe: chance(0.97),
      dropout_count: dropouts,
      basic_medical_insured: insured,
      serious_illness_insured: serious,
      family_doctor: chance(0.92),
      pension_eligible: pensionEligible,
      pension_insured: pensionInsured,
      assistance_measures: int(0, 8),
      helper: helperName,
      public_job_count: chance(0.8) ? (chance(0.15) ? 1 : 0) : undefined,
      microloan_amount: loan,
      microloan_purpose: purpose,
      relocated: chance(0.85) ? chance(0.08) : undefined,
    };

    // Cells as Excel gives them: numbers mostly numeric, sometimes text; bools as 是/否.
    const row: Cell[] = new Array(HOUSEHOLD_COLUMNS.length);
    for (let k = 0; k < HOUSEHOLD_COLUMNS.length; k++) {
      const v = h[HOUSEHOLD_COLUMNS[k][0]];
      if (v === undefined) row[k] = '';
      else if (typeof v === 'boolean') row[k] = chance(0.9) ? (v ? '是' : '否') : v;
      else if (typeof v === 'number') row[k] = chance(0.05) ? String(v) : v;
      else row[k] = v;
    }
    // The typed object holds parsed enum values (aliases resolved), as a typing layer would.
    if (h.status === '预脱贫') h.status = '计划脱贫';
    if (h.attribute === '五保贫困户') h.attribute = '特困供养贫困户';
    if (h.monitoring_type === undefined) h.monitoring_type = '无';

    const memberStart = members.length;
    for (const p of people) {
      members.push([householdId, p.name, p.id, p.relation, p.male ? '男' : '女', p.schooling, p.health, p.labor, p.insured ? '是' : '否']);
    }

    // One dirty value for a few percent of households.
    let kind: DirtKind | null = helperOverloaded ? 'helper_overload' : null;
    if (chance(dirtyRate)) {
      kind = DIRT_KINDS[Math.floor(rnd() * (DIRT_KINDS.length - 1))];
      if (kind === 'duplicate_household_id' && i === 0) kind = 'padded_text';
      if (kind === 'id_as_number' && people[0].id.endsWith('X')) kind = 'bad_check_digit';
      applyDirt(kind, row, h, members, memberStart, i, households, dirt, rnd, pick, int, newId);
    }
    if (kind) dirt[i] = 1 + DIRT_KINDS.indexOf(kind);

    households[i + 1] = row;
    typed[i] = h;
  }
  flush(n);
  return { households, members, typed, dirt };
}

/**
 * Re-create rows [start, end) through JSON, as Office.js hands values over. Strings
 * built by concatenation are V8 cons strings, which the engine would have to flatten on first
 * hashing — an artefact real worksheets never have (measured: ~2× slower core).
 */
function flattenCells(table: Table, start: number, end: number): void {
  const copy = JSON.parse(JSON.stringify(table.slice(start, end))) as Cell[][];
  for (let r = start; r < end; r++) table[r] = copy[r - start];
}

function applyDirt(
  kind: DirtKind,
  row: Cell[],
  h: HouseholdObject,
  members: Table,
  memberStart: number,
  i: number,
  households: Table,
  dirt: Uint8Array,
  rnd: () => number,
  pick: <T>(a: readonly T[]) => T,
  int: (lo: number, hi: number) => number,
  newId: (age: number, male: boolean) => string,
): void {
  const set = (key: HouseholdKey, cell: Cell, typedValue: TypedValue) => {
    row[H_INDEX[key]] = cell;
    h[key] = typedValue;
  };
  const nMembers = members.length - memberStart;
  switch (kind) {
    case 'bad_enum': {
      const key = pick(['attribute', 'housing_grade', 'status'] as const);
      const bad = { attribute: '贫困户', housing_grade: 'E', status: '已脱' }[key];
      set(key, bad, bad);
      break;
    }
    case 'text_in_number':
      if (rnd() < 0.5) set('per_capita_income', '不详', '不详');
      else set('labor_count', '两', '两');
      break;
    case 'bad_check_digit': {
      const wrong = (id: string) => {
        const body = id.slice(0, 17);
        const right = id[17];
        const next = '10X98765432'[('10X98765432'.indexOf(right) + 1) % 11];
        return body + next;
      };
      if (rnd() < 0.5) {
        const bad = wrong(h.head_id as string);
        set('head_id', bad, bad);
      } else {
        const m = members[memberStart + int(0, nMembers - 1)];
        m[2] = wrong(m[2] as string);
      }
      break;
    }
    case 'missing_required': {
      const key = pick(['village', 'head_name', 'main_cause', 'housing_grade'] as const);
      set(key, rnd() < 0.5 ? '' : null, undefined);
      break;
    }
    case 'yuan_suffix':
      set('per_capita_income', `${h.per_capita_income}元`, h.per_capita_income);
      break;
    case 'thousands': {
      const v = 1000 + int(0, 40000);
      set('per_capita_income', v.toLocaleString('en-US'), v);
      break;
    }
    case 'size_mismatch': {
      const size = (h.household_size as number) + (rnd() < 0.5 && (h.household_size as number) > 1 ? -1 : 1);
      set('household_size', size, size);
      break;
    }
    case 'unknown_township': {
      const t = pick(UNKNOWN_TOWNSHIPS);
      set('township', t, t);
      break;
    }
    case 'id_as_number':
      set('head_id', Number(h.head_id), Number(h.head_id));
      break;
    case 'labor_gt_size': {
      const v = (h.household_size as number) + 1;
      set('labor_count', v, v);
      break;
    }
    case 'gender_mismatch': {
      const m = members[memberStart + int(0, nMembers - 1)];
      m[4] = m[4] === '男' ? '女' : '男';
      break;
    }
    case 'orphan_member': {
      const m = members[memberStart].slice();
      m[0] = `X${h.household_id as string}`;
      m[1] = '张某';
      m[2] = newId(30, m[4] === '男'); // a fresh valid ID, so only member_orphan fires
      members.push(m);
      break;
    }
    case 'duplicate_household_id': {
      const prev = households[i][0] as string;
      set('household_id', prev, prev);
      for (let r = memberStart; r < members.length; r++) members[r][0] = prev;
      dirt[i - 1] = dirt[i - 1] || 1 + DIRT_KINDS.indexOf('duplicate_household_id');
      break;
    }
    case 'padded_text':
      row[H_INDEX.township] = ` ${h.township as string} `;
      break;
    case 'loan_without_purpose':
      set('microloan_amount', 20000, 20000);
      set('microloan_purpose', '', undefined);
      break;
    case 'id15': {
      const id = h.head_id as string;
      const id15 = id.slice(0, 6) + id.slice(8, 17);
      set('head_id', id15, id15);
      break;
    }
    case 'negative_income':
      set('wage_income', -300, -300);
      break;
    case 'helper_overload':
      break;
  }
}

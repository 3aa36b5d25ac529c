/**
 * A deterministic synthetic 防返贫监测 export (monitoring profile, one row per person), the way
 * the national system's Excel export arrives: two title rows, the header row (the monitoring
 * profile's primary Chinese headers plus a few columns the profile ignores: 序号, 户主姓名, 备注),
 * then one row per person with the household's columns repeated on every member's row — except
 * for some households, whose household columns are filled on the 户主 row only.
 *
 * Everything comes from one seeded PRNG (mulberry32, shared with roster.ts), so the same
 * (n, seed) gives the identical sheet everywhere. Reference date: the end of `EXPORT_PERIOD`
 * (2024-12-31), so a person's age is 2024 − birth year. About 30 % of households are monitored
 * (监测对象); clean households are consistent with the profile (no errors; a few warnings occur
 * as in real data, e.g. an unmonitored household below the line); a few percent carry one dirty
 * value (see `EXPORT_DIRT_KINDS`), recorded in `dirt`. Messy-but-valid forms are part of the
 * clean data: months as numbers, "YYYYMM" text, "YYYY-MM", "YYYY年M月", "202305.0" and Excel
 * serials; amounts with thousands separators; 是/否, Y/N, 1/0 and booleans; gender 1/2;
 * relations without 之; 20-character disability certificate numbers; multi-value health.
 *
 * @example
 * import { generateExport, EXPORT_PERIOD } from './export';
 * const { sheet } = generateExport(100_000, 1);
 * evaluateRoster(compileCriteria(monitoringCriteria), { households: sheet, period: EXPORT_PERIOD });
 */
import { monitoringCriteria } from '../core/index';
import type { Cell, Table } from '../core/types';
import { idMaker, mulberry32, TOWNSHIPS } from './roster';

/** The period the export is consistent with (reference date 2024-12-31). */
export const EXPORT_PERIOD = '2024';
const REF_YEAR = 2024;
/** Reference month as year × 12 + month (202412). */
const REF_MONTH = REF_YEAR * 12 + 12;
const MONITORING_LINE = 7000;

/**
 * Columns of the export: a profile field key (its header is the field's first header in
 * monitoring.json) or, prefixed with "-", a column the profile does not know.
 */
export const EXPORT_COLUMNS = [
  '-序号',
  'township',
  'village',
  'natural_village',
  'household_id',
  '-户主姓名',
  'person_no',
  'name',
  'id_number',
  'relation',
  'gender',
  'household_size',
  'household_type',
  'monitoring_category',
  'risk_1',
  'risk_2',
  'risk_3',
  'risk_4',
  'risk_5',
  'identified_month',
  'risk_eliminated',
  'elimination_method',
  'eliminated_month',
  'unsafe_housing',
  'water_solved',
  'dropout_flag',
  'per_capita_income',
  'wage_income',
  'production_income',
  'property_income',
  'transfer_income',
  'production_expense',
  'dibao',
  'tekun',
  'schooling',
  'out_of_school_reason',
  'education',
  'health',
  'labor',
  'work_months',
  'medical_resident',
  'medical_employee',
  'serious_illness',
  'phone',
  '-备注',
] as const;
type ColumnKey = (typeof EXPORT_COLUMNS)[number];

const FIELD_HEADERS = new Map(
  (monitoringCriteria as unknown as { fields: { key: string; headers: string[] }[] }).fields.map((f) => [f.key, f.headers[0]]),
);

/** The header row: the profile's primary header for each field (profile §2, monitoring.json). */
export function exportHeaders(): string[] {
  return EXPORT_COLUMNS.map((key) => {
    if (key.startsWith('-')) return key.slice(1);
    const header = FIELD_HEADERS.get(key);
    if (!header) throw new Error(`monitoring.json has no field "${key}"`);
    return header;
  });
}

const COL = Object.fromEntries(EXPORT_COLUMNS.map((k, i) => [k, i])) as Record<ColumnKey, number>;
/** Household columns kept on every row even when a household fills the rest on the 户主 row only. */
const ALWAYS_REPEATED = new Set([COL.township, COL.village, COL.household_id]);

/**
 * Dirty values the generator plants (one per affected household); each makes core report at
 * least one error on the household or one of its rows.
 */
export const EXPORT_DIRT_KINDS = [
  'bad_check_digit', // a member's ID with a wrong check digit → id_number
  'bad_month', // identified_month 202313 / "2023-13" → month
  'value_conflict', // a member row's 行政村 differs from the 户主 row's → household_value_conflict
  'monitored_missing', // monitored, risk_1 empty → monitored_fields
  'elimination_order', // eliminated before identified → elimination_order
  'elimination_too_soon', // 帮扶消除 after 202204 within 6 months → elimination_too_soon
  'bad_enum', // 户类型 "贫困户" → enum
  'text_in_number', // 人均纯收入 "不详" → type
  'size_mismatch', // 人数 one more than the rows → size_mismatch
  'no_head', // the 户主 row says 其他 → head_count
  'two_heads', // a second 户主 → head_count
  'gender_mismatch', // a member's 性别 contradicts the ID → gender_mismatch
  'duplicate_id', // a member carries the previous household's head ID → unique (both households)
  'unknown_township', // 弥勒镇 → township_known
  'eliminated_below_line', // 帮扶消除 with income below the line → eliminated_below_line
  'missing_name', // a member's 姓名 empty → required
] as const;
export type ExportDirtKind = (typeof EXPORT_DIRT_KINDS)[number];

export interface GeneratedExport {
  /** The sheet as Excel hands it over: 2 title rows, the header row (index 2), one row per person. */
  sheet: Table;
  /** Households generated. */
  households: number;
  /** Person rows (sheet.length − 3). */
  persons: number;
  /** Per household: its 户编号. */
  householdIds: string[];
  /** Per household: 0 = clean, else 1 + index into EXPORT_DIRT_KINDS. */
  dirt: Uint8Array;
  /** Per household: 1 when it is a monitoring object (监测对象). */
  monitored: Uint8Array;
  /** Per sheet row index: the household index it belongs to (−1 for title and header rows). */
  rowHousehold: Int32Array;
}

export interface ExportOptions {
  /** Share of households that get one dirty value (default 0.03). */
  dirtyRate?: number;
  /** Share of monitored households (default 0.30). */
  monitoredRate?: number;
}

const TITLE_ROWS = 2;
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严普者'.split(
    '',
  );
const GIVEN = '国华建明文军平志伟红英秀兰芳玉珍桂云丽梅凤春福海荣金成德林家才忠兴发顺昌学光永庆有贵新全富琼艳燕丹'.split('');
const VILLAGE_PREFIX = '大小上下新老东西南北中黑白青龙凤石板竹松柏阿者普'.split('');
const VILLAGE_SUFFIX = '村寨冲坝箐哨营庄沟山'.split('');
const SIZE_W = [10, 18, 24, 21, 14, 9, 4]; // 1..7 persons, mean ≈ 3.5
const PRIMARY = ['小学一年级', '小学二年级', '小学三年级', '小学四年级', '小学五年级', '小学六年级'];
const JUNIOR = ['七年级', '八年级', '九年级'];
const SENIOR = ['普通高中一年级', '普通高中二年级', '普通高中三年级'];
const VOCATIONAL = ['中职一年级', '中职二年级', '中职三年级'];
const COLLEGE = ['高职高专一年级', '高职高专二年级', '高职高专三年级'];
const ADULT_EDUCATION = ['文盲或半文盲', '小学', '小学', '初中', '初中', '初中', '高中', '中专', '大专及以上'];
const FREE_RISKS = ['因自然灾害', '因意外事故', '因产业项目失败', '因务工就业不稳', '因安全住房', '其他'];
const UNKNOWN_TOWNSHIPS = ['弥勒镇', '新哨乡', '朋普', '红河镇'];

interface Person {
  name: string;
  id: string;
  relation: string;
  male: boolean;
  age: number;
  schooling: string;
  reason: string;
  education: string;
  health: string;
  labor: string;
  workMonths: Cell;
  resident: Cell;
  employee: Cell;
  serious: Cell;
}

/**
 * Generate `n` households (1–7 persons each, ≈ 3.5 on average) as one person-per-row sheet,
 * deterministically from `seed`.
 */
export function generateExport(n = 100_000, seed = 1, options: ExportOptions = {}): GeneratedExport {
  const rnd = mulberry32(seed ^ 0x5eed_0001);
  const dirtyRate = options.dirtyRate ?? 0.03;
  const monitoredRate = options.monitoredRate ?? 0.3;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const chance = (p: number) => rnd() < p;
  const sizeTotal = SIZE_W.reduce((a, b) => a + b, 0);
  const pickSize = () => {
    let r = rnd() * sizeTotal;
    for (let k = 0; k < SIZE_W.length; k++) if ((r -= SIZE_W[k]) < 0) return k + 1;
    return SIZE_W.length;
  };
  const newId = idMaker(int, pick, REF_YEAR);
  const givenName = () => (chance(0.7) ? pick(GIVEN) + pick(GIVEN) : pick(GIVEN));
  const yesNo = (v: boolean): Cell => {
    const r = rnd();
    return r < 0.85 ? (v ? '是' : '否') : r < 0.93 ? v : r < 0.97 ? (v ? 1 : 0) : v ? 'Y' : 'N';
  };
  const money = (v: number): Cell => {
    const r = rnd();
    return r < 0.8 ? v : r < 0.92 ? String(v) : v.toLocaleString('en-US');
  };
  /** A month (year × 12 + month) in one of the export's shapes. */
  const monthCell = (ym: number): Cell => {
    const y = Math.floor((ym - 1) / 12);
    const m = ym - y * 12;
    const yyyymm = y * 100 + m;
    const r = rnd();
    if (r < 0.5) return yyyymm;
    if (r < 0.8) return String(yyyymm);
    if (r < 0.88) return `${y}-${String(m).padStart(2, '0')}`;
    if (r < 0.93) return `${y}年${m}月`;
    if (r < 0.97) return `${yyyymm}.0`;
    // Excel date serial of the 15th (serial 25569 = 1970-01-01).
    return 25569 + Math.round(Date.UTC(y, m - 1, 15) / 86_400_000);
  };

  const schoolingAt = (age: number): { schooling: string; reason: string } => {
    if (age < 3) return { schooling: chance(0.5) ? '学龄前儿童' : '', reason: '' };
    if (age < 6) return { schooling: chance(0.8) ? '学前教育' : '学龄前儿童', reason: '' };
    if (age === 6) return { schooling: chance(0.7) ? PRIMARY[0] : '学前教育', reason: '' };
    if (age <= 15 && chance(0.003)) return { schooling: '非在校生', reason: pick(['残疾', '重病', '送教上门']) };
    if (age <= 11) return { schooling: PRIMARY[age - 6], reason: '' };
    if (age <= 14) return { schooling: JUNIOR[age - 12], reason: '' };
    if (age === 15) return { schooling: chance(0.6) ? JUNIOR[2] : pick([SENIOR[0], VOCATIONAL[0]]), reason: '' };
    if (age <= 18)
      return { schooling: chance(0.25) ? '非在校生' : (chance(0.65) ? SENIOR : VOCATIONAL)[Math.min(2, age - 16)], reason: '' };
    if (age <= 22) return { schooling: chance(0.6) ? (chance(0.5) ? '' : '非在校生') : chance(0.5) ? '本科' : pick(COLLEGE), reason: '' };
    if (age <= 26 && chance(0.01)) return { schooling: '硕士生及以上', reason: '' };
    return { schooling: chance(0.6) ? '非在校生' : '', reason: '' };
  };
  const inSchool = (s: string) => s !== '' && s !== '学龄前儿童' && s !== '非在校生';

  const person = (relation: string, surname: string, age: number, male: boolean, elderlyHead = false): Person => {
    age = Math.max(0, Math.min(98, age));
    const { schooling, reason } = schoolingAt(age);
    let health = '健康';
    const hr = rnd();
    const sickness = age >= 60 ? 0.45 : age >= 16 ? 0.15 : 0.05;
    if (hr < sickness) {
      const h2 = rnd();
      health =
        h2 < 0.55
          ? '长期慢性病'
          : h2 < 0.75
            ? '患有大病'
            : h2 < 0.93
              ? '残疾'
              : pick(['长期慢性病、残疾', '患有大病，残疾', '长期慢性病,患有大病']);
    }
    const school = inSchool(schooling);
    let labor: string;
    if (age < 16 || school) labor = '无劳动力';
    else if (health !== '健康') labor = chance(0.5) ? '丧失劳动力' : '弱劳动力或半劳动力';
    else if (age >= 60) labor = elderlyHead && chance(0.5) ? '普通劳动力' : chance(0.6) ? '弱劳动力或半劳动力' : '无劳动力';
    else labor = chance(0.2) ? '技能劳动力' : chance(0.1) ? '弱劳动力或半劳动力' : '普通劳动力';
    const working = labor === '普通劳动力' || labor === '技能劳动力' || labor === '弱劳动力或半劳动力';
    const education =
      age < 6 ? '学龄前儿童' : age <= 11 ? '小学' : age <= 15 ? '初中' : age <= 18 && school ? '高中' : pick(ADULT_EDUCATION);
    // Insurance: resident 是 (a few employees insured as 职工 instead); never both.
    const asEmployee = working && age >= 18 && chance(0.03);
    return {
      name: surname + givenName(),
      id: newId(age, male),
      relation,
      male,
      age,
      schooling,
      reason,
      education: chance(0.9) ? education : '',
      health,
      labor,
      workMonths: working ? (chance(0.8) ? int(0, 12) : '') : chance(0.5) ? 0 : '',
      resident: yesNo(!asEmployee),
      employee: asEmployee ? yesNo(true) : chance(0.6) ? yesNo(false) : '',
      serious: chance(0.9) ? yesNo(chance(0.97)) : '',
    };
  };

  // Villages per township (15–30 each) and natural villages (自然村) per village.
  const villages = TOWNSHIPS.map(() => {
    const k = int(15, 30);
    const out: string[] = [];
    while (out.length < k) {
      const v = pick(VILLAGE_PREFIX) + pick(VILLAGE_PREFIX) + pick(VILLAGE_SUFFIX);
      const name = v + (v.endsWith('村') ? '' : '村');
      if (!out.includes(name)) out.push(name);
    }
    return out;
  });

  const headers = exportHeaders();
  const width = headers.length;
  const blankRow = () => new Array<Cell>(width).fill('');
  const title1 = blankRow();
  title1[0] = '防止返贫监测对象信息表';
  const title2 = blankRow();
  title2[0] = `导出时间：${REF_YEAR}-12-31`;
  title2[3] = '单位：弥勒市乡村振兴局';
  const sheet: Table = [title1, title2, headers];
  const householdIds: string[] = new Array(n);
  const dirt = new Uint8Array(n);
  const monitoredFlags = new Uint8Array(n);
  const rowHouseholdList: number[] = [-1, -1, -1];
  let serial = 0;
  let flushed = TITLE_ROWS + 1;
  let previousHeadId = '';

  for (let i = 0; i < n; i++) {
    if (i > 0 && i % 4096 === 0) {
      flattenCells(sheet, flushed, sheet.length);
      flushed = sheet.length;
    }
    // Exports come sorted by township: 12 consecutive blocks.
    const t = Math.floor((i * TOWNSHIPS.length) / n);
    const township: string = TOWNSHIPS[t];
    const householdId = `5325041${String(t + 1).padStart(2, '0')}${String(i + 1).padStart(7, '0')}`;
    householdIds[i] = householdId;
    const surname = pick(SURNAMES);

    // Members: head, spouse, children (and a daughter-in-law), grand-children, parents.
    const size = pickSize();
    const headAge = size === 1 ? int(45, 88) : int(24, 80);
    const headMale = chance(0.85);
    const people: Person[] = [person('户主', surname, headAge, headMale, true)];
    if (size >= 2 && chance(0.85)) people.push(person('配偶', pick(SURNAMES), headAge + int(-6, 6), !headMale));
    while (people.length < size) {
      const r = rnd();
      if (headAge > 50 && r < 0.45) {
        const male = chance(0.5);
        const rel = chance(0.03) ? '之孙子、孙女' : male ? (chance(0.95) ? '之孙子' : '孙子') : '之孙女';
        people.push(person(rel, surname, int(0, Math.min(17, headAge - 42)), male));
      } else if (headAge < 55 && r < 0.12) {
        const male = chance(0.5);
        people.push(person(male ? '之父' : '之母', male ? surname : pick(SURNAMES), headAge + int(20, 32), male));
      } else if (headAge > 50 && r < 0.55) {
        people.push(person('之儿媳', pick(SURNAMES), headAge - int(20, 32), false));
      } else {
        const male = chance(0.5);
        const rel = male ? (chance(0.95) ? '之子' : '子') : chance(0.95) ? '之女' : '女';
        people.push(person(rel, surname, headAge - int(20, 40), male));
      }
    }
    const n3 = people.length;
    const workers = people.filter((p) => p.labor === '普通劳动力' || p.labor === '技能劳动力').length;

    // Household facts.
    const householdType = chance(0.6) ? '脱贫户' : chance(0.95) ? '普通农户' : '其他';
    const monitored = chance(monitoredRate);
    let category = '';
    const risks: string[] = [];
    let identified = 0;
    let eliminated = false;
    let method = '';
    let eliminatedMonth = 0;
    if (monitored) {
      category =
        householdType === '脱贫户' ? (chance(0.8) ? '脱贫不稳定户' : '突发严重困难户') : chance(0.8) ? '边缘易致贫户' : '突发严重困难户';
      // Risk types consistent with the members (risk_type_members never fires on clean data).
      const options = [...FREE_RISKS];
      if (people.some((p) => p.health.includes('残疾'))) options.push('因残', '因残', '因残');
      if (people.some((p) => p.health.includes('长期慢性病') || p.health.includes('患有大病')))
        options.push('因病', '因病', '因病', '因病');
      if (people.some((p) => inSchool(p.schooling))) options.push('因学', '因学');
      if (workers <= 0.25 * n3) options.push('缺劳动力', '缺劳动力');
      const k = chance(0.6) ? 1 : chance(0.7) ? 2 : 3;
      while (risks.length < k) {
        const r = pick(options);
        if (!risks.includes(r)) risks.push(r);
      }
      identified = int(2021 * 12 + 1, REF_MONTH - 6);
      if (identified + 6 <= REF_MONTH && chance(0.55)) {
        eliminated = true;
        method = chance(0.8) ? '帮扶消除' : '自然消除';
        eliminatedMonth = Math.min(REF_MONTH, identified + int(6, 30));
      }
    }
    // Income per person: eliminated (帮扶) at or above the line; monitored not eliminated
    // mostly below 2 × line; the others mostly above the line.
    let perCapita: number;
    if (eliminated) perCapita = int(MONITORING_LINE + 200, 16_000);
    else if (monitored) perCapita = chance(0.97) ? int(4_000, 13_500) : int(14_500, 20_000);
    else perCapita = chance(0.97) ? Math.round(8_000 + 22_000 * Math.pow(rnd(), 1.4)) : int(5_000, 6_900);
    const problemOk = eliminated || chance(0.995);
    const unsafeHousing = problemOk ? false : chance(0.5);
    const waterSolved = problemOk ? true : !unsafeHousing;

    // The four income parts (90 % of households), consistent with per-capita income.
    let parts: [number, number, number, number] | null = null;
    let expense: number | null = null;
    if (chance(0.9)) {
      const net = perCapita * n3;
      expense = chance(0.7) ? Math.round(net * 0.1 * rnd()) : null;
      const total = net + (expense ?? 0);
      const transfer = Math.round(total * (chance(0.2) ? 0.5 + 0.3 * rnd() : 0.05 + 0.3 * rnd()));
      const property = chance(0.2) ? Math.round(total * 0.05 * rnd()) : 0;
      const production = Math.round((total - transfer - property) * 0.5 * rnd());
      const wage = total - transfer - property - production;
      parts = [wage, production, property, transfer];
      perCapita = Math.round((total - (expense ?? 0)) / n3);
    }
    const dibao = householdType !== '普通农户' && chance(0.2);
    const tekun = !dibao && n3 === 1 && chance(0.3);

    // Household cells, shared by every member's row.
    const hh = blankRow();
    hh[COL.township] = township;
    hh[COL.village] = pick(villages[t]);
    hh[COL.natural_village] = chance(0.8) ? pick(VILLAGE_PREFIX) + pick(VILLAGE_SUFFIX) : '';
    hh[COL.household_id] = householdId;
    hh[COL.household_size] = chance(0.9) ? n3 : chance(0.5) ? String(n3) : '';
    hh[COL.household_type] = householdType;
    hh[COL.monitoring_category] = category;
    for (let k = 0; k < risks.length; k++) hh[COL.risk_1 + k] = risks[k];
    if (monitored) {
      hh[COL.identified_month] = monthCell(identified);
      hh[COL.risk_eliminated] = yesNo(eliminated);
    }
    if (eliminated) {
      hh[COL.elimination_method] = method;
      hh[COL.eliminated_month] = monthCell(eliminatedMonth);
    }
    hh[COL.unsafe_housing] = yesNo(unsafeHousing);
    hh[COL.water_solved] = yesNo(waterSolved);
    hh[COL.dropout_flag] = chance(0.85) ? yesNo(false) : '';
    hh[COL.per_capita_income] = money(perCapita);
    if (parts) {
      hh[COL.wage_income] = money(parts[0]);
      hh[COL.production_income] = money(parts[1]);
      hh[COL.property_income] = money(parts[2]);
      hh[COL.transfer_income] = money(parts[3]);
      if (expense !== null) hh[COL.production_expense] = money(expense);
    }
    hh[COL.dibao] = yesNo(dibao);
    hh[COL.tekun] = chance(0.9) ? yesNo(tekun) : '';
    hh[COL['-户主姓名']] = people[0].name;

    // Person rows.
    const headOnly = chance(0.1); // household columns on the 户主 row only
    const phone = `1${pick(['3', '5', '8', '9', '7'])}${String(int(0, 999_999_999)).padStart(9, '0')}`;
    const phoneCell: Cell = chance(0.6) ? phone : chance(0.5) ? Number(phone) : `${phone}.0`;
    const start = sheet.length;
    for (let k = 0; k < n3; k++) {
      const p = people[k];
      const row = k === 0 || !headOnly ? hh.slice() : keepAlwaysRepeated(hh, blankRow());
      row[0] = ++serial;
      row[COL.person_no] = `${householdId}${String(k + 1).padStart(2, '0')}`;
      row[COL.name] = p.name;
      row[COL.id_number] = p.health.includes('残疾') && chance(0.3) ? `${p.id}${int(1, 7)}${int(1, 4)}` : p.id;
      row[COL.relation] = p.relation;
      row[COL.gender] = chance(0.97) ? (p.male ? '男' : '女') : p.male ? '1' : 2;
      row[COL.schooling] = p.schooling;
      row[COL.out_of_school_reason] = p.reason;
      row[COL.education] = p.education;
      row[COL.health] = p.health;
      row[COL.labor] = p.labor;
      row[COL.work_months] = p.workMonths;
      row[COL.medical_resident] = p.resident;
      row[COL.medical_employee] = p.employee;
      row[COL.serious_illness] = p.serious;
      row[COL.phone] = k === 0 || chance(0.3) ? phoneCell : '';
      row[COL['-备注']] = '';
      sheet.push(row);
      rowHouseholdList.push(i);
    }

    // One dirty value for a few percent of households.
    if (chance(dirtyRate)) {
      let kind: ExportDirtKind = EXPORT_DIRT_KINDS[Math.floor(rnd() * EXPORT_DIRT_KINDS.length)];
      const rows = sheet.slice(start, start + n3);
      const monitoredOnly = kind === 'bad_month' || kind === 'monitored_missing' || kind === 'elimination_order';
      if (monitoredOnly && !monitored) kind = 'bad_enum';
      if ((kind === 'elimination_too_soon' || kind === 'eliminated_below_line') && !eliminated) kind = 'text_in_number';
      if ((kind === 'value_conflict' || kind === 'two_heads' || kind === 'gender_mismatch') && n3 < 2) kind = 'size_mismatch';
      if (kind === 'duplicate_id' && i === 0) kind = 'missing_name';
      const setHousehold = (col: number, cell: Cell) => {
        for (const row of rows) if (row === rows[0] || !headOnly || ALWAYS_REPEATED.has(col)) row[col] = cell;
      };
      switch (kind) {
        case 'bad_check_digit': {
          const row = pick(rows);
          const id = String(row[COL.id_number]);
          const right = id[17];
          row[COL.id_number] = id.slice(0, 17) + '10X98765432'[('10X98765432'.indexOf(right) + 1) % 11] + id.slice(18);
          break;
        }
        case 'bad_month':
          setHousehold(COL.identified_month, chance(0.5) ? 202313 : '2023-13');
          break;
        case 'value_conflict':
          rows[1 + int(0, n3 - 2)][COL.village] = pick(villages[t].filter((v) => v !== hh[COL.village]));
          break;
        case 'monitored_missing':
          for (let k = 0; k < 5; k++) setHousehold(COL.risk_1 + k, '');
          break;
        case 'elimination_order': {
          const ym = identified - int(1, 5);
          setHousehold(COL.risk_eliminated, '是');
          setHousehold(COL.elimination_method, '自然消除');
          setHousehold(COL.eliminated_month, monthCell(ym));
          break;
        }
        case 'elimination_too_soon': {
          const at = Math.max(identified, 2022 * 12 + 4);
          setHousehold(COL.elimination_method, '帮扶消除');
          setHousehold(COL.identified_month, monthCell(at));
          setHousehold(COL.eliminated_month, monthCell(at + int(0, 5)));
          break;
        }
        case 'bad_enum':
          setHousehold(COL.household_type, '贫困户');
          break;
        case 'text_in_number':
          setHousehold(COL.per_capita_income, '不详');
          break;
        case 'size_mismatch':
          setHousehold(COL.household_size, n3 + 1);
          break;
        case 'no_head':
          rows[0][COL.relation] = '其他';
          break;
        case 'two_heads':
          rows[1 + int(0, n3 - 2)][COL.relation] = '户主';
          break;
        case 'gender_mismatch': {
          const row = rows[1 + int(0, n3 - 2)];
          const male = Number(String(row[COL.id_number])[16]) % 2 === 1;
          row[COL.gender] = male ? '女' : '男';
          break;
        }
        case 'duplicate_id':
          rows[n3 - 1][COL.id_number] = previousHeadId;
          dirt[i - 1] = dirt[i - 1] || 1 + EXPORT_DIRT_KINDS.indexOf('duplicate_id');
          break;
        case 'unknown_township':
          setHousehold(COL.township, pick(UNKNOWN_TOWNSHIPS));
          break;
        case 'eliminated_below_line':
          setHousehold(COL.elimination_method, '帮扶消除');
          setHousehold(COL.per_capita_income, int(3_000, MONITORING_LINE - 500));
          for (let k = COL.wage_income; k <= COL.production_expense; k++) setHousehold(k, '');
          break;
        case 'missing_name':
          pick(rows)[COL.name] = chance(0.5) ? '' : '  ';
          break;
      }
      dirt[i] = 1 + EXPORT_DIRT_KINDS.indexOf(kind);
    }
    monitoredFlags[i] = monitored ? 1 : 0;
    // The head's ID cell as written (a dirty one included), for the next household's duplicate.
    previousHeadId = String(sheet[start][COL.id_number]);
  }
  flattenCells(sheet, flushed, sheet.length);
  // Title and header rows through JSON too, like every other cell.
  flattenCells(sheet, 0, TITLE_ROWS + 1);
  return {
    sheet,
    households: n,
    persons: sheet.length - TITLE_ROWS - 1,
    householdIds,
    dirt,
    monitored: monitoredFlags,
    rowHousehold: Int32Array.from(rowHouseholdList),
  };
}

function keepAlwaysRepeated(from: Cell[], to: Cell[]): Cell[] {
  for (const c of ALWAYS_REPEATED) to[c] = from[c];
  return to;
}

/**
 * Re-create rows [start, end) through JSON, as Office.js hands values over: flat strings, no
 * V8 cons strings or shared cell arrays (see roster.ts).
 */
function flattenCells(table: Table, start: number, end: number): void {
  const copy = JSON.parse(JSON.stringify(table.slice(start, end))) as Cell[][];
  for (let r = start; r < end; r++) table[r] = copy[r - start];
}

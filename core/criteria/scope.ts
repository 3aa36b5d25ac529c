import {
  LogicError,
  type CompileContext,
  type CustomOperator,
  type Evaluator,
  type LogicScope,
  type Comparison,
  type MemberTest,
  type NumberTest,
  type Value,
} from '../logic/index';
import { MISSING, TYPE } from '../parse/index';
import {
  type EvaluationState,
  FLAG_ALL,
  FLAG_ELIGIBLE,
  FLAG_ERROR,
  FLAG_HARD,
  FLAG_ROWS_ERROR,
  FLAG_ROWS_WARNING,
  FLAG_WARNING,
  IND_NULL,
  IND_TRUE,
} from '../state/index';
import type { FieldDef } from './schema';

/**
 * The names a condition may use, household by household or member by member. Field values
 * come out of the parsed columns: a value that is missing or failed to parse reads as null
 * ("unknown"), which the three-valued logic carries through.
 */

export interface ScopeFacts {
  fields: readonly FieldDef[];
  fieldIndex: ReadonlyMap<string, number>;
  /** Constant parameters (folded at compile time). */
  params: Readonly<Record<string, number | string | null>>;
  indicatorIndex: ReadonlyMap<string, number>;
  ruleIndex: ReadonlyMap<string, number>;
  relationField: number;
  /** Position of the head value (户主) in the relation field's values. */
  headCode: number;
}

/** What a condition in a given place may read beyond the fields. */
export interface Phase {
  indicators: boolean;
  outcomes: boolean;
}

type Ev = Evaluator<EvaluationState>;

/**
 * Marks a member condition that is "this enum field's code is in `mask`", so an aggregate over
 * a household's members can test the column directly instead of calling the closure per member.
 */
interface CodeTest {
  codeTest: { field: number; mask: Uint8Array };
}

const NUMERIC = new Set(['integer', 'number', 'month']);

export function fieldReader(def: FieldDef, k: number, person: boolean): Ev {
  if (def.type === 'bool') {
    return person
      ? (state, i) => (state.memberColumns[k].status[i] === 0 ? state.memberColumns[k].numbers[i] === 1 : null)
      : (state, i) => (state.householdColumns[k].status[i] === 0 ? state.householdColumns[k].numbers[i] === 1 : null);
  }
  if (def.type === 'enum') {
    const values = def.values ?? [];
    const reader: Ev & MemberTest<EvaluationState> = person
      ? (state, i) => (state.memberColumns[k].status[i] === 0 ? values[state.memberColumns[k].numbers[i]] : null)
      : (state, i) => (state.householdColumns[k].status[i] === 0 ? values[state.householdColumns[k].numbers[i]] : null);
    // Comparisons with constants test the code against a mask instead of comparing strings.
    reader.member = (wanted) => {
      const mask = new Uint8Array(values.length);
      for (const w of wanted) if (typeof w === 'string' && values.includes(w)) mask[values.indexOf(w)] = 1;
      if (!person)
        return (state, i) => (state.householdColumns[k].status[i] === 0 ? mask[state.householdColumns[k].numbers[i]] === 1 : null);
      const test: Ev & Partial<CodeTest> = (state, i) =>
        state.memberColumns[k].status[i] === 0 ? mask[state.memberColumns[k].numbers[i]] === 1 : null;
      test.codeTest = { field: k, mask };
      return test;
    };
    return reader;
  }
  if (NUMERIC.has(def.type) || def.type === 'enum_set') return numberReader(k, person);
  return person
    ? (state, i) => (state.memberColumns[k].status[i] === 0 ? state.memberColumns[k].texts[i] : null)
    : (state, i) => (state.householdColumns[k].status[i] === 0 ? state.householdColumns[k].texts[i] : null);
}

/** Marks a number field's reader, so a comparison with another one can read both columns itself. */
interface NumberField {
  numberField: { person: boolean; field: number };
}

/** A number field's value or null, with comparisons fused into the read (NumberTest). */
function numberReader(k: number, person: boolean): Ev {
  const level = person ? 'memberColumns' : 'householdColumns';
  const reader: Ev & NumberTest<EvaluationState> & NumberField = Object.assign(
    person
      ? (state: EvaluationState, i: number) => (state.memberColumns[k].status[i] === 0 ? state.memberColumns[k].numbers[i] : null)
      : (state: EvaluationState, i: number) => (state.householdColumns[k].status[i] === 0 ? state.householdColumns[k].numbers[i] : null),
    { numberField: { person, field: k } },
  );
  reader.compare = (op, c) => compareConstant(level, k, op, c);
  reader.compareWith = (op, other) => {
    const o = (other as Partial<NumberField>).numberField;
    return o && o.person === person ? compareFields(level, k, o.field, op) : null;
  };
  return reader;
}

function compareConstant(level: 'memberColumns' | 'householdColumns', k: number, op: Comparison, c: number): Ev {
  switch (op) {
    case '<':
      return (state, i) => (state[level][k].status[i] === 0 ? state[level][k].numbers[i] < c : null);
    case '<=':
      return (state, i) => (state[level][k].status[i] === 0 ? state[level][k].numbers[i] <= c : null);
    case '>':
      return (state, i) => (state[level][k].status[i] === 0 ? state[level][k].numbers[i] > c : null);
    case '>=':
      return (state, i) => (state[level][k].status[i] === 0 ? state[level][k].numbers[i] >= c : null);
    case '==':
      return (state, i) => (state[level][k].status[i] === 0 ? state[level][k].numbers[i] === c : null);
    case '!=':
      return (state, i) => (state[level][k].status[i] === 0 ? state[level][k].numbers[i] !== c : null);
  }
}

function compareFields(level: 'memberColumns' | 'householdColumns', a: number, b: number, op: Comparison): Ev {
  const both = (state: EvaluationState, i: number) => state[level][a].status[i] === 0 && state[level][b].status[i] === 0;
  switch (op) {
    case '<':
      return (state, i) => (both(state, i) ? state[level][a].numbers[i] < state[level][b].numbers[i] : null);
    case '<=':
      return (state, i) => (both(state, i) ? state[level][a].numbers[i] <= state[level][b].numbers[i] : null);
    case '>':
      return (state, i) => (both(state, i) ? state[level][a].numbers[i] > state[level][b].numbers[i] : null);
    case '>=':
      return (state, i) => (both(state, i) ? state[level][a].numbers[i] >= state[level][b].numbers[i] : null);
    case '==':
      return (state, i) => (both(state, i) ? state[level][a].numbers[i] === state[level][b].numbers[i] : null);
    case '!=':
      return (state, i) => (both(state, i) ? state[level][a].numbers[i] !== state[level][b].numbers[i] : null);
  }
}

/** A member's age in completed years, or null; comparisons with a constant read it directly. */
const ageReader: Ev & NumberTest<EvaluationState> = Object.assign(
  (state: EvaluationState, m: number) => (state.age[m] >= 0 ? state.age[m] : null),
  {
    compare: (op: Comparison, c: number): Ev => {
      switch (op) {
        case '<':
          return (state, m) => (state.age[m] >= 0 ? state.age[m] < c : null);
        case '<=':
          return (state, m) => (state.age[m] >= 0 ? state.age[m] <= c : null);
        case '>':
          return (state, m) => (state.age[m] >= 0 ? state.age[m] > c : null);
        case '>=':
          return (state, m) => (state.age[m] >= 0 ? state.age[m] >= c : null);
        case '==':
          return (state, m) => (state.age[m] >= 0 ? state.age[m] === c : null);
        case '!=':
          return (state, m) => (state.age[m] >= 0 ? state.age[m] !== c : null);
      }
    },
  },
);

function paramReader(facts: ScopeFacts, name: string): Ev | null {
  // Derived from the roster's reference date, so read per evaluation.
  if (name === 'reference_month') return (state) => state.refMonth;
  if (name === 'reference_year') return (state) => state.refYear;
  if (!(name in facts.params)) return null;
  const v = facts.params[name];
  return () => v;
}

function fieldArg(args: unknown[], ctx: { path: string }, facts: ScopeFacts, level: 'household' | 'person'): number {
  const name = args[0];
  const k = typeof name === 'string' ? facts.fieldIndex.get(name) : undefined;
  if (k === undefined || facts.fields[k].level !== level) {
    throw new LogicError(
      `${ctx.path}[0]`,
      `未知的${level === 'household' ? '户' : '成员'}字段 ${JSON.stringify(name)}`,
      `unknown ${level} field ${JSON.stringify(name)}`,
    );
  }
  return k;
}

function ruleArg(args: unknown[], ctx: { path: string }, facts: ScopeFacts): number {
  const r = typeof args[0] === 'string' ? facts.ruleIndex.get(args[0]) : undefined;
  if (r === undefined)
    throw new LogicError(`${ctx.path}[0]`, `未知的规则 ${JSON.stringify(args[0])}`, `unknown rule ${JSON.stringify(args[0])}`);
  return r;
}

/**
 * and / or where only "certainly true" matters (rules fire, outcomes count only on true): they
 * stop at the first operand that settles it, where Kleene logic would go on to tell false from
 * unknown. `truthOnly` in compile.ts rewrites rule conditions to use them.
 */
function truthOps(scopeRef: { current: LogicScope<EvaluationState> | null }): Record<string, CustomOperator<EvaluationState>> {
  // An operand counts when truthy, as in and/or: a number or text operand is not `true` itself.
  const operands = (args: unknown[], ctx: { compile: CompileContext['compile']; path: string }) =>
    args.map((a, k) => ctx.compile(a, scopeRef.current!, `${ctx.path}[${k}]`));
  return {
    all_true: (args, ctx) => {
      const fs = operands(args, ctx);
      if (fs.length === 2) {
        const [a, b] = fs;
        return (state, i) => !!a(state, i) && !!b(state, i);
      }
      return (state, i) => {
        for (let k = 0; k < fs.length; k++) if (!fs[k](state, i)) return false;
        return true;
      };
    },
    any_true: (args, ctx) => {
      const fs = operands(args, ctx);
      if (fs.length === 2) {
        const [a, b] = fs;
        return (state, i) => !!a(state, i) || !!b(state, i);
      }
      return (state, i) => {
        for (let k = 0; k < fs.length; k++) if (fs[k](state, i)) return true;
        return false;
      };
    },
  };
}

function statusOps(
  facts: ScopeFacts,
  level: 'household' | 'person',
  scopeRef: { current: LogicScope<EvaluationState> | null },
): Record<string, CustomOperator<EvaluationState>> {
  const person = level === 'person';
  return {
    ...truthOps(scopeRef),
    /** The cell is empty (and the field has no default). */
    missing: (args, ctx) => {
      const k = fieldArg(args, ctx, facts, level);
      return person
        ? (state, i) => state.memberColumns[k].status[i] === MISSING
        : (state, i) => state.householdColumns[k].status[i] === MISSING;
    },
    /** The cell has a value that failed to parse or is out of range. */
    invalid: (args, ctx) => {
      const k = fieldArg(args, ctx, facts, level);
      return person ? (state, i) => state.memberColumns[k].status[i] >= TYPE : (state, i) => state.householdColumns[k].status[i] >= TYPE;
    },
    /** An enum_set field contains a value: {"includes": ["health", "残疾"]}. */
    includes: (args, ctx) => {
      const k = fieldArg(args, ctx, facts, level);
      const def = facts.fields[k];
      const bit = def.type === 'enum_set' ? (def.values ?? []).indexOf(String(args[1])) : -1;
      if (bit < 0)
        throw new LogicError(
          `${ctx.path}[1]`,
          `${def.key} 不含取值 ${JSON.stringify(args[1])}`,
          `${def.key} has no value ${JSON.stringify(args[1])}`,
        );
      const mask = 2 ** bit;
      const col = person ? 'memberColumns' : 'householdColumns';
      return (state, i) => {
        const c = state[col][k];
        return c.status[i] === 0 ? Math.floor(c.numbers[i] / mask) % 2 === 1 : null;
      };
    },
    /** Text matches a regular expression given in the document: {"matches": [{"var": "phone"}, "^1[3-9][0-9]{9}$"]}. */
    matches: (args, ctx) => {
      let re: RegExp;
      try {
        re = new RegExp(String(args[1]), 'u');
      } catch {
        throw new LogicError(`${ctx.path}[1]`, `正则表达式无效：${String(args[1])}`, `invalid regular expression: ${String(args[1])}`);
      }
      const value = ctx.compile(args[0], scopeRef.current!, `${ctx.path}[0]`);
      return (state, i) => {
        const v = value(state, i);
        return v === null ? null : re.test(String(v));
      };
    },
    /** A YYYYMM literal as a month index (year*12+month), so months compare and subtract. */
    month: (args, ctx) => {
      const v = args[0];
      if (typeof v !== 'number' || !Number.isInteger(v) || v % 100 < 1 || v % 100 > 12) {
        throw new LogicError(`${ctx.path}[0]`, '月份应为YYYYMM格式的数字', 'a month must be a YYYYMM number');
      }
      const m = Math.floor(v / 100) * 12 + (v % 100);
      return () => m;
    },
  };
}

/** The first member whose relation is the head value (户主), or -1. */
function headMember(state: EvaluationState, h: number, relation: number, head: number): number {
  const rel = state.memberColumns[relation];
  for (let p = state.memberStart[h], end = state.memberStart[h + 1]; p < end; p++) {
    const m = state.memberList[p];
    if (rel.status[m] === 0 && rel.numbers[m] === head) return m;
  }
  return -1;
}

export function personScope(facts: ScopeFacts, phase: Phase): LogicScope<EvaluationState> {
  const hh = householdScope(facts, phase);
  const self: { current: LogicScope<EvaluationState> | null } = { current: null };
  const scope: LogicScope<EvaluationState> = {
    resolveVar(name) {
      const k = facts.fieldIndex.get(name);
      if (k !== undefined && facts.fields[k].level === 'person') return fieldReader(facts.fields[k], k, true);
      if (name.startsWith('param.')) return paramReader(facts, name.slice(6));
      if (name.startsWith('hh.')) {
        const inner = hh.resolveVar(name.slice(3), '');
        if (!inner) return null;
        return (state, m) => {
          const h = state.householdOfMember[m];
          return h < 0 ? null : inner(state, h);
        };
      }
      if (name === 'has_error') return (state, m) => (state.memberFlags[m] & FLAG_ERROR) !== 0;
      if (name === 'has_warning') return (state, m) => (state.memberFlags[m] & FLAG_WARNING) !== 0;
      return null;
    },
    operators: {
      ...statusOps(facts, 'person', self),
      age: () => ageReader,
      /** A field of the household's head row (its first 户主 member): {"head_member": "gender"}. */
      head_member: (args, ctx) => {
        const k = fieldArg(args, ctx, facts, 'person');
        const read = fieldReader(facts.fields[k], k, true);
        return (state, m) => {
          const h = state.householdOfMember[m];
          if (h < 0) return null;
          const head = headMember(state, h, facts.relationField, facts.headCode);
          return head < 0 ? null : read(state, head);
        };
      },
      is_head: () => (state, m) => {
        const rel = state.memberColumns[facts.relationField];
        return rel.status[m] === 0 ? rel.numbers[m] === facts.headCode : null;
      },
      issue: (args, ctx) => {
        const r = ruleArg(args, ctx, facts);
        const word = r >>> 5;
        const bit = 1 << (r & 31);
        return (state, m) => (state.memberRules[m * state.words + word] & bit) !== 0;
      },
    },
  };
  self.current = scope;
  return scope;
}

/** A household flag (has_error, eligible …) as a condition. */
function householdFlag(f: number): Ev {
  return (state, i) => (state.householdFlags[i] & f) !== 0;
}

export function householdScope(facts: ScopeFacts, phase: Phase): LogicScope<EvaluationState> {
  const flag = (f: number): Ev => householdFlag(f);
  let members: LogicScope<EvaluationState> | null = null;
  const memberScope = () => (members ??= personScope(facts, phase));

  const aggregate =
    (combine: 'count' | 'some' | 'none' | 'all'): CustomOperator<EvaluationState> =>
    (args, ctx) => {
      const cond = ctx.compile(args[0], memberScope(), `${ctx.path}[0]`);
      // Without a linked member list the members are unknown, not absent.
      const direct = (cond as Partial<CodeTest>).codeTest;
      if (combine === 'count' && direct) {
        const { field, mask } = direct;
        return (state, h) => {
          if (state.linked[h] === 0) return null;
          const col = state.memberColumns[field];
          let n = 0;
          for (let p = state.memberStart[h], end = state.memberStart[h + 1]; p < end; p++) {
            const m = state.memberList[p];
            if (col.status[m] === 0 && mask[col.numbers[m]] === 1) n++;
          }
          return n;
        };
      }
      if (combine === 'count') {
        return (state, h) => {
          if (state.linked[h] === 0) return null;
          let n = 0;
          for (let p = state.memberStart[h], end = state.memberStart[h + 1]; p < end; p++)
            if (cond(state, state.memberList[p]) === true) n++;
          return n;
        };
      }
      // Kleene: some = true if any true, else null if any unknown; none/all derive from it.
      const want = combine === 'all' ? false : true;
      return (state, h) => {
        if (state.linked[h] === 0) return null;
        let unknown = false;
        for (let p = state.memberStart[h], end = state.memberStart[h + 1]; p < end; p++) {
          const v = cond(state, state.memberList[p]);
          if (v === null) unknown = true;
          else if ((v === true) === want) return combine === 'some' ? true : false;
        }
        if (unknown) return null;
        return combine !== 'some';
      };
    };

  const self: { current: LogicScope<EvaluationState> | null } = { current: null };
  const scope: LogicScope<EvaluationState> = {
    resolveVar(name) {
      const k = facts.fieldIndex.get(name);
      if (k !== undefined && facts.fields[k].level === 'household') return fieldReader(facts.fields[k], k, false);
      if (name.startsWith('param.')) return paramReader(facts, name.slice(6));
      if (phase.indicators && name.startsWith('indicator.')) {
        const j = facts.indicatorIndex.get(name.slice(10));
        if (j === undefined) return null;
        return (state, i) => {
          const v = state.indicatorValues[i * state.indicatorCount + j];
          return v === IND_NULL ? null : v === IND_TRUE;
        };
      }
      if (phase.indicators) {
        if (name === 'hard_all_true') return flag(FLAG_HARD);
        if (name === 'all_true') return flag(FLAG_ALL);
        if (name === 'score') return (state, i) => state.score[i];
      }
      if (phase.outcomes) {
        if (name === 'eligible') return flag(FLAG_ELIGIBLE);
        if (name === 'has_error') return flag(FLAG_ERROR);
        if (name === 'has_warning') return flag(FLAG_WARNING);
        if (name === 'rows_have_error') return flag(FLAG_ROWS_ERROR);
        if (name === 'rows_have_warning') return flag(FLAG_ROWS_WARNING);
        if (name === 'risk_level') return (state, i) => state.risk[i];
      }
      if (name === 'persons') return (state, i) => (Number.isNaN(state.persons[i]) ? null : state.persons[i]);
      return null;
    },
    operators: {
      ...statusOps(facts, 'household', self),
      /** The household's member list is checked: member sheet present, 户编号 valid and first. */
      has_members: () => (state, h) => state.linked[h] === 1,
      members: () => (state, h) => (state.linked[h] === 0 ? null : state.memberStart[h + 1] - state.memberStart[h]),
      count: aggregate('count'),
      some: aggregate('some'),
      none: aggregate('none'),
      all: aggregate('all'),
      head_member: (args, ctx) => {
        const k = fieldArg(args, ctx, facts, 'person');
        const read = fieldReader(facts.fields[k], k, true);
        return (state, h) => {
          const head = headMember(state, h, facts.relationField, facts.headCode);
          return head < 0 ? null : read(state, head);
        };
      },
      issue: (args, ctx) => {
        const r = ruleArg(args, ctx, facts);
        const word = r >>> 5;
        const bit = 1 << (r & 31);
        return (state, h) => (state.householdRules[h * state.words + word] & bit) !== 0;
      },
      member_issue: (args, ctx) => {
        const r = ruleArg(args, ctx, facts);
        const word = r >>> 5;
        const bit = 1 << (r & 31);
        return (state, h) => {
          if (state.linked[h] === 0) return null;
          for (let p = state.memberStart[h], end = state.memberStart[h + 1]; p < end; p++) {
            if ((state.memberRules[state.memberList[p] * state.words + word] & bit) !== 0) return true;
          }
          return false;
        };
      },
    },
  };
  self.current = scope;
  return scope;
}

export type { Value };

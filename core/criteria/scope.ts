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
  type Env,
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

type Ev = Evaluator<Env>;

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
      ? (env, i) => (env.mem[k].st[i] === 0 ? env.mem[k].num[i] === 1 : null)
      : (env, i) => (env.hh[k].st[i] === 0 ? env.hh[k].num[i] === 1 : null);
  }
  if (def.type === 'enum') {
    const values = def.values ?? [];
    const reader: Ev & MemberTest<Env> = person
      ? (env, i) => (env.mem[k].st[i] === 0 ? values[env.mem[k].num[i]] : null)
      : (env, i) => (env.hh[k].st[i] === 0 ? values[env.hh[k].num[i]] : null);
    // Comparisons with constants test the code against a mask instead of comparing strings.
    reader.member = (wanted) => {
      const mask = new Uint8Array(values.length);
      for (const w of wanted) if (typeof w === 'string' && values.includes(w)) mask[values.indexOf(w)] = 1;
      if (!person) return (env, i) => (env.hh[k].st[i] === 0 ? mask[env.hh[k].num[i]] === 1 : null);
      const test: Ev & Partial<CodeTest> = (env, i) => (env.mem[k].st[i] === 0 ? mask[env.mem[k].num[i]] === 1 : null);
      test.codeTest = { field: k, mask };
      return test;
    };
    return reader;
  }
  if (NUMERIC.has(def.type) || def.type === 'enum_set') return numberReader(k, person);
  return person
    ? (env, i) => (env.mem[k].st[i] === 0 ? env.mem[k].str[i] : null)
    : (env, i) => (env.hh[k].st[i] === 0 ? env.hh[k].str[i] : null);
}

/** Marks a number field's reader, so a comparison with another one can read both columns itself. */
interface NumberField {
  numberField: { person: boolean; field: number };
}

/** A number field's value or null, with comparisons fused into the read (NumberTest). */
function numberReader(k: number, person: boolean): Ev {
  const level = person ? 'mem' : 'hh';
  const reader: Ev & NumberTest<Env> & NumberField = Object.assign(
    person
      ? (env: Env, i: number) => (env.mem[k].st[i] === 0 ? env.mem[k].num[i] : null)
      : (env: Env, i: number) => (env.hh[k].st[i] === 0 ? env.hh[k].num[i] : null),
    { numberField: { person, field: k } },
  );
  reader.compare = (op, c) => compareConstant(level, k, op, c);
  reader.compareWith = (op, other) => {
    const o = (other as Partial<NumberField>).numberField;
    return o && o.person === person ? compareFields(level, k, o.field, op) : null;
  };
  return reader;
}

function compareConstant(level: 'mem' | 'hh', k: number, op: Comparison, c: number): Ev {
  switch (op) {
    case '<':
      return (env, i) => (env[level][k].st[i] === 0 ? env[level][k].num[i] < c : null);
    case '<=':
      return (env, i) => (env[level][k].st[i] === 0 ? env[level][k].num[i] <= c : null);
    case '>':
      return (env, i) => (env[level][k].st[i] === 0 ? env[level][k].num[i] > c : null);
    case '>=':
      return (env, i) => (env[level][k].st[i] === 0 ? env[level][k].num[i] >= c : null);
    case '==':
      return (env, i) => (env[level][k].st[i] === 0 ? env[level][k].num[i] === c : null);
    case '!=':
      return (env, i) => (env[level][k].st[i] === 0 ? env[level][k].num[i] !== c : null);
  }
}

function compareFields(level: 'mem' | 'hh', a: number, b: number, op: Comparison): Ev {
  const both = (env: Env, i: number) => env[level][a].st[i] === 0 && env[level][b].st[i] === 0;
  switch (op) {
    case '<':
      return (env, i) => (both(env, i) ? env[level][a].num[i] < env[level][b].num[i] : null);
    case '<=':
      return (env, i) => (both(env, i) ? env[level][a].num[i] <= env[level][b].num[i] : null);
    case '>':
      return (env, i) => (both(env, i) ? env[level][a].num[i] > env[level][b].num[i] : null);
    case '>=':
      return (env, i) => (both(env, i) ? env[level][a].num[i] >= env[level][b].num[i] : null);
    case '==':
      return (env, i) => (both(env, i) ? env[level][a].num[i] === env[level][b].num[i] : null);
    case '!=':
      return (env, i) => (both(env, i) ? env[level][a].num[i] !== env[level][b].num[i] : null);
  }
}

/** A member's age in completed years, or null; comparisons with a constant read it directly. */
const ageReader: Ev & NumberTest<Env> = Object.assign((env: Env, m: number) => (env.age[m] >= 0 ? env.age[m] : null), {
  compare: (op: Comparison, c: number): Ev => {
    switch (op) {
      case '<':
        return (env, m) => (env.age[m] >= 0 ? env.age[m] < c : null);
      case '<=':
        return (env, m) => (env.age[m] >= 0 ? env.age[m] <= c : null);
      case '>':
        return (env, m) => (env.age[m] >= 0 ? env.age[m] > c : null);
      case '>=':
        return (env, m) => (env.age[m] >= 0 ? env.age[m] >= c : null);
      case '==':
        return (env, m) => (env.age[m] >= 0 ? env.age[m] === c : null);
      case '!=':
        return (env, m) => (env.age[m] >= 0 ? env.age[m] !== c : null);
    }
  },
});

function paramReader(facts: ScopeFacts, name: string): Ev | null {
  // Derived from the roster's reference date, so read per evaluation.
  if (name === 'reference_month') return (env) => env.refMonth;
  if (name === 'reference_year') return (env) => env.refYear;
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
function truthOps(scopeRef: { current: LogicScope<Env> | null }): Record<string, CustomOperator<Env>> {
  // An operand counts when truthy, as in and/or: a number or text operand is not `true` itself.
  const operands = (args: unknown[], ctx: { compile: CompileContext['compile']; path: string }) =>
    args.map((a, k) => ctx.compile(a, scopeRef.current!, `${ctx.path}[${k}]`));
  return {
    all_true: (args, ctx) => {
      const fs = operands(args, ctx);
      if (fs.length === 2) {
        const [a, b] = fs;
        return (env, i) => !!a(env, i) && !!b(env, i);
      }
      return (env, i) => {
        for (let k = 0; k < fs.length; k++) if (!fs[k](env, i)) return false;
        return true;
      };
    },
    any_true: (args, ctx) => {
      const fs = operands(args, ctx);
      if (fs.length === 2) {
        const [a, b] = fs;
        return (env, i) => !!a(env, i) || !!b(env, i);
      }
      return (env, i) => {
        for (let k = 0; k < fs.length; k++) if (fs[k](env, i)) return true;
        return false;
      };
    },
  };
}

function statusOps(
  facts: ScopeFacts,
  level: 'household' | 'person',
  scopeRef: { current: LogicScope<Env> | null },
): Record<string, CustomOperator<Env>> {
  const person = level === 'person';
  return {
    ...truthOps(scopeRef),
    /** The cell is empty (and the field has no default). */
    missing: (args, ctx) => {
      const k = fieldArg(args, ctx, facts, level);
      return person ? (env, i) => env.mem[k].st[i] === MISSING : (env, i) => env.hh[k].st[i] === MISSING;
    },
    /** The cell has a value that failed to parse or is out of range. */
    invalid: (args, ctx) => {
      const k = fieldArg(args, ctx, facts, level);
      return person ? (env, i) => env.mem[k].st[i] >= TYPE : (env, i) => env.hh[k].st[i] >= TYPE;
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
      const col = person ? 'mem' : 'hh';
      return (env, i) => {
        const c = env[col][k];
        return c.st[i] === 0 ? Math.floor(c.num[i] / mask) % 2 === 1 : null;
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
      return (env, i) => {
        const v = value(env, i);
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
function headMember(env: Env, h: number, relation: number, head: number): number {
  const rel = env.mem[relation];
  for (let p = env.memStart[h], end = env.memStart[h + 1]; p < end; p++) {
    const m = env.memList[p];
    if (rel.st[m] === 0 && rel.num[m] === head) return m;
  }
  return -1;
}

export function personScope(facts: ScopeFacts, phase: Phase): LogicScope<Env> {
  const hh = householdScope(facts, phase);
  const self: { current: LogicScope<Env> | null } = { current: null };
  const scope: LogicScope<Env> = {
    resolveVar(name) {
      const k = facts.fieldIndex.get(name);
      if (k !== undefined && facts.fields[k].level === 'person') return fieldReader(facts.fields[k], k, true);
      if (name.startsWith('param.')) return paramReader(facts, name.slice(6));
      if (name.startsWith('hh.')) {
        const inner = hh.resolveVar(name.slice(3), '');
        if (!inner) return null;
        return (env, m) => {
          const h = env.memHousehold[m];
          return h < 0 ? null : inner(env, h);
        };
      }
      if (name === 'has_error') return (env, m) => (env.memFlags[m] & FLAG_ERROR) !== 0;
      if (name === 'has_warning') return (env, m) => (env.memFlags[m] & FLAG_WARNING) !== 0;
      return null;
    },
    operators: {
      ...statusOps(facts, 'person', self),
      age: () => ageReader,
      /** A field of the household's head row (its first 户主 member): {"head_member": "gender"}. */
      head_member: (args, ctx) => {
        const k = fieldArg(args, ctx, facts, 'person');
        const read = fieldReader(facts.fields[k], k, true);
        return (env, m) => {
          const h = env.memHousehold[m];
          if (h < 0) return null;
          const head = headMember(env, h, facts.relationField, facts.headCode);
          return head < 0 ? null : read(env, head);
        };
      },
      is_head: () => (env, m) => {
        const rel = env.mem[facts.relationField];
        return rel.st[m] === 0 ? rel.num[m] === facts.headCode : null;
      },
      issue: (args, ctx) => {
        const r = ruleArg(args, ctx, facts);
        const word = r >>> 5;
        const bit = 1 << (r & 31);
        return (env, m) => (env.memRules[m * env.words + word] & bit) !== 0;
      },
    },
  };
  self.current = scope;
  return scope;
}

export function householdScope(facts: ScopeFacts, phase: Phase): LogicScope<Env> {
  const flag =
    (f: number): Ev =>
    (env, i) =>
      (env.hhFlags[i] & f) !== 0;
  let members: LogicScope<Env> | null = null;
  const memberScope = () => (members ??= personScope(facts, phase));

  const aggregate =
    (combine: 'count' | 'some' | 'none' | 'all'): CustomOperator<Env> =>
    (args, ctx) => {
      const cond = ctx.compile(args[0], memberScope(), `${ctx.path}[0]`);
      // Without a linked member list the members are unknown, not absent.
      const direct = (cond as Partial<CodeTest>).codeTest;
      if (combine === 'count' && direct) {
        const { field, mask } = direct;
        return (env, h) => {
          if (env.linked[h] === 0) return null;
          const col = env.mem[field];
          let n = 0;
          for (let p = env.memStart[h], end = env.memStart[h + 1]; p < end; p++) {
            const m = env.memList[p];
            if (col.st[m] === 0 && mask[col.num[m]] === 1) n++;
          }
          return n;
        };
      }
      if (combine === 'count') {
        return (env, h) => {
          if (env.linked[h] === 0) return null;
          let n = 0;
          for (let p = env.memStart[h], end = env.memStart[h + 1]; p < end; p++) if (cond(env, env.memList[p]) === true) n++;
          return n;
        };
      }
      // Kleene: some = true if any true, else null if any unknown; none/all derive from it.
      const want = combine === 'all' ? false : true;
      return (env, h) => {
        if (env.linked[h] === 0) return null;
        let unknown = false;
        for (let p = env.memStart[h], end = env.memStart[h + 1]; p < end; p++) {
          const v = cond(env, env.memList[p]);
          if (v === null) unknown = true;
          else if ((v === true) === want) return combine === 'some' ? true : false;
        }
        if (unknown) return null;
        return combine !== 'some';
      };
    };

  const self: { current: LogicScope<Env> | null } = { current: null };
  const scope: LogicScope<Env> = {
    resolveVar(name) {
      const k = facts.fieldIndex.get(name);
      if (k !== undefined && facts.fields[k].level === 'household') return fieldReader(facts.fields[k], k, false);
      if (name.startsWith('param.')) return paramReader(facts, name.slice(6));
      if (phase.indicators && name.startsWith('indicator.')) {
        const j = facts.indicatorIndex.get(name.slice(10));
        if (j === undefined) return null;
        return (env, i) => {
          const v = env.ind[i * env.nInd + j];
          return v === IND_NULL ? null : v === IND_TRUE;
        };
      }
      if (phase.indicators) {
        if (name === 'hard_all_true') return flag(FLAG_HARD);
        if (name === 'all_true') return flag(FLAG_ALL);
        if (name === 'score') return (env, i) => env.score[i];
      }
      if (phase.outcomes) {
        if (name === 'eligible') return flag(FLAG_ELIGIBLE);
        if (name === 'has_error') return flag(FLAG_ERROR);
        if (name === 'has_warning') return flag(FLAG_WARNING);
        if (name === 'rows_have_error') return flag(FLAG_ROWS_ERROR);
        if (name === 'rows_have_warning') return flag(FLAG_ROWS_WARNING);
        if (name === 'risk_level') return (env, i) => env.risk[i];
      }
      if (name === 'persons') return (env, i) => (Number.isNaN(env.persons[i]) ? null : env.persons[i]);
      return null;
    },
    operators: {
      ...statusOps(facts, 'household', self),
      /** The household's member list is checked: member sheet present, 户编号 valid and first. */
      has_members: () => (env, h) => env.linked[h] === 1,
      members: () => (env, h) => (env.linked[h] === 0 ? null : env.memStart[h + 1] - env.memStart[h]),
      count: aggregate('count'),
      some: aggregate('some'),
      none: aggregate('none'),
      all: aggregate('all'),
      head_member: (args, ctx) => {
        const k = fieldArg(args, ctx, facts, 'person');
        const read = fieldReader(facts.fields[k], k, true);
        return (env, h) => {
          const head = headMember(env, h, facts.relationField, facts.headCode);
          return head < 0 ? null : read(env, head);
        };
      },
      issue: (args, ctx) => {
        const r = ruleArg(args, ctx, facts);
        const word = r >>> 5;
        const bit = 1 << (r & 31);
        return (env, h) => (env.hhRules[h * env.words + word] & bit) !== 0;
      },
      member_issue: (args, ctx) => {
        const r = ruleArg(args, ctx, facts);
        const word = r >>> 5;
        const bit = 1 << (r & 31);
        return (env, h) => {
          if (env.linked[h] === 0) return null;
          for (let p = env.memStart[h], end = env.memStart[h + 1]; p < end; p++) {
            if ((env.memRules[env.memList[p] * env.words + word] & bit) !== 0) return true;
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRoster } from '../engine/evaluate';
import { defaultHousehold, defaultMembers, householdSheet, makeId, memberSheet, REF_DATE } from '../engine/testkit';
import type { Cell } from '../types';
import { compileCriteria, truthOnly } from './compile';
import { defaultCriteria } from './profiles/index';

/**
 * Rule conditions run through all_true/any_true (stop at the first operand that settles
 * truth); indicators keep Kleene logic. The same expression as a rule and as an indicator must
 * agree: the rule fires exactly when the indicator is true.
 */

const FIELDS = ['labor_count', 'household_size', 'per_capita_income', 'dropout_count'] as const;

const leaf = fc.oneof(
  fc
    .record({ f: fc.constantFrom(...FIELDS), op: fc.constantFrom('==', '<', '>=', '!='), v: fc.integer({ min: 0, max: 5 }) })
    .map(({ f, op, v }) => ({
      [op]: [{ var: f }, f === 'per_capita_income' ? v * 2000 : v],
    })),
  fc.constantFrom(...FIELDS).map((f) => ({ missing: f })),
  // A number as an operand of and/or counts by truthiness (0 false, other numbers true).
  fc.constantFrom(...FIELDS).map((f) => ({ var: f })),
);
const expr: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((a) => ({ and: a })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((a) => ({ or: a })),
    tie('node').map((a) => ({ '!': a })),
  ),
})).node;

const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constant(null),
  fc.constant('x'),
  fc.integer({ min: 0, max: 6 }),
  fc.constantFrom(0, 4000, 8000, 'bad'),
);

describe('truth-only rule conditions', () => {
  it('rewrites only and/or chains', () => {
    expect(truthOnly({ and: [{ or: [1, 2] }, { '!': { and: [3, 4] } }] })).toEqual({
      all_true: [{ any_true: [1, 2] }, { '!': { and: [3, 4] } }],
    });
    expect(truthOnly({ count: { and: [1, 2] } })).toEqual({ count: { and: [1, 2] } });
  });

  it('a rule fires exactly when the same condition as an indicator is true', () => {
    fc.assert(
      fc.property(expr, fc.array(fc.tuple(cell, cell, cell, cell), { minLength: 1, maxLength: 6 }), (when, values) => {
        const doc = structuredClone(defaultCriteria) as Record<string, any>;
        doc.indicators = [{ key: 'probe', label: { zh: '探针', en: 'probe' }, weight: 100, hard: true, when, nulls: 'logic' }];
        doc.rules.push({ id: 'probe_rule', kind: 'check', severity: 'warning', level: 'household', checks: [{ field: null, when }] });
        const criteria = compileCriteria(doc);
        const rows = values.map((v, k) => defaultHousehold(k + 1, Object.fromEntries(FIELDS.map((f, j) => [f, v[j]]))));
        const result = evaluateRoster(criteria, { households: householdSheet(rows), referenceDate: REF_DATE });
        for (const h of result.households) {
          const fired = h.issues.some((i) => i.rule === 'probe_rule');
          expect(fired).toBe(h.indicators.probe === true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * Each test's condition in two forms as indicators (`a0`, `b0`, …) on the given household rows:
 * every household must get the same value from both forms.
 */
function expectSameIndicators<T>(
  tests: readonly T[],
  forms: { a: (t: T) => unknown; b: (t: T) => unknown },
  parameters: Record<string, unknown>,
  rows: Record<string, Cell>[],
): void {
  const doc = structuredClone(defaultCriteria) as Record<string, any>;
  Object.assign(doc.parameters, parameters);
  const weight = 50 / tests.length;
  const indicator = (key: string, when: unknown) => ({ key, label: { zh: key, en: key }, weight, hard: true, when, nulls: 'logic' });
  doc.indicators = [...tests.map((t, k) => indicator(`a${k}`, forms.a(t))), ...tests.map((t, k) => indicator(`b${k}`, forms.b(t)))];
  const criteria = compileCriteria(doc);
  const households = rows.map((over, k) => defaultHousehold(k + 1, over));
  const result = evaluateRoster(criteria, { households: householdSheet(households), referenceDate: REF_DATE });
  for (const h of result.households) tests.forEach((t, k) => expect([t, h.indicators[`a${k}`]]).toEqual([t, h.indicators[`b${k}`]]));
}

describe('enum comparisons by code', () => {
  // Comparing with a parameter (read at run time, not a constant) takes the plain path; comparing
  // with a literal takes the code test. Both must give the same answers.
  // Cell texts (预脱贫 is an alias of 计划脱贫) and the fields' values.
  const ENUMS = {
    status: ['未脱贫', '计划脱贫', '已脱贫', '预脱贫'],
    housing_grade: ['A', 'B', 'C', 'D', '无房'],
    monitoring_type: ['无', '脱贫不稳定户'],
  } as const;
  const FIELD_VALUES = {
    status: ['未脱贫', '计划脱贫', '已脱贫'],
    housing_grade: ['A', 'B', 'C', 'D', '无房'],
    monitoring_type: ['无', '脱贫不稳定户', '边缘易致贫户', '突发严重困难户'],
  } as const;
  const fieldArb = fc.constantFrom(...(Object.keys(ENUMS) as (keyof typeof ENUMS)[]));
  // Values of the fields only: a literal that is not one of the field's values (an alias such as
  // 预脱贫, 'x', a number) is rejected when the document is compiled (checks.test.ts).
  const LITERALS = ['未脱贫', '计划脱贫', '已脱贫', 'A', 'C', '无房', '无', '脱贫不稳定户'] as const;
  const valid = (f: keyof typeof ENUMS) =>
    LITERALS.map((v, k) => [v, k] as const).filter(([v]) => (FIELD_VALUES[f] as readonly string[]).includes(v));
  const testArb = fieldArb.chain((f) =>
    fc.record({
      f: fc.constant(f),
      op: fc.constantFrom('==', '!=', 'in'),
      lits: fc.array(fc.constantFrom(...valid(f).map(([, k]) => k)), { minLength: 1, maxLength: 3 }),
    }),
  );
  const coded = (t: { f: string; op: string; lits: number[] }) =>
    t.op === 'in' ? { in: [{ var: t.f }, t.lits.map((k) => LITERALS[k])] } : { [t.op]: [{ var: t.f }, LITERALS[t.lits[0]]] };
  const plain = (t: { f: string; op: string; lits: number[] }) =>
    t.op === 'in'
      ? { or: t.lits.map((k) => ({ '==': [{ var: t.f }, { var: `param.lit${k}` }] })) }
      : { [t.op]: [{ var: t.f }, { var: `param.lit${t.lits[0]}` }] };
  const cellFor = (f: keyof typeof ENUMS) => fc.oneof(fc.constantFrom(...ENUMS[f]), fc.constant(null), fc.constant('bad'), fc.constant(7));

  it('== / != / in on an enum field give the same answers as comparing its value', () => {
    fc.assert(
      fc.property(
        fc.array(testArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(cellFor('status'), cellFor('housing_grade'), cellFor('monitoring_type')), { minLength: 1, maxLength: 5 }),
        (tests, cells) => {
          const parameters = Object.fromEntries(LITERALS.map((v, k) => [`lit${k}`, v]));
          const rows = cells.map(([status, housing_grade, monitoring_type]) => ({ status, housing_grade, monitoring_type }));
          expectSameIndicators(tests, { a: coded, b: plain }, parameters, rows);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('number comparisons fused with the read', () => {
  // A literal operand (or a second number field) takes the fused read; a parameter, or a field
  // passed through "+", takes the generic operators. Both must give the same answers.
  const FIELDS = ['labor_count', 'household_size', 'per_capita_income'] as const;
  const OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
  const testArb = fc.record({
    a: fc.constantFrom(...FIELDS),
    b: fc.constantFrom(...FIELDS),
    op: fc.constantFrom(...OPS),
    lit: fc.integer({ min: 0, max: 5 }),
    withField: fc.boolean(),
  });
  type T = { a: string; b: string; op: string; lit: number; withField: boolean };
  const fused = (t: T) => ({ [t.op]: [{ var: t.a }, t.withField ? { var: t.b } : t.lit] });
  const plain = (t: T) => ({ [t.op]: [{ var: t.a }, t.withField ? { '+': [{ var: t.b }, 0] } : { var: `param.lit${t.lit}` }] });
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    fc.integer({ min: 0, max: 5 }),
    fc.constant(null),
    fc.constant('bad'),
    fc.constant('3'),
    fc.constant(2.5),
  );

  it('<, <=, >, >=, ==, != against a literal or another number field', () => {
    fc.assert(
      fc.property(
        fc.array(testArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 5 }),
        (tests, cells) => {
          const parameters = Object.fromEntries([0, 1, 2, 3, 4, 5].map((k) => [`lit${k}`, k]));
          const rows = cells.map(([labor_count, household_size, per_capita_income]) => ({
            labor_count,
            household_size,
            per_capita_income,
          }));
          expectSameIndicators(tests, { a: fused, b: plain }, parameters, rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('age comparisons fused with the read', () => {
  const OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
  it('a person check on {"age": []} against a literal fires exactly as against a parameter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ op: fc.constantFrom(...OPS), lit: fc.integer({ min: 0, max: 20 }) }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.oneof(fc.integer({ min: 1995, max: 2020 }), fc.constant(null)), { minLength: 1, maxLength: 4 }),
        (tests, births) => {
          const doc = structuredClone(defaultCriteria) as Record<string, any>;
          for (let k = 0; k <= 20; k++) doc.parameters[`lit${k}`] = k;
          tests.forEach((t, k) => {
            for (const [id, right] of [
              [`fused${k}`, t.lit],
              [`plain${k}`, { var: `param.lit${t.lit}` }],
            ] as const)
              doc.rules.push({
                id,
                kind: 'check',
                severity: 'warning',
                level: 'person',
                checks: [{ field: null, when: { [t.op]: [{ age: [] }, right] } }],
              });
          });
          const criteria = compileCriteria(doc);
          const hh = defaultHousehold(1);
          const [head] = defaultMembers(1, hh);
          // The first birth year is the head's; null stands for an ID that does not parse (age unknown).
          const members = births.map((year, k) => ({
            ...head,
            relation: k === 0 ? '户主' : '之子',
            id_number: year === null ? 'not an ID' : makeId({ birth: `${year}0615`, male: true, seq: k + 1 }),
          }));
          const result = evaluateRoster(criteria, {
            households: householdSheet([hh]),
            members: memberSheet(members),
            referenceDate: REF_DATE,
          });
          for (const m of result.members)
            tests.forEach((t, k) =>
              expect([t, m.issues.some((i) => i.rule === `fused${k}`)]).toEqual([t, m.issues.some((i) => i.rule === `plain${k}`)]),
            );
        },
      ),
      { numRuns: 150 },
    );
  });
});

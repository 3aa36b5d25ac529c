import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRoster } from '../engine/evaluate';
import { defaultHousehold, householdSheet, REF_DATE } from '../engine/testkit';
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
  fc.record({ f: fc.constantFrom(...FIELDS), op: fc.constantFrom('==', '<', '>=', '!='), v: fc.integer({ min: 0, max: 5 }) }).map(({ f, op, v }) => ({
    [op]: [{ var: f }, f === 'per_capita_income' ? v * 2000 : v],
  })),
  fc.constantFrom(...FIELDS).map((f) => ({ missing: f })),
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

const cell: fc.Arbitrary<Cell> = fc.oneof(fc.constant(null), fc.constant('x'), fc.integer({ min: 0, max: 6 }), fc.constantFrom(0, 4000, 8000, 'bad'));

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

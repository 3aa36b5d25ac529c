import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Cell } from '../types';
import { hashString } from './hash';
import {
  OK,
  MISSING,
  TYPE,
  RANGE,
  ID,
  MONTH,
  isEmpty,
  parseNumber,
  parseInteger,
  parseText,
  parseBool,
  parseId18,
  parseMonth,
  codePointLength,
  createEnumMatcher,
  type NumberOut,
  type TextOut,
  type BoolOut,
  type IdOut,
  type MonthOut,
} from './index';

const stringish = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }), // lone surrogates included
  fc.stringMatching(/^\s*-?[0-9,]{0,20}(\.[0-9]{0,5})?[元人户 ]?\s*$/),
  fc.stringMatching(/^[0-9xX ]{14,23}$/),
  fc.stringMatching(/^\d{4}([-年]\d{1,3}月?|\d{2}(\.0)?)$/),
  fc.constantFrom('是', '否', 'yes', 'No', 'TRUE', 'constructor', '__proto__', '\u3000', ''),
);
const cell: fc.Arbitrary<Cell> = fc.oneof(
  stringish,
  fc.double(),
  fc.integer(),
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.double({ min: 19000, max: 61000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

describe('property: parsers never throw and return known statuses', () => {
  it('all parsers on arbitrary cells', () => {
    const nout: NumberOut = { value: 0 };
    const tout: TextOut = { value: '' };
    const bout: BoolOut = { value: false };
    const iout: IdOut = { value: '', hash: 0, birth: 0, male: false, provinceOk: false, reason: '' };
    const mout: MonthOut = { value: 0 };
    const match = createEnumMatcher(['男', '女'], { '1': '男' });
    fc.assert(
      fc.property(cell, fc.boolean(), (c, allow) => {
        const empty = isEmpty(c);
        const n = parseNumber(c, nout);
        expect([OK, MISSING, TYPE, RANGE]).toContain(n);
        if (n === OK) {
          expect(Number.isFinite(nout.value)).toBe(true);
          expect(Math.abs(nout.value)).toBeLessThanOrEqual(1e15);
        }
        const i = parseInteger(c, nout);
        expect([OK, MISSING, TYPE, RANGE]).toContain(i);
        if (i === OK) expect(Number.isInteger(nout.value)).toBe(true);
        const t = parseText(c, tout);
        expect([OK, MISSING]).toContain(t);
        if (t === OK && typeof c === 'string') expect(tout.value).toBe(c.trim());
        const b = parseBool(c, bout);
        expect([OK, MISSING, TYPE]).toContain(b);
        const id = parseId18(c, 20240630, iout, allow);
        expect([OK, MISSING, ID]).toContain(id);
        if (id === OK) {
          expect(iout.value).toMatch(/^\d{17}[\dX]$/);
          expect(iout.hash).toBe(hashString(iout.value));
        }
        const m = parseMonth(c, mout, 190001, 210012);
        expect([OK, MISSING, MONTH]).toContain(m);
        // empty <=> MISSING, for every parser
        for (const st of [n, i, t, b, id, m]) expect(st === MISSING).toBe(empty);
        if (typeof c === 'string') {
          expect(codePointLength(c)).toBe([...c].length);
          expect(match(c.trim()) === undefined || ['男', '女'].includes(match(c.trim())!)).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('numeric text round-trips: formatted integers parse back to themselves', () => {
    const out: NumberOut = { value: 0 };
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.boolean(), (v, grouped) => {
        const s = grouped ? v.toLocaleString('en-US') : String(v);
        expect(parseInteger(s, out)).toBe(OK);
        expect(out.value).toBe(v);
      }),
    );
  });

  it('decimal text parses exactly as Number()', () => {
    const out: NumberOut = { value: 0 };
    fc.assert(
      fc.property(fc.stringMatching(/^-?[1-9][0-9]{0,17}\.[0-9]{1,25}$/), (s) => {
        const st = parseNumber(s, out);
        const v = Number(s);
        if (Math.abs(v) > 1e15) expect(st).toBe(RANGE);
        else {
          expect(st).toBe(OK);
          expect(out.value).toBe(v);
        }
      }),
    );
  });
});

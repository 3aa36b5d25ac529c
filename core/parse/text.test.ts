import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import type { Cell } from '../types';
import {
  OK, MISSING, TYPE, parseText, parseBool, codePointLength, createEnumMatcher,
  type TextOut, type BoolOut,
} from './index';

const tout: TextOut = { value: '' };
const bout: BoolOut = { value: false };
function text(cell: Cell): [number, string] {
  const st = parseText(cell, tout);
  return [st, tout.value];
}
function bool(cell: Cell): [number, boolean] {
  const st = parseBool(cell, bout);
  return [st, bout.value];
}

describe('parseText', () => {
  it('trims text', () => {
    expect(text('  张三 ')).toEqual([OK, '张三']);
    expect(text('\u3000李四\u3000')).toEqual([OK, '李四']);
    expect(text('a b')).toEqual([OK, 'a b']);
  });
  it('empty is MISSING', () => {
    for (const c of [null, undefined, '', ' \t\r\n']) expect(text(c)[0]).toBe(MISSING);
  });
  it('numeric cell -> decimal text, boolean -> TRUE/FALSE', () => {
    expect(text(42)).toEqual([OK, '42']);
    expect(text(3.5)).toEqual([OK, '3.5']);
    expect(text(0)).toEqual([OK, '0']);
    expect(text(true)).toEqual([OK, 'TRUE']);
    expect(text(false)).toEqual([OK, 'FALSE']);
  });
  it('a cell of no Excel type (an object) is TYPE, not empty; a Date reads as its serial (date.test.ts)', () => {
    for (const c of [{}, []] as unknown as Cell[]) {
      expect(text(c)[0]).toBe(TYPE);
      expect(bool(c)[0]).toBe(TYPE);
    }
  });
  it('numeric cell -> decimal text without an exponent, however large or small', () => {
    expect(text(1e21)).toEqual([OK, '1000000000000000000000']);
    expect(text(-1.5e-7)).toEqual([OK, '-0.00000015']);
    expect(text(1.5e-7)).toEqual([OK, '0.00000015']);
    expect(text(1e-7)).toEqual([OK, '0.0000001']);
    expect(text(123456789012345680000)).toEqual([OK, '123456789012345680000']);
  });
  it('decimal text reads back as the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const [, s] = text(n);
        expect(s).not.toMatch(/e/);
        expect(Number(s)).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe('codePointLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('张三')).toBe(2);
    expect(codePointLength('𠀀𠀁')).toBe(2); // astral CJK ext. B
    expect(codePointLength('a😀b')).toBe(3);
    expect(codePointLength('\ud800x')).toBe(2); // lone surrogate counts once
  });
  it('agrees with [...s].length', () => {
    for (const s of ['𝒳yz', '😀😀', '\udc00\ud800', 'é', '户编号']) {
      expect(codePointLength(s)).toBe([...s].length);
    }
  });
});

describe('parseBool', () => {
  it('true words in any case', () => {
    for (const s of ['是', 'Y', 'y', 'yes', 'YES', 'Yes', 'true', 'TRUE', 'True', '1', ' 是 ']) {
      expect(bool(s), s).toEqual([OK, true]);
    }
  });
  it('false words in any case', () => {
    for (const s of ['否', 'N', 'n', 'no', 'NO', 'No', 'false', 'FALSE', 'False', '0', '\u3000否']) {
      expect(bool(s), s).toEqual([OK, false]);
    }
  });
  it('JS booleans and the numbers 1 and 0', () => {
    expect(bool(true)).toEqual([OK, true]);
    expect(bool(false)).toEqual([OK, false]);
    expect(bool(1)).toEqual([OK, true]);
    expect(bool(0)).toEqual([OK, false]);
  });
  it('other numbers and words are TYPE', () => {
    for (const c of [2, -1, 0.5, NaN, '2', '1.0', 'ok', 'nope', 'yess', '是的', '有', 'T', 'F', 'Y N', '~o']) {
      expect(bool(c)[0], String(c)).toBe(TYPE);
    }
  });
  it('empty is MISSING', () => {
    for (const c of [null, undefined, '', '  ']) expect(bool(c)[0]).toBe(MISSING);
  });
});

describe('createEnumMatcher', () => {
  const match = createEnumMatcher(['男', '女', '户主', 'Other'], { '1': '男', '2': '女', 主: '户主' });
  it('exact value or alias -> canonical value', () => {
    expect(match('男')).toBe('男');
    expect(match('1')).toBe('男');
    expect(match('2')).toBe('女');
    expect(match('主')).toBe('户主');
    expect(match('Other')).toBe('Other');
  });
  it('is case-sensitive and does not trim', () => {
    expect(match('other')).toBeUndefined();
    expect(match(' 男')).toBeUndefined();
    expect(match('3')).toBeUndefined();
    expect(match('')).toBeUndefined();
  });
  it('never finds inherited object properties', () => {
    for (const s of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(match(s), s).toBeUndefined();
    }
  });
  it('accepts such names when they are listed', () => {
    const m = createEnumMatcher(['constructor'], JSON.parse('{"__proto__":"constructor"}'));
    expect(m('constructor')).toBe('constructor');
    expect(m('__proto__')).toBe('constructor');
    expect(m('toString')).toBeUndefined();
  });
});

import { describe, it, expect } from 'vitest';
import type { Cell } from '../types';
import {
  OK, MISSING, TYPE, RANGE, isEmpty, parseNumber, parseInteger, type NumberOut,
} from './index';

const out: NumberOut = { value: 0 };
function num(cell: Cell): [number, number] {
  const st = parseNumber(cell, out);
  return [st, out.value];
}
function int(cell: Cell): [number, number] {
  const st = parseInteger(cell, out);
  return [st, out.value];
}

describe('isEmpty', () => {
  it('null, undefined, "" and whitespace-only strings are empty', () => {
    for (const c of [null, undefined, '', ' ', '\t\n', '\u3000', '\u00a0 \ufeff']) {
      expect(isEmpty(c)).toBe(true);
    }
  });
  it('anything with content, numbers and booleans are not empty', () => {
    for (const c of [' a ', '0', 0, NaN, false, true, '\u200b']) expect(isEmpty(c)).toBe(false);
  });
  it('uses exactly the whitespace set of String.prototype.trim', () => {
    const mismatches: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const s = String.fromCharCode(c);
      if (isEmpty(s) !== (s.trim() === '')) mismatches.push(`U+${c.toString(16)}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('parseNumber', () => {
  it('every parser reports empty cells as MISSING', () => {
    for (const c of [null, undefined, '', '   ', '\u3000']) expect(num(c)[0]).toBe(MISSING);
  });
  it('accepts finite number cells', () => {
    expect(num(3200)).toEqual([OK, 3200]);
    expect(num(-12.5)).toEqual([OK, -12.5]);
    expect(num(0)).toEqual([OK, 0]);
  });
  it('plain digits, sign, decimals, outer whitespace', () => {
    expect(num('3200')).toEqual([OK, 3200]);
    expect(num('  -45.25 ')).toEqual([OK, -45.25]);
    expect(num('\u30000.1\u3000')).toEqual([OK, 0.1]);
    expect(num('007')).toEqual([OK, 7]);
    expect(Object.is(num('-0')[1], 0)).toBe(true);
  });
  it('thousands separators only in groups of three', () => {
    expect(num('1,234,567')).toEqual([OK, 1234567]);
    expect(num('12,345.67')).toEqual([OK, 12345.67]);
    expect(num('-1,000')).toEqual([OK, -1000]);
    for (const s of ['12,34', '1234,567', '1,2345', '1,,234', ',123', '1,', '1,234,56', '1.234,567']) {
      expect(num(s)[0], s).toBe(TYPE);
    }
  });
  it('one trailing unit 元/人/户 directly after the digits', () => {
    expect(num('3200元')).toEqual([OK, 3200]);
    expect(num('5人')).toEqual([OK, 5]);
    expect(num('2户')).toEqual([OK, 2]);
    expect(num('1,200.50元 ')).toEqual([OK, 1200.5]);
    for (const s of ['3200 元', '3200元元', '元3200', '元', '-元', '3200万', '32 00', '3200元 5']) {
      expect(num(s)[0], s).toBe(TYPE);
    }
  });
  it('rejects +5, .5, 5., 1e3, 0x10, --5 and other shapes as TYPE', () => {
    for (const s of ['+5', '.5', '5.', '1e3', '0x10', '--5', '-', '5-', 'abc', '1.2.3', '１２３', 'NaN', 'Infinity', '- 5']) {
      expect(num(s)[0], s).toBe(TYPE);
    }
  });
  it('booleans are TYPE', () => {
    expect(num(true)[0]).toBe(TYPE);
    expect(num(false)[0]).toBe(TYPE);
  });
  it('magnitude up to 10^15 is fine, beyond it RANGE', () => {
    expect(num(1e15)).toEqual([OK, 1e15]);
    expect(num(-1e15)).toEqual([OK, -1e15]);
    expect(num('1,000,000,000,000,000')).toEqual([OK, 1e15]);
    expect(num('1000000000000000.0')).toEqual([OK, 1e15]);
    expect(num(1e15 + 1)[0]).toBe(RANGE);
    expect(num(-1e16)[0]).toBe(RANGE);
    expect(num('1000000000000001')[0]).toBe(RANGE);
    expect(num('1000000000000000.5')[0]).toBe(RANGE);
    expect(num('99999999999999999999999')[0]).toBe(RANGE);
  });
  it('non-finite number cells are RANGE', () => {
    expect(num(NaN)[0]).toBe(RANGE);
    expect(num(Infinity)[0]).toBe(RANGE);
    expect(num(-Infinity)[0]).toBe(RANGE);
  });
  it('converts text exactly as Number() would', () => {
    const cases = ['0.1', '0.3', '123.456', '9007199254740.993', '1.0000000000000002',
      '0.000000000000000000000000001', '12345678901234.5678', '999999999999999.9999'];
    for (const s of cases) expect(num(s)[1], s).toBe(Number(s));
  });
});

describe('parseInteger', () => {
  it('whole values are OK, including "3.0"', () => {
    expect(int('3.0')).toEqual([OK, 3]);
    expect(int('1,200人')).toEqual([OK, 1200]);
    expect(int(7)).toEqual([OK, 7]);
  });
  it('fractional values are TYPE', () => {
    expect(int(3.5)[0]).toBe(TYPE);
    expect(int('3.5')[0]).toBe(TYPE);
  });
  it('passes through MISSING, TYPE and RANGE', () => {
    expect(int(' ')[0]).toBe(MISSING);
    expect(int('+3')[0]).toBe(TYPE);
    expect(int(1e16)[0]).toBe(RANGE);
    expect(int(NaN)[0]).toBe(RANGE);
  });
});

import { describe, it, expect } from 'vitest';
import type { Cell } from '../types';
import { OK, MISSING, ID, parseId18, type IdOut } from './index';
import { hashString } from './hash';

// Independent reference for the GB 11643 check digit (deliberately not the implementation's code).
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function checkDigit(first17: string): string {
  const sum = first17.split('').reduce((acc, ch, i) => acc + Number(ch) * W[i], 0);
  return '10X98765432'[sum % 11];
}
/** A valid ID from area (6 digits), birth (yyyymmdd) and sequence (3 digits). */
function makeId(area: string, birth: string, seq: string): string {
  const body = area + birth + seq;
  return body + checkDigit(body);
}
/** Same body with a wrong check character. */
function wrongCheck(id: string): string {
  const good = id[17];
  const bad = '0123456789X'.split('').find((c) => c !== good)!;
  return id.slice(0, 17) + bad;
}
/** Find a sequence whose check digit is X. */
function idWithX(area: string, birth: string): string {
  for (let n = 0; n < 1000; n++) {
    const seq = String(n).padStart(3, '0');
    const id = makeId(area, birth, seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X id');
}

const REF = 20240630;
const out: IdOut = { value: '', hash: 0, birth: 0, male: false, provinceOk: false, reason: '' };
function id(cell: Cell, allowCertificate?: boolean, ref = REF): IdOut & { status: number } {
  const status = parseId18(cell, ref, out, allowCertificate);
  return { status, ...out };
}

describe('the hash computed while parsing', () => {
  it('is hashString of the normalised value (padding, lower-case x, certificate suffix)', () => {
    const x = idWithX('110105', '19491231');
    for (const [cell, cert] of [
      [x, false],
      [` ${x.toLowerCase()}\u3000`, false],
      [`${x}21`, true],
      [makeId('530102', '19991231', '123'), false],
    ] as const) {
      const got = id(cell, cert);
      expect(got.status).toBe(OK);
      expect(got.hash).toBe(hashString(got.value));
    }
  });
});

describe('check digit helper', () => {
  it('reproduces the GB 11643 example 11010519491231002X', () => {
    expect(makeId('110105', '19491231', '002')).toBe('11010519491231002X');
  });
});

describe('parseId18', () => {
  const male = makeId('110105', '19800115', '031'); // 17th digit 1 -> male
  const female = makeId('440106', '20000229', '042'); // leap day, 17th digit 2 -> female

  it('accepts a valid ID and reports birth, gender, province', () => {
    expect(id(male)).toEqual({
      status: OK,
      value: male,
      hash: hashString(male),
      birth: 19800115,
      male: true,
      provinceOk: true,
      reason: '',
    });
    const f = id(`  ${female}\u3000`);
    expect(f.status).toBe(OK);
    expect(f.value).toBe(female);
    expect(f.birth).toBe(20000229);
    expect(f.male).toBe(false);
  });

  it('empty is MISSING', () => {
    for (const c of [null, undefined, '', '   ']) {
      const r = id(c);
      expect(r.status).toBe(MISSING);
      expect(r.reason).toBe('');
    }
  });

  it('normalises a lower-case x to X', () => {
    const x = idWithX('110105', '19491231');
    const r = id(x.toLowerCase());
    expect(r.status).toBe(OK);
    expect(r.value).toBe(x);
    expect(id(` ${x} `).value).toBe(x);
  });

  it('a numeric cell is ID with reason numeric', () => {
    expect(id(110105194912310020)).toMatchObject({ status: ID, reason: 'numeric', value: '' });
    expect(id(1.1010519491231e17)).toMatchObject({ status: ID, reason: 'numeric' });
    expect(id(0)).toMatchObject({ status: ID, reason: 'numeric' });
  });

  it('a boolean cell is ID with reason format', () => {
    expect(id(true)).toMatchObject({ status: ID, reason: 'format' });
  });

  it('15 digits is obsolete15; other lengths are length', () => {
    expect(id('110105491231002')).toMatchObject({ status: ID, reason: 'obsolete15' });
    expect(id('11010549123100X')).toMatchObject({ status: ID, reason: 'length' });
    expect(id(male.slice(0, 17))).toMatchObject({ status: ID, reason: 'length' });
    expect(id(male + '1')).toMatchObject({ status: ID, reason: 'length' });
    expect(id('abc')).toMatchObject({ status: ID, reason: 'length' });
    expect(id(male.slice(0, 9) + ' ' + male.slice(9))).toMatchObject({ reason: 'length' });
  });

  it('18 chars that are not 17 digits + digit/X are format', () => {
    expect(id('11010519491231002Y')).toMatchObject({ status: ID, reason: 'format' });
    expect(id('1101051949123100X2')).toMatchObject({ status: ID, reason: 'format' });
    expect(id('１１0105194912310021')).toMatchObject({ status: ID, reason: 'format' }); // full-width digits
  });

  it('Feb 29 only in leap years', () => {
    expect(id(makeId('110105', '20000229', '001')).status).toBe(OK); // 2000 is leap (÷400)
    expect(id(makeId('110105', '19960229', '001')).status).toBe(OK);
    expect(id(makeId('110105', '19000229', '001'))).toMatchObject({ status: ID, reason: 'date' }); // 1900 not leap
    expect(id(makeId('110105', '20230229', '001'))).toMatchObject({ status: ID, reason: 'date' });
  });

  it('impossible dates are date', () => {
    for (const b of ['19801301', '19800001', '19800100', '19800431', '19801232']) {
      expect(id(makeId('110105', b, '001')), b).toMatchObject({ status: ID, reason: 'date' });
    }
  });

  it('birth between 1900-01-01 and the reference date, inclusive', () => {
    expect(id(makeId('110105', '19000101', '001')).status).toBe(OK);
    expect(id(makeId('110105', '18991231', '001'))).toMatchObject({ status: ID, reason: 'date' });
    expect(id(makeId('110105', '20240630', '001')).status).toBe(OK);
    expect(id(makeId('110105', '20240701', '001'))).toMatchObject({ status: ID, reason: 'date' });
    expect(id(makeId('110105', '20240701', '001'), false, 20240701).status).toBe(OK);
  });

  it('a wrong check digit is checksum', () => {
    expect(id(wrongCheck(male))).toMatchObject({ status: ID, reason: 'checksum' });
    const x = idWithX('320102', '19751010');
    expect(id(wrongCheck(x))).toMatchObject({ status: ID, reason: 'checksum' });
  });

  it('an area outside the province codes still parses, with provinceOk false', () => {
    const r = id(makeId('990101', '19800115', '011'));
    expect(r.status).toBe(OK);
    expect(r.provinceOk).toBe(false);
    for (const [area, ok] of [
      ['110000', true],
      ['150000', true],
      ['160000', false],
      ['210000', true],
      ['230000', true],
      ['240000', false],
      ['310000', true],
      ['370000', true],
      ['380000', false],
      ['410000', true],
      ['460000', true],
      ['470000', false],
      ['500000', true],
      ['540000', true],
      ['550000', false],
      ['610000', true],
      ['650000', true],
      ['660000', false],
      ['710000', false],
      ['810000', false],
      ['100000', false],
      ['000000', false],
    ] as const) {
      expect(id(makeId(area, '19800115', '011')).provinceOk, area).toBe(ok);
    }
  });

  it('gender from the 17th digit', () => {
    expect(id(makeId('110105', '19800115', '019')).male).toBe(true);
    expect(id(makeId('110105', '19800115', '020')).male).toBe(false);
  });

  describe('disability certificate numbers (allowCertificate)', () => {
    const cert20 = female + '43';
    const cert22 = male + '4A01';
    it('20/22 characters with a valid ID part are OK and yield the ID part', () => {
      expect(id(cert20, true)).toMatchObject({ status: OK, value: female, birth: 20000229 });
      expect(id(` ${cert22} `, true)).toMatchObject({ status: OK, value: male, male: true });
      const x = idWithX('110105', '19491231');
      expect(id(x.toLowerCase() + '11', true)).toMatchObject({ status: OK, value: x });
    });
    it('are length errors without allowCertificate', () => {
      expect(id(cert20)).toMatchObject({ status: ID, reason: 'length' });
      expect(id(cert22, false)).toMatchObject({ status: ID, reason: 'length' });
    });
    it('other lengths and invalid ID parts still fail', () => {
      expect(id(female + '4', true)).toMatchObject({ status: ID, reason: 'length' });
      expect(id(female + '432', true)).toMatchObject({ status: ID, reason: 'length' });
      expect(id(wrongCheck(female) + '43', true)).toMatchObject({ status: ID, reason: 'checksum' });
      expect(id('11010519491231002Y43', true)).toMatchObject({ status: ID, reason: 'format' });
      expect(id(male, true).status).toBe(OK); // plain IDs still fine
      expect(id('110105491231002', true).reason).toBe('obsolete15');
    });
  });
});

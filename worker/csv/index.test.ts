import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './index';

describe('csv', () => {
  it('neutralises text that Excel would run as a formula', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+86')).toBe("'+86");
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('新哨镇')).toBe('新哨镇');
  });

  it('leaves numbers alone, negative ones included', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes commas, quotes and line breaks, after neutralising', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('starts with a BOM and ends rows with CRLF', () => {
    expect(toCsv([['乡镇', '户数'], ['新哨镇', 3]])).toBe('\uFEFF乡镇,户数\r\n新哨镇,3\r\n');
  });
});

import { describe, expect, it } from 'vitest';
import { validateCriteria } from '../criteria/compile';
import { defaultCriteria } from '../criteria/profiles/index';

/**
 * Core validates criteria with zod/mini (no locales, a small browser bundle) and words the
 * problems itself: the paths, the Chinese and the English below are what core gave with full zod
 * and its English locale (compared side by side against the code before the switch).
 */
describe('criteria schema problems, in Chinese and English', () => {
  it('every kind of schema mistake, with its path', () => {
    const d = structuredClone(defaultCriteria) as Record<string, any>;
    d.parametres = 1;
    d.fields[0].type = 'texte';
    d.fields[1].headers = [];
    d.fields[2].key = 'Bad Key';
    d.fields[3].required = 'yes';
    d.fields[4].maxLength = 0;
    d.indicators[0].weight = -1;
    delete d.risk.levels[0].when;
    d.rules[0].kind = 'nope';
    d.rules[3].checks = [];
    d.schema = 'x';
    d.townships = [];
    const result = validateCriteria(d);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map((p) => [p.path, p.message.zh, p.message.en]);
    expect(problems).toEqual([
      ['schema', '格式错误：取值不在允许范围内："roster-check/criteria@1"', 'Invalid input: expected "roster-check/criteria@1"'],
      ['townships', '格式错误：值太小或太短（最小 1）', 'Too small: expected array to have >=1 items'],
      [
        'fields[0].type',
        '格式错误：取值不在允许范围内："text"、"integer"、"number"、"bool"、"enum"、"enum_set"、"id18"、"month"',
        'Invalid option: expected one of "text"|"integer"|"number"|"bool"|"enum"|"enum_set"|"id18"|"month"',
      ],
      ['fields[1].headers', '格式错误：值太小或太短（最小 1）', 'Too small: expected array to have >=1 items'],
      ['fields[2].key', '格式错误：格式不正确', 'snake_case key'],
      ['fields[3].required', '格式错误：类型不正确，应为 boolean', 'Invalid input: expected boolean, received string'],
      ['fields[4].maxLength', '格式错误：值太小或太短（最小 0）', 'Too small: expected number to be >0'],
      [
        'rules[0].kind',
        '格式错误：不符合任何允许的形式',
        "Invalid discriminator value. Expected 'field' | 'unique' | 'check' | 'township' | 'township_mismatch' | 'group_count' | 'member_orphan' | 'id_gender' | 'value_conflict'",
      ],
      ['rules[3]', '格式错误：不认识的键 “checks”（拼写错误？文档只接受规定的键）', 'Unrecognized key: "checks"'],
      ['indicators[0].weight', '格式错误：值太小或太短（最小 0）', 'Too small: expected number to be >=0'],
      ['risk.levels[0].when', '缺少必填项', 'required, but missing'],
      ['', '格式错误：不认识的键 “parametres”（拼写错误？文档只接受规定的键）', 'Unrecognized key: "parametres"'],
    ]);
  });

  it('a non-integer and a wrong type', () => {
    const d = structuredClone(defaultCriteria) as Record<string, any>;
    d.townships[0].population = 1.5;
    d.parameters = 'none';
    const result = validateCriteria(d);
    const problems = result.ok ? [] : result.problems.map((p) => [p.path, p.message.zh, p.message.en]);
    expect(problems).toEqual([
      ['parameters', '格式错误：类型不正确，应为 record', 'Invalid input: expected record, received string'],
      ['townships[0].population', '格式错误：类型不正确，应为 int', 'Invalid input: expected int, received number'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../../core/index';
import { hardIndicators } from '../engine/index';
import { hmacIds } from '../ids/index';
import { readPersons } from '../ids/person-record';
import { household, householdSheet, memberSheet, membersOf, townshipRoster } from '../test/roster';
import { submissionRows } from './rows';

const compiled = compileCriteria(defaultCriteria);
const SECRET = 'rows-test';

describe('submissionRows', () => {
  it('keeps results, attaches member issues and person IDs to their household, and no raw ID', async () => {
    const h1 = household(1, '新哨镇');
    const h2 = household(2, '新哨镇', { housing_grade: 'D' });
    const members = [...membersOf(h1, 1000), ...membersOf(h2, 2000)];
    members[1].gender = members[1].gender === '男' ? '女' : '男'; // gender_mismatch on a member of h1
    const result = evaluateRoster(compiled, { households: householdSheet([h1, h2]), members: memberSheet(members), period: '2020' });
    const rows = await submissionRows(result, { hardIndicators: hardIndicators(compiled), secret: SECRET, township: '新哨镇' });

    expect(rows.households).toHaveLength(2);
    expect(rows.personsTotal).toBe(6);
    const [first, second] = rows.households;
    expect(first[10].some((issue) => issue.rule === 'gender_mismatch' && issue.sheet === 'members')).toBe(true);
    expect(first[11]).toBe(1); // has_error through its member
    expect(second[12]).toEqual(['housing']);
    expect(second[9]).toEqual({ housing: false });
    expect(first[9]).toEqual({});
    const persons = readPersons(first[15]);
    expect(persons.map((person) => person.row)).toEqual(result.members.filter((m) => m.householdId === h1.household_id).map((m) => m.row));
    const [headHmac] = await hmacIds(SECRET, [String(h1.head_id)]);
    // The head is also member row 1: it is signed once, and the row points at its record.
    expect(first[16]).toBe(0);
    expect(persons[0].hmac).toBe(headHmac);
    expect(first[13]).toBeNull();
    expect(first[14]).toBeNull();
    expect(persons[0].masked).toBe(String(h1.head_id).slice(0, 6) + '********' + String(h1.head_id).slice(-4));
    expect(JSON.stringify(rows)).not.toContain(String(h1.head_id));
    // The submission's own township is not stored again on every row.
    expect(first[2]).toBeNull();
  });

  it('uses the heads as the person IDs when there is no member sheet', async () => {
    const { households } = townshipRoster('新哨镇', 10, 2);
    const result = evaluateRoster(compiled, { households, period: '2020' });
    const rows = await submissionRows(result, { hardIndicators: hardIndicators(compiled), secret: SECRET, township: '新哨镇' });
    const heads = await hmacIds(SECRET, result.households.map((h) => h.headId));
    rows.households.forEach((row, i) => {
      expect(readPersons(row[15])).toEqual([{ hmac: heads[i], masked: expect.stringMatching(/^\w{6}\*{8}\w{4}$/), row: row[0] }]);
      expect(row[16]).toBe(0);
    });
  });

  it('attaches members to the first household row with their 户编号 only, and drops members of no household', async () => {
    const h1 = household(1, '新哨镇');
    const twin = household(2, '新哨镇', { household_id: h1.household_id });
    const orphan = { ...membersOf(household(3, '新哨镇'), 3000)[0] };
    const members = [...membersOf(h1, 1000), ...membersOf(twin, 2000), orphan];
    const result = evaluateRoster(compiled, { households: householdSheet([h1, twin]), members: memberSheet(members), period: '2020' });
    const rows = await submissionRows(result, { hardIndicators: hardIndicators(compiled), secret: SECRET, township: '新哨镇' });
    const [first, second] = rows.households;
    expect(readPersons(first[15]).map(({ row }) => row)).toEqual(
      result.members.filter((m) => m.householdId === h1.household_id).map((m) => m.row),
    );
    expect(second[15]).toBe('');
    // The twin's head is in no member row of its own: it keeps its HMAC and masked form.
    expect(second[16]).toBeNull();
    expect(second[13]).toMatch(/^[0-9a-f]{24}$/);
    expect(rows.households.flatMap((row) => readPersons(row[15]))).toHaveLength(6);
  });
});

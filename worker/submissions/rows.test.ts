import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../../core/index';
import { hardIndicators } from '../engine/index';
import { hmacIds } from '../ids/index';
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
    const rows = await submissionRows(result, hardIndicators(compiled), SECRET);

    expect(rows.households).toHaveLength(2);
    expect(rows.personsTotal).toBe(6);
    const [first, second] = rows.households;
    expect(first[10].some((issue) => issue.rule === 'gender_mismatch' && issue.sheet === 'members')).toBe(true);
    expect(first[11]).toBe(1); // has_error through its member
    expect(second[12]).toEqual(['housing']);
    expect(second[9]).toEqual({ housing: false });
    expect(first[9]).toEqual({});
    expect(first[15]).toHaveLength(3);
    const [headHmac] = await hmacIds(SECRET, [String(h1.head_id)]);
    expect(first[13]).toBe(headHmac);
    expect(first[15][0][1]).toBe(headHmac); // the head is also member row 1, signed once
    expect(JSON.stringify(rows)).not.toContain(String(h1.head_id));
    expect(first[14]).toBe(String(h1.head_id).slice(0, 6) + '********' + String(h1.head_id).slice(-4));
  });

  it('uses the heads as the person IDs when there is no member sheet', async () => {
    const { households } = townshipRoster('新哨镇', 10, 2);
    const result = evaluateRoster(compiled, { households, period: '2020' });
    const rows = await submissionRows(result, hardIndicators(compiled), SECRET);
    for (const row of rows.households) {
      expect(row[15]).toEqual([[row[0], row[13], row[14]]]);
    }
  });

  it('attaches members to the first household row with their 户编号 only, and drops members of no household', async () => {
    const h1 = household(1, '新哨镇');
    const twin = household(2, '新哨镇', { household_id: h1.household_id });
    const orphan = { ...membersOf(household(3, '新哨镇'), 3000)[0] };
    const members = [...membersOf(h1, 1000), ...membersOf(twin, 2000), orphan];
    const result = evaluateRoster(compiled, { households: householdSheet([h1, twin]), members: memberSheet(members), period: '2020' });
    const rows = await submissionRows(result, hardIndicators(compiled), SECRET);
    const [first, second] = rows.households;
    expect(first[15].map(([row]) => row)).toEqual(result.members.filter((m) => m.householdId === h1.household_id).map((m) => m.row));
    expect(second[15]).toEqual([]);
    expect(rows.households.flatMap((row) => row[15])).toHaveLength(6);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster, mergeSummaries, monitoringCriteria } from '../../core/index';
import type { Table } from '../../core/types';
import { call, CLERK_TOWNSHIP, json, makeTokens, OTHER_TOWNSHIP, seedDefault, type Tokens } from '../test/api';
import monitoringExport from '../../core/fixtures/monitoring/export.json';
import { household, householdSheet, memberSheet, membersOf, townshipRoster, type Row } from '../test/roster';

let tokens: Tokens;
const compiled = compileCriteria(defaultCriteria);
const THIRD = '江边乡';

// Period 2020: three townships; household 12 fails housing, 13 has an error; 2 IDs duplicated across townships.
const rosters: Record<string, { households: Table; members: Table }> = {
  [CLERK_TOWNSHIP]: townshipRoster(CLERK_TOWNSHIP, 10, 5, (n) => (n === 12 ? { housing_grade: 'D' } : n === 13 ? { labor_count: 9 } : {})),
  [OTHER_TOWNSHIP]: townshipRoster(OTHER_TOWNSHIP, 20, 4, (n) =>
    n === 21 ? { per_capita_income: 3000, status: '未脱贫', exit_year: null } : {},
  ),
  [THIRD]: townshipRoster(THIRD, 30, 3),
};
// The head of household 10 (新哨镇) is also listed as a member of household 31 (江边乡).
{
  const members = rosters[THIRD].members;
  const duplicateRow = members.findIndex((row) => row[0] === 'H00031' && row[3] === '其他');
  members[duplicateRow][2] = rosters[CLERK_TOWNSHIP].households[2][4];
  members[duplicateRow][4] = Number(String(members[duplicateRow][2])[16]) % 2 === 1 ? '男' : '女';
}

async function submit(period: string, township: string, roster: { households: Table; members?: Table | null }, token = tokens.county) {
  const res = await json(call('POST', '/api/v1/submissions', { token, body: { period, township, ...roster } }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
  for (const [township, roster] of Object.entries(rosters)) await submit('2020', township, roster);
});

describe('GET /reports/summary', () => {
  it("equals core's merge of each township's submission, with versions and missing townships", async () => {
    const report = await json(call('GET', '/api/v1/reports/summary?period=2020', { token: tokens.county }));
    expect(report.status).toBe(200);
    // What the report promises: core's own figures for each roster, merged by core.
    const parts = Object.entries(rosters).map(([, roster]) => evaluateRoster(compiled, { ...roster, period: '2020' }).summary);
    const expected = JSON.parse(JSON.stringify(mergeSummaries(compiled, parts)));
    expect(report.body.total).toEqual(expected.total);
    for (const township of [CLERK_TOWNSHIP, OTHER_TOWNSHIP, THIRD]) {
      const row = report.body.townships.find((t: { township: string }) => t.township === township);
      expect(row).toMatchObject({ submitted: true, criteriaVersion: 1, counters: expected.townships[township].counters });
      expect(row.rates).toEqual(expected.townships[township].rates);
      expect(row.counters.households).toBe(rosters[township].households.length - 2);
    }
    // Township rows add up to the county: every submitted row counted once.
    const sum = report.body.townships.reduce((n: number, t: { counters: { households?: number } }) => n + (t.counters.households ?? 0), 0);
    expect(sum).toBe(report.body.total.counters.households);
    expect(report.body.missing).toHaveLength(compiled.townships.length - 3);
    expect(report.body.missing).not.toContain(CLERK_TOWNSHIP);

    // The same households judged as one roster give the same county counters.
    const all = evaluateRoster(compiled, {
      households: [
        ...rosters[CLERK_TOWNSHIP].households,
        ...rosters[OTHER_TOWNSHIP].households.slice(2),
        ...rosters[THIRD].households.slice(2),
      ],
      members: [...rosters[CLERK_TOWNSHIP].members, ...rosters[OTHER_TOWNSHIP].members.slice(2), ...rosters[THIRD].members.slice(2)],
      period: '2020',
    });
    expect(report.body.total.counters.households).toBe(all.summary.total.counters.households);
    expect(report.body.total.counters.persons).toBe(all.summary.total.counters.persons);
  });

  it('counts each row once, for the township it names (spec §9.13), a row without one in the total only', async () => {
    // 2021: 新哨镇 submits its own 4 households; the county submits 江边乡's 4, of which one names
    // 新哨镇 and one names no township.
    const own = townshipRoster(CLERK_TOWNSHIP, 40, 4);
    const withStray = townshipRoster(THIRD, 50, 4, (n) =>
      n === 52 ? { township: CLERK_TOWNSHIP, household_size: 5 } : n === 53 ? { township: null } : {},
    );
    await submit('2021', CLERK_TOWNSHIP, own, tokens.clerk);
    await submit('2021', THIRD, withStray, tokens.county);
    const report = await json(call('GET', '/api/v1/reports/summary?period=2021', { token: tokens.county }));
    expect(report.status).toBe(200);
    const counters = (township: string) => report.body.townships.find((t: { township: string }) => t.township === township).counters;
    expect(report.body.total.counters.households).toBe(4 + 4);
    expect(counters(CLERK_TOWNSHIP).households).toBe(5);
    expect(counters(THIRD).households).toBe(2);
    const ownPersons = evaluateRoster(compiled, { ...own, period: '2021' }).summary.total.counters.persons;
    const strayPersons = evaluateRoster(compiled, { ...withStray, period: '2021' }).summary.total.counters.persons;
    expect(counters(CLERK_TOWNSHIP).persons).toBe(ownPersons + 5);
    expect(counters(THIRD).persons).toBe(strayPersons - 5 - 3);
    expect(report.body.total.counters.persons).toBe(ownPersons + strayPersons);
    // The township figures add up to the total less the row without a township.
    const sum = report.body.townships.reduce((n: number, t: { counters: { households?: number } }) => n + (t.counters.households ?? 0), 0);
    expect(sum).toBe(report.body.total.counters.households - 1);
  });

  it('answers 304 for the current ETag, and a new report once a township submits again', async () => {
    const first = await json(call('GET', '/api/v1/reports/summary?period=2021', { token: tokens.county }));
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"summary-[0-9a-f]{32}"$/);
    const again = await call('GET', '/api/v1/reports/summary?period=2021', { token: tokens.county, headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    const csv = await call('GET', '/api/v1/reports/summary?period=2021&format=csv', {
      token: tokens.county,
      headers: { 'if-none-match': etag! },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('etag')).not.toBe(etag);

    await submit('2021', CLERK_TOWNSHIP, townshipRoster(CLERK_TOWNSHIP, 40, 6), tokens.clerk);
    const after = await json(
      call('GET', '/api/v1/reports/summary?period=2021', { token: tokens.county, headers: { 'if-none-match': etag! } }),
    );
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(after.body.total.counters.households).toBe(6 + 4);
    expect(after.body).toEqual({ ...first.body, total: after.body.total, townships: after.body.townships });
  });

  it('answers CSV with a BOM and neutralised formula cells', async () => {
    // A county may name a township anything; a name starting with "=" must not become a formula.
    const doc = structuredClone(defaultCriteria) as any;
    doc.townships.push({ name: '=HYPERLINK("http://x")', population: null });
    const put = await call('PUT', '/api/v1/criteria', {
      token: tokens.county,
      body: { document: doc },
      headers: { 'if-match': '"criteria-v1"' },
    });
    expect(put.status).toBe(200);
    const res = await call('GET', '/api/v1/reports/summary?period=2020&format=csv', { token: tokens.county });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^乡镇 township,已提交 submitted,标准类型 profile,/);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines.some((line) => line.startsWith('=') || line.includes(',='))).toBe(false);
    expect(lines.at(-1)).toMatch(/^合计 total,/);
    expect(lines).toHaveLength(2 + compiled.townships.length + 1);
  });

  it('answers 404 problem+json for a period without submissions and 400 for a malformed one', async () => {
    const none = await json(call('GET', '/api/v1/reports/summary?period=1999', { token: tokens.county }));
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.body.zh).toEqual(expect.any(String));
    expect((await call('GET', '/api/v1/reports/summary?period=last-year', { token: tokens.county })).status).toBe(400);
    expect((await call('GET', '/api/v1/reports/summary', { token: tokens.county })).status).toBe(400);
  });
});

describe('GET /reports/issues', () => {
  it('lists households with errors or failing hard indicators, with rule ids', async () => {
    const res = await json(call('GET', `/api/v1/reports/issues?period=2020`, { token: tokens.county }));
    expect(res.status).toBe(200);
    const ids = res.body.households.map((h: { householdId: string }) => h.householdId);
    expect(ids).toEqual(expect.arrayContaining(['H00012', 'H00013', 'H00021']));
    expect(ids).not.toContain('H00010');
    const failing = res.body.households.find((h: { householdId: string }) => h.householdId === 'H00012');
    expect(failing.failingIndicators).toContain('housing');
    const error = res.body.households.find((h: { householdId: string }) => h.householdId === 'H00013');
    expect(error.rules).toContain('labor_le_size');
    expect(error.issues[0]).toMatchObject({ rule: 'labor_le_size', field: 'labor_count', severity: 'error', sheet: 'households' });
    expect(error.headIdMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });

  it("gives a clerk their own township's list only", async () => {
    const own = await json(call('GET', '/api/v1/reports/issues?period=2020', { token: tokens.clerk }));
    expect(own.status).toBe(200);
    expect(own.body.township).toBe(CLERK_TOWNSHIP);
    expect(own.body.households.every((h: { township: string }) => h.township === CLERK_TOWNSHIP)).toBe(true);
    const other = await call('GET', `/api/v1/reports/issues?period=2020&township=${encodeURIComponent(OTHER_TOWNSHIP)}`, {
      token: tokens.clerk,
    });
    expect(other.status).toBe(403);
    const csv = await call('GET', '/api/v1/reports/issues?period=2020&format=csv', { token: tokens.clerk });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('H00012');
  });
});

describe('GET /reports/duplicates', () => {
  it('finds a person ID in the latest submissions of two townships', async () => {
    const res = await json(call('GET', '/api/v1/reports/duplicates?period=2020', { token: tokens.county }));
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(1);
    expect(res.body.persons[0].townships.sort()).toEqual([CLERK_TOWNSHIP, THIRD].sort());
    expect(res.body.persons[0].idMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(res.body.persons[0].occurrences.map((o: { householdId: string }) => o.householdId).sort()).toEqual(['H00010', 'H00031']);
    // The stored records give back the shown ID and the member rows (worksheet rows, 1-based).
    const id = String(rosters[CLERK_TOWNSHIP].households[2][4]);
    expect(res.body.persons[0].idMasked).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    const rowsOf = (township: string) => rosters[township].members.flatMap((row, i) => (row[2] === id ? [i + 1] : []));
    const byTownship = (o: { township: string }, p: { township: string }) => o.township.localeCompare(p.township);
    expect([...res.body.persons[0].occurrences].sort(byTownship)).toEqual(
      [
        { township: CLERK_TOWNSHIP, householdId: 'H00010', row: rowsOf(CLERK_TOWNSHIP)[0] },
        { township: THIRD, householdId: 'H00031', row: rowsOf(THIRD)[0] },
      ].sort(byTownship),
    );
    expect(rowsOf(CLERK_TOWNSHIP)).toHaveLength(1);
    expect(rowsOf(THIRD)).toHaveLength(1);
  });
});

describe('GET /reports/dynamics', () => {
  it('counts new, removed, exited, returned and moved households county-wide by head ID', async () => {
    // 2022: H20 in A is 未脱贫 → 已脱贫 in B (exited); H22 已脱贫 → 未脱贫 (returned);
    // H23 moves from 虹溪镇 to 新哨镇; H10 and H11 removed; H90 new.
    const a = (n: number, over: Row = {}) => household(n, OTHER_TOWNSHIP, over);
    const poor = { status: '未脱贫', exit_year: null, per_capita_income: 3000 };
    const periodA = {
      [OTHER_TOWNSHIP]: [a(20, poor), a(22), a(23)],
      [CLERK_TOWNSHIP]: [household(10, CLERK_TOWNSHIP), household(11, CLERK_TOWNSHIP)],
    };
    const periodB = {
      [OTHER_TOWNSHIP]: [a(20, { exit_year: 2023 }), a(22, poor)],
      [CLERK_TOWNSHIP]: [
        household(23, CLERK_TOWNSHIP),
        household(90, CLERK_TOWNSHIP, { household_size: 4, basic_medical_insured: 4, serious_illness_insured: 4 }),
      ],
    };
    for (const [period, data] of [
      ['2022', periodA],
      ['2023', periodB],
    ] as const) {
      for (const [township, rows] of Object.entries(data)) {
        await submit(period, township, {
          households: householdSheet(rows),
          members: memberSheet(rows.flatMap((h, i) => membersOf(h, 500_000 + i * 10))),
        });
      }
    }
    const res = await json(call('GET', '/api/v1/reports/dynamics?from=2022&to=2023', { token: tokens.county }));
    expect(res.status).toBe(200);
    expect(res.body.total).toEqual({
      new: { households: 1, persons: 4 },
      removed: { households: 2, persons: 6 },
      exited: { households: 1, persons: 3 },
      returned: { households: 1, persons: 3 },
      moved: { households: 1, persons: 3 },
    });
    expect(res.body.townships[CLERK_TOWNSHIP].new.households).toBe(1);
    expect(res.body.townships[CLERK_TOWNSHIP].moved.households).toBe(1);
    expect(res.body.townships[CLERK_TOWNSHIP].removed.households).toBe(2);
    expect(res.body.townships[OTHER_TOWNSHIP].exited.households).toBe(1);
    expect(res.body.townships[OTHER_TOWNSHIP].returned.households).toBe(1);
    expect(res.body.unmatched).toEqual({ from: 0, to: 0 });
    const unknown = await json(call('GET', '/api/v1/reports/dynamics?from=2022&to=2023-07', { token: tokens.county }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.period).toBe('2023-07');
  });

  it('lists every configured township; a row naming no configured township counts in the total only and is no move', async () => {
    // 2024: 新哨镇's households 70–72. 2025: 70 without a township, 71 naming an unknown one, 72 as
    // before, and a new 73 without a township.
    const own = (n: number, over: Row = {}) => household(n, CLERK_TOWNSHIP, over);
    const periods = {
      '2024': [own(70), own(71), own(72)],
      '2025': [own(70, { township: null }), own(71, { township: '不存在乡' }), own(72), own(73, { township: null })],
    };
    for (const [period, rows] of Object.entries(periods)) {
      await submit(period, CLERK_TOWNSHIP, {
        households: householdSheet(rows),
        members: memberSheet(rows.flatMap((h, i) => membersOf(h, 700_000 + Number(period) * 100 + i * 10))),
      });
    }
    const res = await json(call('GET', '/api/v1/reports/dynamics?from=2024&to=2025', { token: tokens.county }));
    expect(res.status).toBe(200);
    // Every township of the current criteria (a test above published one more).
    expect(Object.keys(res.body.townships)).toEqual(expect.arrayContaining(compiled.townships));
    expect(res.body.total.new).toEqual({ households: 1, persons: 3 });
    expect(res.body.total.moved).toEqual({ households: 0, persons: 0 });
    expect(res.body.total.removed).toEqual({ households: 0, persons: 0 });
    for (const counts of Object.values(res.body.townships) as Record<string, { households: number }>[]) {
      for (const movement of ['new', 'removed', 'exited', 'returned', 'moved']) expect(counts[movement].households).toBe(0);
    }
  });
});

/** Publish a document as the county, over whatever version is current; the answer's status. */
async function publish(document: unknown): Promise<number> {
  const current = await call('GET', '/api/v1/criteria', { token: tokens.county });
  const put = await call('PUT', '/api/v1/criteria', {
    token: tokens.county,
    body: { document },
    headers: { 'if-match': current.headers.get('etag')! },
  });
  return put.status;
}

describe('GET /reports/dynamics after a township is renamed', () => {
  it('counts the older periods under the name their submissions were judged with', async () => {
    const rows = (township: string, over: Row = {}) => [household(60, township, over), household(61, township, over)];
    for (const [period, data] of [
      ['2026', rows(CLERK_TOWNSHIP, { status: '未脱贫', exit_year: null, per_capita_income: 3000 })],
      ['2027', rows(CLERK_TOWNSHIP)],
    ] as const) {
      await submit(period, CLERK_TOWNSHIP, {
        households: householdSheet(data),
        members: memberSheet(data.flatMap((h, i) => membersOf(h, 600_000 + Number(period) * 10 + i))),
      });
    }
    // The county renames the township in a new criteria version.
    const current = await json(call('GET', '/api/v1/criteria', { token: tokens.county }));
    const doc = structuredClone(current.body.document);
    doc.townships = doc.townships.map((t: { name: string }) => (t.name === CLERK_TOWNSHIP ? { ...t, name: `${CLERK_TOWNSHIP}新` } : t));
    expect(await publish(doc)).toBe(200);
    const res = await json(call('GET', '/api/v1/reports/dynamics?from=2026&to=2027', { token: tokens.county }));
    expect(res.status).toBe(200);
    expect(res.body.townships[CLERK_TOWNSHIP].exited.households).toBe(2);
    expect(res.body.total.exited.households).toBe(2);
    // Put the name back for the tests below.
    expect(await publish(current.body.document)).toBe(200);
  });
});

describe('GET /reports/summary after a switch of profile', () => {
  it("keeps an earlier period's figures under the profile its submissions were judged with", async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 80, 3);
    await submit('2017', CLERK_TOWNSHIP, roster, tokens.clerk);
    const before = await json(call('GET', '/api/v1/reports/summary?period=2017', { token: tokens.county }));
    expect(before.body.profile).toBe('default');
    // The county switches to the monitoring profile.
    expect(await publish(monitoringCriteria)).toBe(200);
    const after = await json(call('GET', '/api/v1/reports/summary?period=2017', { token: tokens.county }));
    expect(after.status).toBe(200);
    expect(after.body.profile).toBe('default');
    expect(after.body.criteriaVersion).toBe(before.body.criteriaVersion);
    expect(after.body.total).toEqual(before.body.total);
    expect(after.body.townships.find((t: { township: string }) => t.township === CLERK_TOWNSHIP).profile).toBe('default');
    expect(after.body.townships.find((t: { township: string }) => t.township === CLERK_TOWNSHIP).counted).toBe(true);

    // Another township submits the same period under the new profile: the report follows it, and
    // the township judged under the old one says it is not in the figures (its zeros are not "no households").
    const sheet = (monitoringExport as { sheet: Table }).sheet;
    await submit('2017', OTHER_TOWNSHIP, { households: sheet });
    const mixed = await json(call('GET', '/api/v1/reports/summary?period=2017', { token: tokens.county }));
    expect(mixed.status).toBe(200);
    expect(mixed.body.profile).toBe('monitoring');
    const row = (township: string) => mixed.body.townships.find((t: { township: string }) => t.township === township);
    expect(row(CLERK_TOWNSHIP)).toMatchObject({ submitted: true, profile: 'default', counted: false });
    expect(row(OTHER_TOWNSHIP)).toMatchObject({ submitted: true, profile: 'monitoring', counted: true });
    expect(row(THIRD)).toMatchObject({ submitted: false, profile: null, counted: false });
    const csv = await (await call('GET', '/api/v1/reports/summary?period=2017&format=csv', { token: tokens.county })).text();
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^乡镇 township,已提交 submitted,标准类型 profile,计入合计 counted,/);
    expect(lines.find((line) => line.startsWith(`${CLERK_TOWNSHIP},`))).toMatch(new RegExp(`^${CLERK_TOWNSHIP},是,default,否,`));
    expect(lines.find((line) => line.startsWith(`${OTHER_TOWNSHIP},`))).toMatch(new RegExp(`^${OTHER_TOWNSHIP},是,monitoring,是,`));
  });
});

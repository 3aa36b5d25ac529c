import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../../core/index';
import { call, CLERK_TOWNSHIP, json, makeTokens, OTHER_TOWNSHIP, seedDefault, storage, type Tokens } from '../test/api';
import { householdSheet, idNumber, townshipRoster } from '../test/roster';
import { readPersons } from '../ids/person-record';

let tokens: Tokens;
beforeAll(async () => {
  await seedDefault();
  tokens = await makeTokens();
});

const compiled = compileCriteria(defaultCriteria);

describe('POST /submissions', () => {
  it('re-scores with core and the current criteria, stores rows with errors, and answers the summary', async () => {
    // Household 3 claims a score-relevant fact that core must judge itself; household 4 has an error.
    const roster = townshipRoster(CLERK_TOWNSHIP, 1, 5, (n) => (n === 3 ? { housing_grade: 'D' } : n === 4 ? { labor_count: 9 } : {}));
    const res = await json(
      call('POST', '/api/v1/submissions', { token: tokens.clerk, body: { period: '2020', township: CLERK_TOWNSHIP, ...roster } }),
    );
    expect(res.status).toBe(201);
    const expected = evaluateRoster(compiled, { ...roster, period: '2020', expectedTownship: CLERK_TOWNSHIP });
    expect(res.body).toMatchObject({ period: '2020', township: CLERK_TOWNSHIP, criteriaVersion: 1, households: 5, persons: 15 });
    expect(res.body.summary).toEqual(JSON.parse(JSON.stringify(expected.summary)));
    expect(res.body.rowsWithErrors).toBe(expected.households.filter((h) => h.issues.some((i) => i.severity === 'error')).length);
    expect(res.body.rowsWithErrors).toBeGreaterThanOrEqual(1);

    const stored = await storage()
      .prepare('SELECT row, score, exit_eligible, risk_level, has_error, failing_hard FROM households WHERE submission_id = ? ORDER BY row')
      .bind(res.body.id)
      .all<{ row: number; score: number; exit_eligible: number; risk_level: number; has_error: number; failing_hard: string }>();
    expect(stored).toHaveLength(5);
    expected.households.forEach((h, i) => {
      expect(stored[i]).toMatchObject({ row: h.row, score: h.score, exit_eligible: h.exitEligible ? 1 : 0, risk_level: h.riskLevel });
    });
    expect(JSON.parse(stored[2].failing_hard)).toContain('housing');
    expect(stored[3].has_error).toBe(1);
  });

  it('never stores a raw ID: every table and column of D1 is scanned after a submission', async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 50, 3);
    const res = await call('POST', '/api/v1/submissions', {
      token: tokens.county,
      body: { period: '2019', township: CLERK_TOWNSHIP, ...roster },
    });
    expect(res.status).toBe(201);
    const ids = [...roster.households.slice(2).map((row) => String(row[4])), ...roster.members.slice(2).map((row) => String(row[2]))];
    expect(ids.every((id) => /^\d{17}[\dX]$/.test(id))).toBe(true);
    const tables = await storage()
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .all<{ name: string }>();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['households', 'submissions', 'submission_tables', 'tokens']));
    for (const { name } of tables) {
      const rows = await storage().prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
      const dump = rows
        .map((row) =>
          Object.values(row)
            .map((value) =>
              value instanceof ArrayBuffer || Array.isArray(value)
                ? new TextDecoder('latin1').decode(new Uint8Array(value as ArrayBuffer))
                : String(value),
            )
            .join('|'),
        )
        .join('\n');
      for (const id of ids) expect(dump, `${name} holds ${id}`).not.toContain(id);
      // The masked form is there for people; the middle digits never are.
      for (const id of ids) expect(dump).not.toContain(id.slice(6, 14) + id.slice(14));
    }
    const masked = ids.at(-1)!.slice(0, 6) + '********' + ids.at(-1)!.slice(-4);
    const stored = await storage().prepare('SELECT person_ids FROM households').all<{ person_ids: string }>();
    expect(stored.flatMap((row) => readPersons(row.person_ids)).some((person) => person.masked === masked)).toBe(true);
  });

  it('honours Idempotency-Key: same key and body → same answer, no second row; other body → 422', async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 100, 2);
    const body = { period: '2018', township: CLERK_TOWNSHIP, ...roster };
    const headers = { 'idempotency-key': 'key-2018-1' };
    const [first, second] = await Promise.all([
      json(call('POST', '/api/v1/submissions', { token: tokens.clerk, body, headers })),
      json(call('POST', '/api/v1/submissions', { token: tokens.clerk, body, headers })),
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const third = await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, body, headers }));
    expect(third.body).toEqual(first.body);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    const count = await storage().prepare("SELECT COUNT(*) AS n FROM submissions WHERE period = '2018'").first<{ n: number }>();
    expect(count?.n).toBe(1);
    const other = await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, body: { ...body, period: '2017' }, headers }));
    expect(other.status).toBe(422);
  });

  it('fingerprints the body as sent: the same bytes replay, the same request with its keys reordered is another body', async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 300, 2);
    const body = { period: '2016', township: CLERK_TOWNSHIP, ...roster };
    const headers = { 'idempotency-key': 'key-2016-1' };
    const reordered = JSON.stringify({ members: roster.members, households: roster.households, township: CLERK_TOWNSHIP, period: '2016' });
    const first = await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, raw: reordered, headers }));
    expect(first.status).toBe(201);
    const replay = await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, raw: reordered, headers }));
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const otherBytes = await json(call('POST', '/api/v1/submissions', { token: tokens.clerk, body, headers }));
    expect(otherBytes.status).toBe(422);
    const count = await storage().prepare("SELECT COUNT(*) AS n FROM submissions WHERE period = '2016'").first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it('a newer submission supersedes the older one, which stays in history', async () => {
    const first = await json(
      call('POST', '/api/v1/submissions', {
        token: tokens.clerk,
        body: { period: '2021', township: CLERK_TOWNSHIP, ...townshipRoster(CLERK_TOWNSHIP, 200, 2) },
      }),
    );
    const second = await json(
      call('POST', '/api/v1/submissions', {
        token: tokens.county,
        body: { period: '2021', township: CLERK_TOWNSHIP, ...townshipRoster(CLERK_TOWNSHIP, 200, 3) },
      }),
    );
    expect(second.status).toBe(201);
    const list = await json(call('GET', '/api/v1/submissions?period=2021', { token: tokens.clerk }));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    const [newest, oldest] = list.body;
    expect(newest).toMatchObject({ id: second.body.id, superseded: false, households: 3 });
    expect(oldest).toMatchObject({ id: first.body.id, superseded: true, supersededBy: second.body.id, households: 2 });
  });

  it('refuses unreadable rosters (422 with the sheet issues) and unknown townships (422)', async () => {
    const noHeader = await json(
      call('POST', '/api/v1/submissions', {
        token: tokens.clerk,
        body: {
          period: '2020',
          township: CLERK_TOWNSHIP,
          households: [
            ['a', 'b'],
            [1, 2],
          ],
        },
      }),
    );
    expect(noHeader.status).toBe(422);
    expect(noHeader.headers.get('content-type')).toBe('application/problem+json');
    expect(noHeader.body.errors.length).toBeGreaterThan(0);
    expect(noHeader.body.errors[0]).toMatchObject({ path: expect.stringContaining('households'), rule: expect.any(String) });

    const missingColumn = householdSheet([]).map((row, i) => (i === 1 ? row.filter((h) => h !== '户主证件号码') : row));
    missingColumn.push(['H1', CLERK_TOWNSHIP]);
    const missing = await json(
      call('POST', '/api/v1/submissions', {
        token: tokens.clerk,
        body: { period: '2020', township: CLERK_TOWNSHIP, households: missingColumn },
      }),
    );
    expect(missing.status).toBe(422);

    const unknown = await json(
      call('POST', '/api/v1/submissions', {
        token: tokens.county,
        body: { period: '2020', township: '不存在镇', ...townshipRoster('不存在镇', 1, 1) },
      }),
    );
    expect(unknown.status).toBe(422);
  });

  it("a clerk may submit and list only their own township's data", async () => {
    const roster = townshipRoster(OTHER_TOWNSHIP, 300, 1);
    expect(
      (await call('POST', '/api/v1/submissions', { token: tokens.clerk, body: { period: '2020', township: OTHER_TOWNSHIP, ...roster } }))
        .status,
    ).toBe(403);
    expect((await call('GET', `/api/v1/submissions?township=${encodeURIComponent(OTHER_TOWNSHIP)}`, { token: tokens.clerk })).status).toBe(
      403,
    );
    const own = await json(call('GET', '/api/v1/submissions', { token: tokens.clerk }));
    expect(own.body.every((s: { township: string }) => s.township === CLERK_TOWNSHIP)).toBe(true);
  });

  it('marks rows of another township in a clerk submission (core gets expectedTownship)', async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 400, 2, (n) => (n === 401 ? { township: OTHER_TOWNSHIP } : {}));
    const res = await json(
      call('POST', '/api/v1/submissions', { token: tokens.clerk, body: { period: '2016', township: CLERK_TOWNSHIP, ...roster } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.summary.total.counters).toEqual(
      evaluateRoster(compiled, { ...roster, period: '2016', expectedTownship: CLERK_TOWNSHIP }).summary.total.counters,
    );
    const issues = await storage()
      .prepare('SELECT issues FROM households WHERE submission_id = ? AND household_id = ?')
      .bind(res.body.id, 'H00401')
      .first<{ issues: string }>();
    expect(issues?.issues).toContain('township_mismatch');
  });

  it('answers problem+json for wrong types and bad periods', async () => {
    const bad = await json(
      call('POST', '/api/v1/submissions', { token: tokens.county, body: { period: '20-20', township: 5, households: 'x' } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['json.period', 'json.township', 'json.households']),
    );
    expect(idNumber(1)).toMatch(/^\d{17}[\dX]$/);
    expect(env.DB).toBeDefined();
  });

  it('takes a roster with no household, but not in place of one that has households', async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 950, 2);
    const headerOnly = roster.households.slice(0, -2);
    const submit = (period: string, households: unknown[][], members?: unknown[][]) =>
      json(
        call('POST', '/api/v1/submissions', {
          token: tokens.county,
          body: { period, township: CLERK_TOWNSHIP, households, ...(members ? { members } : {}) },
        }),
      );
    // A township with nothing to report this period.
    const none = await submit('2017', headerOnly);
    expect(none.status).toBe(201);
    expect(none.body.households).toBe(0);
    expect(none.body.sheetIssues.map((i: { rule: string }) => i.rule)).toContain('no_rows');
    // A full roster, then an empty one for the same period: refused, the full one stays current.
    const first = await submit('2016', roster.households, roster.members);
    expect(first.status).toBe(201);
    const empty = await submit('2016', headerOnly);
    expect(empty.status).toBe(422);
    expect(empty.body.type).toMatch(/empty_roster$/);
    expect(empty.body.zh).toMatch(/没有一户/);
    const list = await json(
      call('GET', `/api/v1/submissions?period=2016&township=${encodeURIComponent(CLERK_TOWNSHIP)}`, { token: tokens.county }),
    );
    expect(list.body.filter((s: { superseded: boolean }) => !s.superseded).map((s: { id: string }) => s.id)).toEqual([first.body.id]);
  });

  it('refuses a misspelled key instead of dropping the sheet it was meant for, and says where a bad cell is in Chinese', async () => {
    const roster = townshipRoster(CLERK_TOWNSHIP, 900, 2);
    const misspelled = await json(
      call('POST', '/api/v1/submissions', {
        token: tokens.county,
        body: { period: '2020', township: CLERK_TOWNSHIP, households: roster.households, Members: roster.members },
      }),
    );
    expect(misspelled.status).toBe(400);
    expect(misspelled.body.errors[0].zh).toMatch(/不认识的字段：Members（拼写错误？）/);
    const households = roster.households.map((row) => [...row]);
    households[2][3] = { text: 'x' } as never;
    const cell = await json(
      call('POST', '/api/v1/submissions', { token: tokens.county, body: { period: '2020', township: CLERK_TOWNSHIP, households } }),
    );
    expect(cell.status).toBe(400);
    expect(cell.body.errors[0]).toMatchObject({
      path: 'json.households.2.3',
      zh: '户表第 3 行 D 列：单元格只能是文本、数字、真假值或空（null）',
    });
    const year = await json(
      call('POST', '/api/v1/submissions', {
        token: tokens.county,
        body: { period: '0000', township: CLERK_TOWNSHIP, households: roster.households },
      }),
    );
    expect(year.status).toBe(400);
    expect(year.body.errors[0].zh).toMatch(/^json\.period：期次应为 YYYY 或 YYYY-MM/);
  });
});

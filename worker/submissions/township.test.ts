import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../../core/index';
import { hardIndicators } from '../engine/index';
import { storage } from '../test/api';
import { household, householdSheet } from '../test/roster';
import { submissionRows } from './rows';

const compiled = compileCriteria(defaultCriteria);

describe("a household's stored township", () => {
  it("is null for the submission's own township, '' where the row has none, else the row's", async () => {
    const rows = [
      household(1, '新哨镇'),
      household(2, '新哨镇', { township: null }),
      household(3, '新哨镇', { township: '   ' }),
      household(4, '江边乡'),
      household(5, '不存在乡'),
    ];
    const result = evaluateRoster(compiled, { households: householdSheet(rows), period: '2020', expectedTownship: '新哨镇' });
    const stored = await submissionRows(result, { hardIndicators: hardIndicators(compiled), secret: 'township-test', township: '新哨镇' });
    expect(stored.households.map((row) => row[2])).toEqual([null, '', '', '江边乡', '不存在乡']);
  });

  it("migration 0003 tells rows stored without a township ('') from rows of the submission's township (null)", async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0003'));
    const updates = migration?.queries.filter((q) => /UPDATE households/i.test(q)) ?? [];
    expect(updates).toHaveLength(1);
    const insert = storage().prepare(
      `INSERT INTO households (submission_id, row, township, score, exit_eligible, risk_level, indicators_not_true, issues, has_error,
         failing_hard, person_ids) VALUES ('t-old', ?1, ?2, 100, 1, 1, '{}', ?3, 0, '[]', '')`,
    );
    const issue = (rule: string, field: string, sheet = 'households') =>
      JSON.stringify([{ rule, field, severity: 'error', sheet, row: 2 }]);
    await storage().batch([
      insert.bind(2, null, issue('required', 'township')),
      insert.bind(3, null, issue('required', 'head_name')),
      insert.bind(4, null, '[]'),
      insert.bind(5, '江边乡', issue('township_mismatch', 'township')),
      // A member row's conflicting township: the household's own township parsed.
      insert.bind(6, null, issue('household_value_conflict', 'township', 'members')),
      insert.bind(7, null, issue('type', 'township')),
    ]);
    for (const update of updates) await storage().prepare(update).run();
    const townships = await storage()
      .prepare("SELECT township FROM households WHERE submission_id = 't-old' ORDER BY row")
      .all<{ township: string | null }>();
    expect(townships.map((row) => row.township)).toEqual(['', null, null, '江边乡', null, '']);
  });
});

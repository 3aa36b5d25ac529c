import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { storage } from '../test/api';
import { hmacIds, idSigner, maskId } from './index';
import { hmacAtSql, maskedAtSql, PERSON_RECORD, personRecord, readPersons, recordStartSql, rowAtSql } from './person-record';

const SECRET = 'person-record-test';
const IDS = ['11010119900307803X', '532504198001010022', '530102201512319999'];
const ROWS = [2, 1_048_576, 70];

describe('personRecord', () => {
  it('packs HMAC, masked ID and row into 49 characters that read back', async () => {
    const signer = idSigner(SECRET);
    const packed = IDS.map((id, i) => personRecord(signer, id, ROWS[i])).join('');
    expect(packed).toHaveLength(3 * PERSON_RECORD);
    const hmacs = await hmacIds(SECRET, IDS);
    expect(readPersons(packed)).toEqual(IDS.map((id, i) => ({ hmac: hmacs[i], masked: maskId(id), row: ROWS[i] })));
    for (const id of IDS) expect(packed).not.toContain(id.slice(6, 14));
  });

  it('refuses what would not fit a record', () => {
    const signer = idSigner(SECRET);
    expect(() => personRecord(signer, '1101011990030780', 2)).toThrow(RangeError);
    expect(() => personRecord(signer, IDS[0], 10_000_000)).toThrow(RangeError);
    expect(() => personRecord(signer, IDS[0], 2.5)).toThrow(RangeError);
    expect(() => readPersons('abc')).toThrow(RangeError);
  });

  it('is read in SQL by the helpers the reports use, record by record', async () => {
    const signer = idSigner(SECRET);
    const packed = IDS.map((id, i) => personRecord(signer, id, ROWS[i])).join('');
    const expected = readPersons(packed);
    for (let index = 0; index < IDS.length; index++) {
      const start = recordStartSql('?2');
      const row = await storage()
        .prepare(`SELECT ${hmacAtSql('?1', start)} AS hmac, ${maskedAtSql('?1', start)} AS masked, ${rowAtSql('?1', start)} AS row`)
        .bind(packed, index)
        .first();
      expect(row).toEqual(expected[index]);
    }
    const none = await storage()
      .prepare(`SELECT ${hmacAtSql('?1', recordStartSql('?2'))} AS hmac`)
      .bind(packed, null)
      .first();
    expect(none).toEqual({ hmac: null });
  });
});

describe('migration 0002', () => {
  it('turns person_ids stored as JSON before into records, in order, and leaves records alone', async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0002'));
    const update = migration?.queries.find((q) => /^\s*UPDATE households/i.test(q));
    expect(update).toBeDefined();
    const hmacs = await hmacIds(SECRET, IDS);
    const old = JSON.stringify(IDS.map((id, i) => [ROWS[i], hmacs[i], maskId(id)]));
    const current = personRecord(idSigner(SECRET), IDS[0], 9);
    const insert = storage().prepare(
      `INSERT INTO households (submission_id, row, score, exit_eligible, risk_level, indicators_not_true, issues, has_error,
         failing_hard, person_ids) VALUES (?1, ?2, 100, 1, 1, '{}', '[]', 0, '[]', ?3)`,
    );
    await storage().batch([insert.bind('m-old', 2, old), insert.bind('m-empty', 2, '[]'), insert.bind('m-new', 2, current)]);
    await storage().prepare(update!).run();
    const rows = await storage()
      .prepare("SELECT submission_id, person_ids FROM households WHERE submission_id LIKE 'm-%' ORDER BY submission_id")
      .all<{ submission_id: string; person_ids: string }>();
    expect(rows).toEqual([
      { submission_id: 'm-empty', person_ids: '' },
      { submission_id: 'm-new', person_ids: current },
      { submission_id: 'm-old', person_ids: IDS.map((id, i) => personRecord(idSigner(SECRET), id, ROWS[i])).join('') },
    ]);
  });
});

import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { storage } from '../test/api';
import { hmacIds, idSigner, maskId } from './index';
import { hmacAtSql, maskedAtSql, PERSON_RECORD, personRecord, readPersons, recordStartSql, rowAtSql } from './person-record';

const SECRET = 'person-record-test';
const IDS = ['11010119900307803X', '532504198001010022', '530102201512319999'];
const ROWS = [2, 1_048_576, 70];

describe('personRecord', () => {
  it('packs HMAC, masked ID and row into 41 characters that read back', async () => {
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
  it('turns person_ids stored as JSON before into records, in order, cuts old HMACs to 96 bits, and leaves records alone', async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0002'));
    const updates = migration?.queries.filter((q) => /^\s*UPDATE households/i.test(q)) ?? [];
    expect(updates).toHaveLength(2);
    // Stored before: the first 128 bits (32 hex characters), in JSON.
    const signer = idSigner(SECRET);
    const old = JSON.stringify(IDS.map((id, i) => [ROWS[i], signer.hex(id, 4), maskId(id)]));
    const current = personRecord(signer, IDS[0], 9);
    const insert = storage().prepare(
      `INSERT INTO households (submission_id, row, score, exit_eligible, risk_level, indicators_not_true, issues, has_error,
         failing_hard, head_hmac, person_ids) VALUES (?1, ?2, 100, 1, 1, '{}', '[]', 0, '[]', ?3, ?4)`,
    );
    await storage().batch([
      insert.bind('m-old', 2, signer.hex(IDS[1], 4), old),
      insert.bind('m-empty', 2, null, '[]'),
      insert.bind('m-new', 2, null, current),
    ]);
    for (const update of updates) await storage().prepare(update).run();
    const rows = await storage()
      .prepare("SELECT submission_id, head_hmac, person_ids FROM households WHERE submission_id LIKE 'm-%' ORDER BY submission_id")
      .all<{ submission_id: string; head_hmac: string | null; person_ids: string }>();
    const [headHmac] = await hmacIds(SECRET, [IDS[1]]);
    expect(rows).toEqual([
      { submission_id: 'm-empty', head_hmac: null, person_ids: '' },
      { submission_id: 'm-new', head_hmac: null, person_ids: current },
      { submission_id: 'm-old', head_hmac: headHmac, person_ids: IDS.map((id, i) => personRecord(signer, id, ROWS[i])).join('') },
    ]);
  });
});

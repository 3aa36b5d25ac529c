import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../digest/index';
import { submissionRequestSchema } from './schemas';
import { legacyFingerprint } from './service';

describe('legacyFingerprint', () => {
  it('is the SHA-256 of JSON.stringify of the validated request, in the schema key order whatever the client sent', async () => {
    const households = [['户编号', '乡镇'], ['H1', '新哨镇']];
    const members = [['户编号'], ['H1']];
    for (const [body, canonical] of [
      [{ members, households, township: '新哨镇', period: '2020' }, { period: '2020', township: '新哨镇', households, members }],
      [{ households, township: '新哨镇', period: '2020-06', members: null }, { period: '2020-06', township: '新哨镇', households, members: null }],
      [{ period: '2020', township: '新哨镇', households }, { period: '2020', township: '新哨镇', households }],
    ] as const) {
      const input = submissionRequestSchema.parse(body);
      expect(await legacyFingerprint(input)).toBe(await sha256Hex(JSON.stringify(canonical)));
    }
  });
});

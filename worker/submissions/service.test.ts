import { describe, expect, it } from 'vitest';
import { submissionRequestSchema } from './schemas';
import { requestJson } from './service';

describe('requestJson', () => {
  it('is JSON.stringify of the validated request, from the tables JSON made once', () => {
    const households = [['户编号', '乡镇'], ['H1', '新哨镇']];
    const members = [['户编号'], ['H1']];
    // Clients send keys in any order; zod hands them back in the schema's order.
    for (const body of [
      { members, households, township: '新哨镇', period: '2020' },
      { households, township: '新哨镇', period: '2020-06', members: null },
      { period: '2020', township: '新哨镇', households },
    ]) {
      const input = submissionRequestSchema.parse(body);
      const json = requestJson(input, JSON.stringify(input.households), JSON.stringify(input.members ?? null));
      expect(json).toBe(JSON.stringify(input));
    }
  });
});

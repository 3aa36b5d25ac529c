import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compileCriteria } from '../criteria/compile';
import { defaultCriteria } from '../criteria/profiles/index';
import type { Table } from '../types';
import { evaluateRoster } from './evaluate';
import {
  defaultHousehold,
  defaultMembers,
  householdSheet,
  memberSheet,
  MON_REF_DATE,
  monHousehold,
  monitoringC,
  monPersons,
  monRows,
  personSheet,
  REF_DATE,
} from './testkit';

// The engine keeps its own working objects between evaluations (ArrayPool.keep); the caller's
// tables must still be free to go once the caller lets go of them.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function evaluateAndForget(c: ReturnType<typeof compileCriteria>): { households: WeakRef<Table>; members: WeakRef<Table> } {
  const rows = Array.from({ length: 50 }, (_, k) => defaultHousehold(k + 1));
  const households = householdSheet(rows);
  const members = memberSheet(rows.flatMap((hh, k) => defaultMembers(k + 1, hh)));
  const result = evaluateRoster(c, { households, members, referenceDate: REF_DATE });
  expect(result.households).toHaveLength(50);
  return { households: new WeakRef(households), members: new WeakRef(members) };
}

describe('working objects kept between evaluations', () => {
  it('do not keep the input tables alive', async () => {
    const c = compileCriteria(defaultCriteria);
    const refs = evaluateAndForget(c);
    // WeakRefs hold their target until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(refs.households.deref()).toBeUndefined();
    expect(refs.members.deref()).toBeUndefined();
  });

  it('do not keep a person-per-row export alive', async () => {
    const ref = ((): WeakRef<Table> => {
      const sheet = personSheet(Array.from({ length: 20 }, (_, k) => monRows(monHousehold(k + 1), monPersons(k + 1))).flat());
      const result = evaluateRoster(monitoringC, { households: sheet, referenceDate: MON_REF_DATE });
      expect(result.households).toHaveLength(20);
      return new WeakRef(sheet);
    })();
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(ref.deref()).toBeUndefined();
  });
});

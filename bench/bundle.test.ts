import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compileCriteria, evaluateRoster, marksOf, monitoringCriteria } from '../core/index';
import { monHousehold, monPersons, monRows, MON_REF_DATE, personSheet } from '../core/engine/testkit';
import { bundleCore, PANE_ENTRY } from './bundle';

describe('core as the pane bundles it', () => {
  it('leaves out zod’s locales and the shipped criteria documents', async () => {
    const bundle = await bundleCore();
    expect(Object.keys(bundle.parts)).not.toContain('zod locales');
    expect(Object.keys(bundle.parts).some((p) => p.includes('profiles'))).toBe(false);
    expect(bundle.parts.zod).toBeGreaterThan(0);
  });

  it('the bundled code gives the same results, marks and problems as the source', async () => {
    const out = await build({
      stdin: { contents: PANE_ENTRY, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].contents).toString('base64')}`;
    const bundled = (await import(/* @vite-ignore */ url)) as typeof import('../core/index');
    const rows = monRows(monHousehold(1, { per_capita_income: 'abc' }), monPersons(1));
    const input = { households: personSheet(rows), referenceDate: MON_REF_DATE };
    const mine = evaluateRoster(compileCriteria(monitoringCriteria), input);
    const theirs = bundled.evaluateRoster(bundled.compileCriteria(monitoringCriteria), input);
    expect(theirs).toEqual(mine);
    expect(bundled.marksOf(theirs)).toEqual(marksOf(mine));
    const broken = { ...structuredClone(monitoringCriteria), parametres: 1 };
    expect(bundled.validateCriteria(broken)).toEqual({
      ok: false,
      problems: [{ path: '', message: { zh: expect.stringContaining('parametres'), en: 'Unrecognized key: "parametres"' } }],
    });
  });
});

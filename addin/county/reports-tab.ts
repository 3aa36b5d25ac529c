/**
 * 报表 tab: pull a report into a sheet the add-in owns (pulling again replaces it) or, outside
 * Excel, download it as .xlsx; re-score a period under the criteria in force; clear the reports.
 */
import type { ResultSheetSpec } from '../host/types';
import { el } from './dom';
import { guarded, type CountyContext } from './context';
import { duplicatesSheet, dynamicsSheet, issuesSheet, reportSheetNames, summarySheet, trendSheet, type RateLabels, type SheetContext } from './reports';
import { XLSX_TYPE, xlsxOf } from './xlsx';
import { download } from './dom';

/** Timings of the last pull (the bench reads them; no data in them). */
export interface PullTiming {
  report: string;
  fetchMs: number;
  buildMs: number;
  writeMs: number;
}

export class ReportsTab {
  readonly root: HTMLElement;
  readonly timings: PullTiming[] = [];
  private readonly period = el('input', { id: 'county-period', type: 'text', spellcheck: 'false' });
  private readonly from = el('input', { id: 'county-from', type: 'text', spellcheck: 'false' });
  private readonly to = el('input', { id: 'county-to', type: 'text', spellcheck: 'false' });
  private readonly township = el('select', { id: 'county-township' });

  constructor(
    private readonly c: CountyContext,
    private readonly rateLabels: () => RateLabels,
    defaults: { period: string; from: string },
  ) {
    const { t } = c;
    this.period.value = defaults.period;
    this.from.value = defaults.from;
    this.to.value = defaults.period;
    const button = (id: string, key: Parameters<typeof t>[0], action: () => Promise<void>, primary = false) => {
      const b = el('button', { type: 'button', id, className: primary ? 'button primary' : 'button', text: t(key) });
      b.addEventListener('click', () => void guarded(c, action));
      return b;
    };
    const field = (label: string, input: HTMLElement) => el('div', { className: 'field' }, el('label', { for: input.id, text: label }), input);
    this.root = el(
      'div',
      { id: 'county-reports', className: 'stack', hidden: true },
      el('div', { className: 'row2' }, field(t('county_period'), this.period), field(t('county_township_name'), this.township as unknown as HTMLElement)),
      el('div', { className: 'actions' },
        button('county-pull-summary', 'county_pull_summary', () => this.pull('summary'), true),
        button('county-pull-issues', 'county_pull_issues', () => this.pull('issues')),
        button('county-pull-duplicates', 'county_pull_duplicates', () => this.pull('duplicates')),
        button('county-rescore', 'county_rescore', () => this.rescore()),
      ),
      el('div', { className: 'row2' }, field(t('county_from'), this.from), field(t('county_to'), this.to)),
      el('div', { className: 'actions' },
        button('county-pull-dynamics', 'county_pull_dynamics', () => this.pull('dynamics')),
        button('county-pull-trend', 'county_pull_trend', () => this.pull('trend')),
        ...(c.host ? [button('county-clear-reports', 'county_clear_reports', () => this.clear())] : []),
      ),
    );
  }

  /** The townships of the current criteria, for the rectification list's filter. */
  setTownships(names: string[]): void {
    const keep = this.township.value;
    this.township.replaceChildren(el('option', { value: '', text: this.c.t('county_township_all') }), ...names.map((n) => el('option', { value: n, text: n })));
    this.township.value = names.includes(keep) ? keep : '';
  }

  private context(): SheetContext {
    return { t: this.c.t, lang: this.c.lang, rateLabels: this.rateLabels() };
  }

  /** Fetches a report, lays it out and writes it (or downloads it outside Excel). */
  async pull(report: 'summary' | 'issues' | 'duplicates' | 'dynamics' | 'trend'): Promise<void> {
    const api = this.c.api();
    const period = this.period.value.trim();
    const [from, to] = [this.from.value.trim(), this.to.value.trim()];
    const context = this.context();
    const timed = async <T>(fetch: () => Promise<T>, layout: (data: T) => ResultSheetSpec) => {
      const t0 = performance.now();
      const data = await fetch();
      const t1 = performance.now();
      const sheet = layout(data);
      return { sheet, fetchMs: t1 - t0, buildMs: performance.now() - t1 };
    };
    const { sheet, fetchMs, buildMs } = await {
      summary: () => timed(() => api.summary(period), (d) => summarySheet(d, context)),
      issues: () => timed(() => api.issues(period, this.township.value || undefined), (d) => issuesSheet(d, context)),
      duplicates: () => timed(() => api.duplicates(period), (d) => duplicatesSheet(d, context)),
      dynamics: () => timed(() => api.dynamics(from, to), (d) => dynamicsSheet(d, context)),
      trend: () => timed(() => api.trend(from, to), (d) => trendSheet(d, context)),
    }[report]();
    const t2 = performance.now();
    await this.write(sheet, `${sheet.name}-${report === 'dynamics' || report === 'trend' ? `${from}-${to}` : period}.xlsx`);
    this.timings.push({ report, fetchMs, buildMs, writeMs: performance.now() - t2 });
  }

  private async write(sheet: ResultSheetSpec, filename: string): Promise<void> {
    if (this.c.host) {
      await this.c.host.writeResultSheet(sheet);
      this.c.say(this.c.t('county_pulled', { sheet: sheet.name }), 'ok');
    } else {
      download(xlsxOf(sheet), XLSX_TYPE, filename);
      this.c.say(this.c.t('county_downloaded', { file: filename }), 'ok');
    }
  }

  private async rescore(): Promise<void> {
    const { t } = this.c;
    const period = this.period.value.trim();
    const outcome = await this.c.api().rescore(period, (_, total) =>
      this.c.say(t('county_rescoring', { done: total.rescored.length, left: total.remaining.length })),
    );
    const skipped = outcome.skipped.map((s) => `${s.township}（${s.reason}）`).join('、');
    this.c.say(
      t('county_rescored', { period, version: outcome.criteriaVersion, n: outcome.rescored.length }) + (skipped ? `；${t('county_rescore_skipped', { list: skipped })}` : ''),
      skipped ? 'error' : 'ok',
    );
  }

  private async clear(): Promise<void> {
    const host = this.c.host!;
    const owned = new Set((await host.listSheets()).filter((s) => s.ownedByAddin).map((s) => s.name));
    for (const name of reportSheetNames(this.c.t)) if (owned.has(name)) await host.deleteResultSheet(name);
    this.c.say(this.c.t('county_reports_cleared'), 'ok');
  }
}

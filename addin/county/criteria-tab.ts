/**
 * 评价标准 tab: the form over the current criteria, 影响预览 for a period with drill-down, 发布
 * with a note and If-Match (a lost race shows what the other publisher changed and re-applies the
 * officer's edits on top), 版本 history with readable diffs, JSON import/export.
 */
import { defaultCriteria, monitoringCriteria } from '../../core/index';
import type { CriteriaDocumentVersion } from './api';
import { describeChange, labelsOf } from './describe';
import { diffCriteria, rebaseEdits } from './diff';
import { download, el } from './dom';
import { CriteriaForm } from './form';
import { guarded, type CountyContext } from './context';
import type { CriteriaPreview } from './types';

export class CriteriaTab {
  readonly root: HTMLElement;
  private base: CriteriaDocumentVersion | null = null;
  private readonly form: CriteriaForm;
  private readonly formBox = el('div', { id: 'county-form', className: 'stack' });
  private readonly note = el('input', { id: 'county-note', type: 'text' });
  private readonly period = el('input', { id: 'county-preview-period', type: 'text', spellcheck: 'false' });
  private readonly race = el('section', { id: 'county-race', className: 'card stack', hidden: true, 'aria-live': 'polite' });
  private readonly previewBox = el('section', { id: 'county-preview-result', className: 'card stack', hidden: true, 'aria-live': 'polite' });
  private readonly history = el('section', { id: 'county-history-box', className: 'card stack', hidden: true });

  constructor(private readonly c: CountyContext, defaultPeriod: string) {
    const { t } = c;
    this.period.value = defaultPeriod;
    this.form = new CriteriaForm({
      container: this.formBox,
      t,
      lang: c.lang,
      confirm: c.confirm,
      profileDocument: (p) => structuredClone(p === 'monitoring' ? monitoringCriteria : defaultCriteria) as Record<string, any>,
    });
    const button = (id: string, key: Parameters<typeof t>[0], action: () => Promise<void>, primary = false) => {
      const b = el('button', { type: 'button', id, className: primary ? 'button primary' : 'button', text: t(key) });
      b.addEventListener('click', () => void guarded(c, action));
      return b;
    };
    const importInput = el('input', { type: 'file', id: 'county-import-file', accept: 'application/json,.json', className: 'visually-hidden' });
    importInput.addEventListener('change', () => void guarded(c, () => this.importFile(importInput)));
    this.root = el(
      'div',
      { id: 'county-criteria', className: 'stack' },
      el('div', { className: 'row2' }, field(t('county_period'), this.period), field(t('county_note'), this.note)),
      el(
        'div',
        { className: 'actions' },
        button('county-preview', 'county_preview', () => this.preview()),
        button('county-publish', 'county_publish', () => this.publish(), true),
        button('county-history', 'county_history', () => this.showHistory()),
        button('county-reset', 'county_reset', async () => this.reload()),
        button('county-export', 'county_export', async () => this.exportJson()),
        el('label', { for: importInput.id, className: 'button', text: t('county_import') }),
        importInput,
      ),
      this.race,
      this.previewBox,
      this.history,
      this.formBox,
    );
  }

  /** Loads the current criteria into the form (edits are discarded). */
  async reload(): Promise<void> {
    this.base = await this.c.api().criteria();
    this.form.load(this.base.document);
    this.race.hidden = true;
  }

  draft(): Record<string, unknown> {
    return this.form.draft();
  }

  private async preview(): Promise<void> {
    if (this.form.validateNow().length > 0) throw new Error(this.c.t('county_invalid', { n: this.form.currentProblems().length }));
    const result = await this.c.api().preview(this.form.draft(), this.period.value.trim());
    renderPreview(this.previewBox, result, this.c);
  }

  private async publish(): Promise<void> {
    const { t } = this.c;
    if (!this.base) await this.reload();
    if (this.form.validateNow().length > 0) throw new Error(t('county_invalid', { n: this.form.currentProblems().length }));
    const draft = structuredClone(this.form.draft());
    const outcome = await this.c.api().publish(draft, this.note.value.trim(), this.base!.etag);
    if (outcome.ok) {
      this.base = { ...outcome.version, document: draft, etag: outcome.etag };
      this.race.hidden = true;
      this.note.value = '';
      this.c.say(t('county_published', { version: outcome.version.version }), 'ok');
      return;
    }
    // Someone published first: their version becomes the base, the officer's edits go on top.
    const rebased = rebaseEdits({ base: this.base!.document, edited: draft, theirs: outcome.current.document });
    this.base = outcome.current;
    this.form.load(rebased.document);
    this.showRace(outcome.current, rebased);
    this.c.say(t('county_race', { author: outcome.current.author, version: outcome.current.version }), 'error');
  }

  private showRace(current: CriteriaDocumentVersion, rebased: ReturnType<typeof rebaseEdits>): void {
    const { t, lang } = this.c;
    const labels = labelsOf(lang, current.document);
    const list = (changes: typeof rebased.theirs) => el('ul', { className: 'reasons' }, ...changes.map((ch) => el('li', { text: describeChange(ch, t, lang, labels) })));
    this.race.replaceChildren(
      el('p', { text: t('county_race', { author: current.author, version: current.version }) }),
      el('h3', { text: t('county_race_theirs') }),
      rebased.theirs.length > 0 ? list(rebased.theirs) : el('p', { text: t('county_no_changes') }),
      ...(rebased.conflicts.length > 0 ? [el('h3', { text: t('county_race_conflicts') }), list(rebased.conflicts.map((x) => x.mine))] : []),
    );
    this.race.hidden = false;
  }

  private async showHistory(): Promise<void> {
    const { t, lang } = this.c;
    const versions = await this.c.api().versions();
    const choose = (id: string, selected: number) =>
      el('select', { id, 'aria-label': id }, ...versions.map((v) => el('option', { value: String(v.version), text: String(v.version), selected: v.version === selected })));
    const a = choose('county-diff-a', versions[1]?.version ?? versions[0].version);
    const b = choose('county-diff-b', versions[0].version);
    const out = el('ul', { id: 'county-diff', className: 'reasons' });
    const compare = el('button', { type: 'button', className: 'button', id: 'county-compare', text: t('county_history_compare') });
    compare.addEventListener('click', () =>
      void guarded(this.c, async () => {
        const [va, vb] = await Promise.all([this.c.api().version(Number(a.value)), this.c.api().version(Number(b.value))]);
        const changes = diffCriteria(va.document, vb.document);
        const labels = labelsOf(lang, va.document, vb.document);
        out.replaceChildren(
          el('li', { text: t('county_history_diff', { a: va.version, b: vb.version }) }),
          ...(changes.length === 0 ? [el('li', { text: t('county_no_changes') })] : changes.map((ch) => el('li', { text: describeChange(ch, t, lang, labels) }))),
        );
      }),
    );
    const lines = versions.map((v) =>
      el('li', { text: t('county_history_line', { version: v.version, author: v.author, date: v.createdAt.replace('T', ' ').slice(0, 16), note: v.note ? ` · ${v.note}` : '' }) }),
    );
    this.history.replaceChildren(el('h3', { text: t('county_history') }), el('ul', { id: 'county-versions', className: 'reasons' }, ...lines), el('div', { className: 'row2' }, a as unknown as HTMLElement, b as unknown as HTMLElement, compare), out);
    this.history.hidden = false;
  }

  private exportJson(): void {
    const version = this.base?.version ?? 'draft';
    download(JSON.stringify(this.form.draft(), null, 2), 'application/json', `criteria-${version}.json`);
  }

  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch (error) {
      throw new Error(this.c.t('county_import_bad', { error: error instanceof Error ? error.message : String(error) }));
    }
    input.value = '';
    this.form.load(document);
    this.c.say(this.c.t('county_imported'), 'ok');
  }
}

function field(label: string, input: HTMLElement): HTMLElement {
  return el('div', { className: 'field' }, el('label', { for: input.id, text: label }), input);
}

/** Preview: per township the households that would change, new totals, and the households themselves. */
function renderPreview(box: HTMLElement, result: CriteriaPreview, c: CountyContext): void {
  const { t } = c;
  const yesNo = (v: boolean) => t(v ? 'county_yes' : 'county_no');
  const exit = (s: CriteriaPreview['before']) => s.total.counters['households.exit_eligible'] ?? s.total.counters['households.risk_eliminable'] ?? 0;
  const rows = result.townships.map((tw) => {
    const items = tw.changed.map((h) =>
      el('li', {
        text: `${h.householdId ?? '—'}（${t('rcol_row')} ${h.row}）：${t('rcol_score')} ${h.before?.score ?? '—'} → ${h.after.score}，${t('rcol_exit')} ${h.before ? yesNo(h.before.exitEligible) : '—'} → ${yesNo(h.after.exitEligible)}，${t('rcol_risk')} ${h.before?.riskLevel ?? '—'} → ${h.after.riskLevel}`,
      }),
    );
    return el(
      'details',
      { className: 'county-preview-township', 'data-township': tw.township },
      el('summary', { text: `${tw.township}：${t('county_preview_changed')} ${tw.any}（${t('county_preview_exit')} ${tw.exitEligible}，${t('county_preview_risk')} ${tw.riskLevel}，${t('county_preview_score')} ${tw.score}）` }),
      el('p', { className: 'hint', text: t('county_preview_drill') + (tw.changedTruncated ? t('county_preview_truncated', { n: tw.changed.length }) : '') }),
      el('ul', { className: 'reasons' }, ...items),
    );
  });
  box.replaceChildren(
    el('h3', { text: t('county_preview_title', { period: result.period }) }),
    el('p', { id: 'county-preview-total', text: `${t('county_preview_changed')}：${result.total.any}；${t('county_preview_totals', { before: exit(result.before), after: exit(result.after) })}` }),
    ...rows,
  );
  box.hidden = false;
}

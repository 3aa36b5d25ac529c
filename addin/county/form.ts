/**
 * The criteria form (评价标准): the current document as controls, not JSON — parameters with
 * units, indicators (weight, hard) with the weights' sum live, rules on/off and severity, enum
 * values and aliases, townships with their registered population. Every edit changes a draft
 * copy in place; core's validateCriteria runs as the officer types and each problem is shown
 * beside the control at its path (in the pane's language).
 *
 * @example
 * const form = new CriteriaForm({ container, t, lang, onChange: (draft, problems) => … });
 * form.load(current.document);
 */
import { validateCriteria } from '../../core/index';
import type { CriteriaProblem } from '../../core/types';
import type { Lang, Translate } from '../pane/i18n';
import { el, newId } from './dom';
import { countyMessages, type CountyMessageKey } from './i18n';

type Doc = Record<string, any>;

export interface FormOptions {
  container: HTMLElement;
  t: Translate;
  lang: Lang;
  /** After each edit has been validated. */
  onChange?: (draft: Doc, problems: CriteriaProblem[]) => void;
  /** Asked before a profile switch replaces the form (window.confirm by default). */
  confirm?: (text: string) => boolean;
  /** The document of the other profile, for a switch. */
  profileDocument: (profile: 'default' | 'monitoring') => Doc;
}

const UNITS: Record<string, CountyMessageKey> = {
  income_line: 'county_unit_yuan',
  monitoring_line: 'county_unit_yuan',
  helper_max: 'county_unit_households',
  income_tolerance: 'county_unit_ratio',
  transfer_share_max: 'county_unit_ratio',
  assistance_min: 'county_unit_kinds',
  min_monitoring_months: 'county_unit_months',
  reference_date: 'county_unit_date',
};

/** A parameter input's value as the document wants it: a number when it reads as one, empty → null. */
export function parameterValue(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return /^-?\d+(\.\d+)?$/.test(trimmed) && Number.isFinite(n) ? n : trimmed;
}

/** "别名=值" lines → an aliases object (lines without "=" are kept whole as a problem for core to name). */
export function parseAliases(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const at = trimmed.indexOf('=');
    if (at < 0) out[trimmed] = '';
    else out[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  }
  return out;
}

export class CriteriaForm {
  private doc: Doc = {};
  private problems: CriteriaProblem[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: FormOptions) {}

  /** Replaces the form with a document (a deep copy is edited). */
  load(document: unknown): void {
    this.doc = structuredClone(document) as Doc;
    this.render();
    this.validateNow();
  }

  draft(): Doc {
    return this.doc;
  }

  currentProblems(): CriteriaProblem[] {
    return this.problems;
  }

  /** Validates at once (after a pause in typing, edits call this through `changed`). */
  validateNow(): CriteriaProblem[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const checked = validateCriteria(this.doc);
    this.problems = checked.ok ? [] : checked.problems;
    this.showProblems();
    this.options.onChange?.(this.doc, this.problems);
    return this.problems;
  }

  private changed(): void {
    this.updateWeightSum();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.validateNow(), 150);
  }

  private set(path: (string | number)[], value: unknown): void {
    let node: any = this.doc;
    for (const step of path.slice(0, -1)) node = node[step];
    const last = path[path.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
    this.changed();
  }

  private t(key: CountyMessageKey | Parameters<Translate>[0], values?: Record<string, string | number>): string {
    return this.options.t(key as Parameters<Translate>[0], values);
  }

  // ── Rendering ────────────────────────────────────────────────────────────────────────────

  private render(): void {
    const { container } = this.options;
    container.replaceChildren(
      el('p', { className: 'problem general', id: 'county-form-status', role: 'status', 'data-problem': '' }),
      this.profileSection(),
      this.parametersSection(),
      this.indicatorsSection(),
      this.rulesSection(),
      this.enumsSection(),
      this.townshipsSection(),
    );
    this.updateWeightSum();
  }

  /** A labelled control with its problem line; `path` is the document path core reports. */
  private control(label: string, input: HTMLElement, path: string, hint?: string): HTMLElement {
    const id = input.id || newId('county');
    input.id = id;
    const problemId = `${id}-problem`;
    input.setAttribute('aria-describedby', problemId);
    input.dataset.path = path;
    return el(
      'div',
      { className: 'field county-field' },
      el('label', { for: id, text: label }),
      input,
      hint ? el('small', { className: 'hint', text: hint }) : null,
      el('small', { className: 'problem', id: problemId, 'data-problem': path, role: 'alert' }),
    );
  }

  private profileSection(): HTMLElement {
    const profile = this.doc.profile === 'monitoring' ? 'monitoring' : 'default';
    const other = profile === 'monitoring' ? 'default' : 'monitoring';
    const name = (p: string) => this.t(p === 'monitoring' ? 'profile_monitoring' : 'profile_default');
    const button = el('button', { type: 'button', className: 'button', id: 'county-profile-switch', text: this.t('county_profile_switch', { profile: name(other) }) });
    button.addEventListener('click', () => {
      const ask = this.options.confirm ?? ((text: string) => window.confirm(text));
      if (!ask(this.t('county_profile_confirm', { profile: name(other) }))) return;
      const next = structuredClone(this.options.profileDocument(other));
      // The county's townships and populations are the county's whatever the profile.
      next.townships = structuredClone(this.doc.townships);
      this.load(next);
    });
    return el('section', { className: 'card stack' }, el('h3', { text: `${this.t('county_profile')}：${name(profile)}` }), button);
  }

  private parametersSection(): HTMLElement {
    const rows = Object.entries(this.doc.parameters as Record<string, unknown>).map(([key, value]) => {
      const input = el('input', { type: 'text', inputmode: 'decimal', value: value === null ? '' : String(value), spellcheck: 'false' });
      input.addEventListener('input', () => this.set(['parameters', key], parameterValue(input.value)));
      const labelKey = `param_${key}`;
      const label = labelKey in countyMessages ? this.t(labelKey as CountyMessageKey) : key;
      const unit = UNITS[key] ? this.t(UNITS[key]) : undefined;
      return this.control(`${label}（${key}）`, input, `parameters.${key}`, unit);
    });
    return el('section', { className: 'card stack', 'aria-label': this.t('county_parameters') }, el('h3', { text: this.t('county_parameters') }), ...rows);
  }

  private indicatorsSection(): HTMLElement {
    const rows = (this.doc.indicators as Doc[]).map((indicator, i) => {
      const weight = el('input', { type: 'number', min: 0, step: 'any', value: String(indicator.weight), className: 'county-weight' });
      weight.addEventListener('input', () => this.set(['indicators', i, 'weight'], weight.value === '' ? null : Number(weight.value)));
      const hard = el('input', { type: 'checkbox', checked: Boolean(indicator.hard), id: newId('county-hard') });
      hard.addEventListener('change', () => this.set(['indicators', i, 'hard'], hard.checked));
      const label = this.options.lang === 'en' ? indicator.label.en : indicator.label.zh;
      return el(
        'div',
        { className: 'row2 county-indicator', 'data-path': `indicators[${i}]` },
        this.control(`${label} · ${this.t('county_weight')}`, weight, `indicators[${i}].weight`),
        el('div', { className: 'field' }, el('label', { for: hard.id, text: this.t('county_hard') }), hard),
        el('small', { className: 'problem', 'data-problem': `indicators[${i}]`, role: 'alert' }),
      );
    });
    return el(
      'section',
      { className: 'card stack', 'aria-label': this.t('county_indicators') },
      el('h3', { text: this.t('county_indicators') }),
      el('p', { id: 'county-weight-sum', className: 'hint', role: 'status' }),
      ...rows,
    );
  }

  private updateWeightSum(): void {
    const sum = (this.doc.indicators as Doc[] | undefined)?.reduce((n, i) => n + (typeof i.weight === 'number' ? i.weight : 0), 0) ?? 0;
    const node = document.getElementById('county-weight-sum');
    if (node) node.textContent = this.t('county_weight_sum', { sum: Math.round(sum * 1000) / 1000 });
  }

  private rulesSection(): HTMLElement {
    const rows = (this.doc.rules as Doc[]).map((rule, i) => {
      const enabled = el('input', { type: 'checkbox', checked: rule.enabled !== false, id: newId('county-rule') });
      enabled.addEventListener('change', () => this.set(['rules', i, 'enabled'], enabled.checked));
      const severity = el(
        'select',
        { 'aria-label': `${rule.id} ${this.t('col_severity')}` },
        el('option', { value: 'error', text: this.t('severity_error_short'), selected: rule.severity === 'error' }),
        el('option', { value: 'warning', text: this.t('severity_warning_short'), selected: rule.severity === 'warning' }),
      );
      severity.dataset.rule = rule.id;
      severity.addEventListener('change', () => this.set(['rules', i, 'severity'], severity.value));
      const label = rule.message ? `${rule.id}（${this.options.lang === 'en' ? rule.message.en : rule.message.zh}）` : rule.id;
      return el(
        'div',
        { className: 'row2 county-rule', 'data-rule': rule.id },
        el('div', { className: 'field' }, el('label', { for: enabled.id, text: `${label} · ${this.t('county_rule_enabled')}` }), enabled),
        this.control(this.t('col_severity'), severity as unknown as HTMLElement, `rules[${i}].severity`),
      );
    });
    return el('details', { className: 'card' }, el('summary', { text: this.t('county_rules') }), el('div', { className: 'stack' }, ...rows));
  }

  private enumsSection(): HTMLElement {
    const fields = (this.doc.fields as Doc[]).map((field, i) => ({ field, i })).filter(({ field }) => field.type === 'enum' || field.type === 'enum_set');
    const rows = fields.map(({ field, i }) => {
      const values = el('textarea', { rows: 4 });
      values.value = (field.values ?? []).join('\n');
      values.addEventListener('input', () =>
        this.set(['fields', i, 'values'], values.value.split('\n').map((v) => v.trim()).filter(Boolean)),
      );
      const aliases = el('textarea', { rows: 3 });
      aliases.value = Object.entries(field.aliases ?? {}).map(([a, v]) => `${a}=${v}`).join('\n');
      aliases.addEventListener('input', () => {
        const parsed = parseAliases(aliases.value);
        this.set(['fields', i, 'aliases'], Object.keys(parsed).length > 0 ? parsed : undefined);
      });
      const label = this.options.lang === 'en' ? field.label.en : field.label.zh;
      return el(
        'details',
        { className: 'county-enum', 'data-field': field.key },
        el('summary', { text: `${label}（${field.key}）` }),
        this.control(this.t('county_enum_values'), values, `fields[${i}].values`),
        this.control(this.t('county_enum_aliases'), aliases, `fields[${i}].aliases`),
      );
    });
    return el('details', { className: 'card' }, el('summary', { text: this.t('county_enums') }), el('div', { className: 'stack' }, ...rows));
  }

  private townshipsSection(): HTMLElement {
    const rows = (this.doc.townships as Doc[]).map((township, i) => {
      const name = el('input', { type: 'text', value: township.name });
      name.addEventListener('input', () => this.set(['townships', i, 'name'], name.value.trim()));
      const population = el('input', { type: 'number', min: 1, step: 1, value: township.population ?? '' });
      population.addEventListener('input', () => this.set(['townships', i, 'population'], population.value === '' ? null : Number(population.value)));
      const remove = el('button', { type: 'button', className: 'button', text: this.t('county_remove'), 'aria-label': `${this.t('county_remove')} ${township.name}` });
      remove.addEventListener('click', () => {
        (this.doc.townships as Doc[]).splice(i, 1);
        this.render();
        this.validateNow();
      });
      return el(
        'div',
        { className: 'row2 county-township', 'data-township': township.name },
        this.control(this.t('county_township_name'), name, `townships[${i}].name`),
        this.control(this.t('county_population'), population, `townships[${i}].population`),
        remove,
      );
    });
    const add = el('button', { type: 'button', className: 'button', id: 'county-add-township', text: this.t('county_add_township') });
    add.addEventListener('click', () => {
      (this.doc.townships as Doc[]).push({ name: '', population: null });
      this.render();
      this.validateNow();
    });
    return el('section', { className: 'card stack', 'aria-label': this.t('county_townships') }, el('h3', { text: this.t('county_townships') }), ...rows, add, el('small', { className: 'problem', 'data-problem': 'townships', role: 'alert' }));
  }

  // ── Problems beside their controls ──────────────────────────────────────────────────────

  private showProblems(): void {
    const { container, lang } = this.options;
    const slots = [...container.querySelectorAll<HTMLElement>('[data-problem]')];
    for (const slot of slots) slot.textContent = '';
    const general: string[] = [];
    for (const problem of this.problems) {
      const text = lang === 'en' ? problem.message.en : problem.message.zh;
      const slot = slotFor(slots, problem);
      if (slot && slot.dataset.problem !== '') slot.textContent = slot.textContent ? `${slot.textContent}；${text}` : text;
      else general.push(`${problem.path}：${text}`);
    }
    const status = container.querySelector<HTMLElement>('#county-form-status');
    if (status) {
      status.textContent = this.problems.length === 0 ? this.t('county_valid') : [this.t('county_invalid', { n: this.problems.length }), ...general].join('\n');
      status.className = this.problems.length === 0 ? 'problem general ok' : 'problem general error';
    }
  }
}

/**
 * The slot of the control at the longest path that is a prefix of the problem's (a problem in an
 * indicator's condition lands beside that indicator); a problem naming a parameter (core says
 * "参数 income_line") lands beside the parameter.
 */
function slotFor(slots: HTMLElement[], problem: CriteriaProblem): HTMLElement | undefined {
  const named = /参数 ([a-z][a-z0-9_]*)/.exec(problem.message.zh) ?? /parameter ([a-z][a-z0-9_]*)/.exec(problem.message.en);
  if (named) {
    const slot = slots.find((s) => s.dataset.problem === `parameters.${named[1]}`);
    if (slot) return slot;
  }
  let best: HTMLElement | undefined;
  for (const slot of slots) {
    const path = slot.dataset.problem ?? '';
    if (path === '') continue;
    const prefix = problem.path === path || problem.path.startsWith(`${path}.`) || problem.path.startsWith(`${path}[`);
    if (prefix && (!best || path.length > (best.dataset.problem ?? '').length)) best = slot;
  }
  return best;
}


/**
 * Rendering the pane's parts from plain values: the summary, the walk position, a selected
 * cell's reasons, the submission receipt, and status messages. DOM only — no host, no engine.
 */
import type { MarkReason } from '../../core/marks/types';
import { columnLetter } from '../../core/sheet/header';
import type { SheetIssue, Summary } from '../../core/types';
import type { Receipt } from './api';
import { pick, type Lang, type MessageKey, type Translate } from './i18n';

export function byId<T = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`pane element #${id} missing`);
  return el as unknown as T;
}

/** appendChild for several nodes (the Workers types shadow DOM's `append` in this project). */
function add(parent: Node, ...children: Node[]): void {
  for (const child of children) parent.appendChild(child);
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** Fills every [data-i18n] element with its text in the pane's language. */
export function translatePage(t: Translate, lang: Lang): void {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.title = t('title');
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel as MessageKey));
}

export type Tone = 'info' | 'ok' | 'error';

export function showMessage(text: string, tone: Tone = 'info'): void {
  const el = byId('message');
  el.textContent = text;
  el.className = `message ${tone === 'info' ? '' : tone}`.trim();
}

/** Progress 0–100, or null to hide the bar. */
export function showProgress(percent: number | null): void {
  const bar = byId<HTMLProgressElement>('progress');
  bar.hidden = percent === null;
  if (percent !== null) bar.value = Math.max(0, Math.min(100, percent));
}

export interface SummaryFacts {
  summary: Summary;
  counts: { errors: number; warnings: number };
  outcome: 'exitEligible' | 'riskEliminable';
  sheetIssues: SheetIssue[];
  /** Each rule's message, so the list of frequent problems is in words (rule id kept small). */
  ruleMessages: Record<string, { zh: string; en: string }>;
}

function figure(list: HTMLElement, label: string, value: string | number, className?: string): void {
  const wrap = make('div', undefined, className);
  add(wrap, make('dt', label), make('dd', String(value)));
  add(list, wrap);
}

export function renderSummary(facts: SummaryFacts, t: Translate, lang: Lang): void {
  const c = facts.summary.total.counters;
  const n = (key: string) => c[key] ?? 0;
  const list = byId('summary-figures');
  list.replaceChildren();
  figure(list, t('households'), n('households'));
  figure(list, t('persons'), n('persons'));
  figure(list, t('errors'), facts.counts.errors, 'error');
  figure(list, t('warnings'), facts.counts.warnings, 'warning');
  if (facts.outcome === 'exitEligible') figure(list, t('exitEligible'), n('households.exit_eligible'));
  else figure(list, t('riskEliminable'), n('households.risk_eliminable'));
  figure(list, t('risk'), `${n('households.risk.1')} / ${n('households.risk.2')} / ${n('households.risk.3')}`);

  const problems = byId('sheet-problems');
  problems.replaceChildren();
  if (facts.sheetIssues.length > 0) {
    add(problems, make('h3', t('sheetProblems')));
    for (const issue of facts.sheetIssues) add(problems, make('p', pick(issue.message, lang), 'sheet-problem'));
  }

  const top = Object.entries(c)
    .filter(([k, v]) => k.startsWith('issues.') && v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  const ol = byId('top-rules');
  ol.replaceChildren(
    ...top.map(([k, v]) => {
      const rule = k.slice('issues.'.length);
      const message = facts.ruleMessages[rule];
      const li = make('li', `${message ? pick(message, lang) : rule}${lang === 'en' ? ': ' : '：'}${v} `);
      if (message) add(li, make('span', `${t('rule')} ${rule}`, 'rule-id'));
      return li;
    }),
  );
  ol.previousElementSibling!.toggleAttribute('hidden', top.length === 0);
  byId('summary').hidden = false;
}

export function renderPosition(index: number, total: number, t: Translate): void {
  byId('navigation').hidden = false;
  byId('position').textContent = total === 0 ? t('noMarks') : index < 0 ? t('marksCount', { n: total }) : t('position', { i: index + 1, n: total });
  byId<HTMLButtonElement>('previous').disabled = total === 0;
  byId<HTMLButtonElement>('next').disabled = total === 0;
}

function reasonItem(reason: MarkReason, t: Translate, lang: Lang): HTMLLIElement {
  const li = make('li');
  add(li, 
    make('span', t(reason.severity === 'error' ? 'severity_error' : 'severity_warning'), `badge ${reason.severity}`),
    document.createTextNode(pick(reason.message, lang) + ' '),
    make('span', `${t('rule')} ${reason.rule}`, 'rule-id'),
  );
  return li;
}

export function renderReasons(
  place: { sheet: string; row: number; column: number },
  reasons: { cell: MarkReason[]; row: MarkReason[] },
  t: Translate,
  lang: Lang,
): void {
  const cell = `${place.sheet}!${columnLetter(place.column)}${place.row}`;
  const all = [...reasons.cell, ...reasons.row];
  byId('reasons').hidden = false;
  byId('reasons-cell').textContent = all.length === 0 ? t('cellClean', { cell }) : cell;
  const list = byId('reasons-list');
  list.replaceChildren(...reasons.cell.map((r) => reasonItem(r, t, lang)));
  if (reasons.row.length > 0) {
    const li = make('li', t('rowReasons', { row: place.row }));
    const inner = make('ul', undefined, 'reasons');
    add(inner, ...reasons.row.map((r) => reasonItem(r, t, lang)));
    add(li, inner);
    add(list, li);
  }
}

export function hideResults(): void {
  for (const id of ['summary', 'navigation', 'reasons', 'receipt']) byId(id).hidden = true;
}

export function renderReceipt(receipt: Receipt, replayed: boolean, t: Translate, lang: Lang): void {
  const box = byId('receipt');
  box.replaceChildren();
  add(box, make('h2', t('receipt')));
  add(box,
    make(
      'p',
      t('submitted', {
        township: receipt.township,
        period: receipt.period,
        households: receipt.households,
        persons: receipt.persons,
        errors: receipt.rowsWithErrors,
        version: receipt.criteriaVersion,
      }) + (replayed ? ` ${t('submittedReplay')}` : ''),
    ),
  );
  if (receipt.sheetIssues.length > 0) {
    add(box, make('p', t('serverSheetProblems')));
    const ul = make('ul', undefined, 'reasons');
    add(ul, ...receipt.sheetIssues.map((s) => make('li', pick(s.message, lang))));
    add(box, ul);
  }
  box.hidden = false;
}

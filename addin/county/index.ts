/**
 * The county office's workbench (county mode of the pane, tokens with role county or admin):
 * 评价标准 (criteria form, preview, publish, history), 报表 (reports into sheets or .xlsx, re-score)
 * and 令牌 (admin). Mounted by the pane once it knows the token's role, or on its own in a plain
 * browser tab (no host: reports download as .xlsx). Loaded as its own chunk: clerks never pay for it.
 *
 * @example
 * const workbench = await mountCounty({ parent: document.getElementById('app')!, host, role: 'county', t, lang, connection });
 */
import type { HostAdapter } from '../host/types';
import type { Lang, Translate } from '../pane/i18n';
import { defaultPeriod } from '../pane/period';
import { countyApi } from './api';
import type { CountyContext } from './context';
import { CriteriaTab } from './criteria-tab';
import { el } from './dom';
import type { RateLabels } from './reports';
import { ReportsTab } from './reports-tab';
import { TokensTab } from './tokens-tab';

export interface CountyOptions {
  parent: HTMLElement;
  host: HostAdapter | null;
  role: 'county' | 'admin';
  t: Translate;
  lang: Lang;
  /** The Worker URL and token as the officer entered them (read at each call). */
  connection: () => { baseUrl: string; token: string };
  fetch?: typeof fetch;
  confirm?: (text: string) => boolean;
}

export interface CountyWorkbench {
  root: HTMLElement;
  criteria: CriteriaTab;
  reports: ReportsTab;
  tokens: TokensTab | null;
  /** Removes the workbench (another token was entered). */
  unmount(): void;
}

export async function mountCounty(options: CountyOptions): Promise<CountyWorkbench> {
  const { t, lang, role } = options;
  const message = el('p', { id: 'county-message', className: 'message', role: 'status', 'aria-live': 'polite' });
  const context: CountyContext = {
    api: () => countyApi({ ...options.connection(), fetch: options.fetch }),
    host: options.host,
    t,
    lang,
    role,
    serverUrl: () => options.connection().baseUrl,
    confirm: options.confirm ?? ((text) => window.confirm(text)),
    say: (text, tone = 'info') => {
      message.textContent = text;
      message.className = `message ${tone === 'info' ? '' : tone}`.trim();
    },
  };
  const year = defaultPeriod('year');
  const criteria = new CriteriaTab(context, year);
  const rateLabels = (): RateLabels => {
    const rates = (criteria.draft() as { aggregates?: { rates?: { key: string; label?: { zh: string; en: string } }[] } }).aggregates?.rates ?? [];
    return Object.fromEntries(rates.map((r) => [r.key, r.label]));
  };
  const reports = new ReportsTab(context, rateLabels, { period: year, from: String(Number(year) - 2) });
  const tokens = role === 'admin' ? new TokensTab(context) : null;

  const panels = [criteria.root, reports.root, ...(tokens ? [tokens.root] : [])];
  const keys: ('county_tab_criteria' | 'county_tab_reports' | 'county_tab_tokens')[] = ['county_tab_criteria', 'county_tab_reports', ...(tokens ? (['county_tab_tokens'] as const) : [])];
  const tabs = keys.map((key, i) => {
    const tab = el('button', { type: 'button', role: 'tab', id: `county-tab-${i}`, className: 'button', 'aria-selected': i === 0 ? 'true' : 'false', text: t(key) });
    tab.addEventListener('click', () => {
      tabs.forEach((other, j) => other.setAttribute('aria-selected', String(i === j)));
      panels.forEach((panel, j) => (panel.hidden = i !== j));
      if (panels[i] === tokens?.root) void tokens.refresh().catch((error) => context.say(String(error), 'error'));
    });
    return tab;
  });
  const root = el(
    'section',
    { id: 'county', className: 'card stack', 'aria-labelledby': 'county-heading' },
    el('h2', { id: 'county-heading', text: t('county_title') }),
    el('div', { role: 'tablist', className: 'row2' }, ...tabs),
    message,
    ...panels,
  );
  options.parent.appendChild(root);
  await criteria.reload();
  reports.setTownships(((criteria.draft() as { townships?: { name: string }[] }).townships ?? []).map((x) => x.name));
  return { root, criteria, reports, tokens, unmount: () => root.remove() };
}

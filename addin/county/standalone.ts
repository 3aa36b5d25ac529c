/**
 * County mode in a plain browser tab (no Excel): a sign-in under the "what is this page" view.
 * A county or admin token opens the workbench without a host — reports download as .xlsx. Small
 * on purpose: it is part of the pane's initial JS; the workbench itself (county.js) loads on demand.
 */
import { apiClient } from '../pane/api';
import type { Lang, Translate } from '../pane/i18n';

const KEY_TOKEN = 'roster-check.county-token';

export function offerCountySignIn(options: { parent: HTMLElement; t: Translate; lang: Lang; origin: string; storage: Storage }): void {
  const { t } = options;
  const form = document.createElement('form');
  form.id = 'county-signin';
  form.className = 'card stack';
  form.autocomplete = 'off';
  const heading = document.createElement('h2');
  heading.textContent = t('county_standalone_title');
  const label = document.createElement('label');
  label.htmlFor = 'county-signin-token';
  label.textContent = t('token');
  const input = document.createElement('input');
  input.id = 'county-signin-token';
  input.type = 'password';
  input.value = options.storage.getItem(KEY_TOKEN) ?? '';
  const button = document.createElement('button');
  button.type = 'submit';
  button.className = 'button primary';
  button.textContent = t('connect');
  const message = document.createElement('p');
  message.id = 'county-signin-message';
  message.setAttribute('role', 'status');
  for (const node of [heading, label, input, button, message]) form.appendChild(node);
  options.parent.appendChild(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void signIn(input.value.trim()).catch((error) => (message.textContent = t('failed') + (error instanceof Error ? error.message : String(error))));
  });

  async function signIn(token: string): Promise<void> {
    const me = await apiClient({ baseUrl: options.origin, token, storage: options.storage }).me();
    if (me.role !== 'county' && me.role !== 'admin') {
      message.textContent = t('county_standalone_role');
      return;
    }
    options.storage.setItem(KEY_TOKEN, token);
    const county = (await import(/* @vite-ignore */ new URL('county.js', document.baseURI).href)) as typeof import('./index');
    form.remove();
    await county.mountCounty({ parent: options.parent, host: null, role: me.role, t, lang: options.lang, connection: () => ({ baseUrl: options.origin, token }) });
  }
}

/**
 * 令牌 tab (admin): create a clerk token for a township (shown once, with a copy button and the
 * install steps to send along), list tokens with their last use, revoke one, and see which
 * townships have no clerk token yet.
 */
import { el } from './dom';
import { guarded, type CountyContext } from './context';
import type { TokenInfo } from './types';

export class TokensTab {
  readonly root: HTMLElement;
  private readonly township = el('select', { id: 'county-token-township' });
  private readonly label = el('input', { id: 'county-token-label', type: 'text' });
  private readonly expires = el('input', { id: 'county-token-expires', type: 'date' });
  private readonly issued = el('section', { id: 'county-token-issued', className: 'card stack', hidden: true, 'aria-live': 'polite' });
  private readonly list = el('ul', { id: 'county-token-list', className: 'reasons' });
  private readonly missing = el('p', { id: 'county-token-missing', role: 'status' });

  constructor(private readonly c: CountyContext) {
    const { t } = c;
    const create = el('button', { type: 'button', id: 'county-token-create', className: 'button primary', text: t('county_token_create') });
    create.addEventListener('click', () => void guarded(c, () => this.create()));
    const field = (label: string, input: HTMLElement) => el('div', { className: 'field' }, el('label', { for: input.id, text: label }), input);
    this.root = el(
      'div',
      { id: 'county-tokens', className: 'stack', hidden: true },
      el('h3', { text: t('county_tokens_create') }),
      field(t('county_township_name'), this.township as unknown as HTMLElement),
      field(t('county_token_label'), this.label),
      field(t('county_token_expires'), this.expires),
      create,
      this.issued,
      this.missing,
      el('h3', { text: t('county_tokens_list') }),
      this.list,
    );
  }

  async refresh(): Promise<void> {
    const { t } = this.c;
    const api = this.c.api();
    const [tokens, coverage] = await Promise.all([api.tokens(), api.townshipTokens()]);
    const keep = this.township.value;
    this.township.replaceChildren(...coverage.townships.map((x) => el('option', { value: x.township, text: x.clerkTokens === 0 ? `${x.township} *` : x.township })));
    if (keep) this.township.value = keep;
    this.missing.textContent = coverage.withoutToken.length > 0 ? t('county_without_token', { list: coverage.withoutToken.join('、') }) : t('county_all_have_token');
    this.list.replaceChildren(...tokens.map((token) => this.line(token)));
  }

  private line(token: TokenInfo): HTMLElement {
    const { t } = this.c;
    const text = t('county_token_line', {
      label: token.label,
      role: t(`role_${token.role}`),
      township: token.township ? ` · ${token.township}` : '',
      created: token.createdAt.slice(0, 10),
      used: token.lastUsedAt ? token.lastUsedAt.replace('T', ' ').slice(0, 16) : t('county_token_never'),
      expires: token.expiresAt ? t('county_token_expires_on', { date: token.expiresAt.slice(0, 10) }) : '',
      revoked: token.revokedAt ? t('county_token_revoked') : '',
    });
    const li = el('li', { 'data-token': token.id }, text);
    if (!token.revokedAt) {
      const revoke = el('button', { type: 'button', className: 'button', text: t('county_token_revoke'), 'aria-label': `${t('county_token_revoke')} ${token.label}` });
      revoke.addEventListener('click', () =>
        void guarded(this.c, async () => {
          if (!this.c.confirm(t('county_token_revoke_confirm', { label: token.label }))) return;
          await this.c.api().revokeToken(token.id);
          this.c.say(t('county_token_revoked_done', { label: token.label }), 'ok');
          await this.refresh();
        }),
      );
      li.appendChild(document.createTextNode(' '));
      li.appendChild(revoke);
    }
    return li;
  }

  private async create(): Promise<void> {
    const { t } = this.c;
    const township = this.township.value;
    const issued = await this.c.api().createToken({
      role: 'clerk',
      township,
      label: this.label.value.trim() || `${township} ${t('role_clerk')}`,
      ...(this.expires.value ? { expiresAt: this.expires.value } : {}),
    });
    const secret = el('input', { id: 'county-token-secret', type: 'text', readonly: true, value: issued.token, 'aria-label': t('token') });
    const copy = el('button', { type: 'button', className: 'button', id: 'county-token-copy', text: t('county_token_copy') });
    copy.addEventListener('click', () =>
      void guarded(this.c, async () => {
        secret.select();
        await navigator.clipboard.writeText(issued.token);
        copy.textContent = t('county_token_copied');
      }),
    );
    this.issued.replaceChildren(
      el('p', { text: t('county_token_once') }),
      el('div', { className: 'row2' }, secret, copy),
      el('p', { className: 'hint', text: t('county_token_install', { url: this.c.serverUrl() }) }),
    );
    this.issued.hidden = false;
    this.label.value = '';
    this.expires.value = '';
    await this.refresh();
  }
}

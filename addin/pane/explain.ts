/**
 * A failure as a sentence a clerk understands: the Worker's refusals by status (401, 403, 413,
 * 422 with the server's own zh/en reason), a network failure, an engine or host error with its
 * bilingual text. Never the token, never a stack.
 */
import { ApiError, NetworkError } from './api';
import { EngineError } from './engine/client';
import { pick, type Lang, type Translate } from './i18n';

/** Something the clerk must do first (enter a token, validate, rename a sheet): shown as is, not as a failure. */
export class ClerkMessage extends Error {
  override name = 'ClerkMessage';
}

export function explainFailure(error: unknown, t: Translate, lang: Lang): string {
  if (error instanceof ClerkMessage) return error.message;
  if (error instanceof NetworkError) return t('network');
  if (error instanceof ApiError) {
    const server = error.text ? pick(error.text, lang) : '';
    const details = error.details.map((d) => pick(d, lang)).join(lang === 'en' ? '; ' : '；');
    if (error.status === 401) return t('http401');
    if (error.status === 403) return `${t('http403')}${server ? ` (${server})` : ''}`;
    if (error.status === 413) return t('http413');
    if (error.status === 422) return `${t('http422')}${server}${details ? `\n${details}` : ''}`;
    return `${t('httpOther', { status: error.status })}${server}`;
  }
  // Engine and host errors carry their own zh/en text.
  const text = (error as { text?: { zh: string; en: string } } | null)?.text;
  if ((error instanceof EngineError || (error instanceof Error && error.name === 'HostError')) && text) return t('failed') + pick(text, lang);
  return t('failed') + (error instanceof Error ? error.message : String(error));
}

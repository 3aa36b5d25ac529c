/** What every tab of the county workbench shares: the API, the host (null outside Excel), text and messages. */
import type { HostAdapter } from '../host/types';
import { ApiError, NetworkError } from '../pane/api';
import { pick, type Lang, type Translate } from '../pane/i18n';
import type { CountyApi } from './api';

export interface CountyContext {
  api: () => CountyApi;
  /** The spreadsheet host; null in a plain browser tab (reports then download as .xlsx). */
  host: HostAdapter | null;
  t: Translate;
  lang: Lang;
  role: 'county' | 'admin';
  /** The Worker's URL (for the install steps sent with a new token). */
  serverUrl: () => string;
  /** Asks the officer to confirm a deliberate action (window.confirm by default). */
  confirm: (text: string) => boolean;
  say: (text: string, tone?: 'info' | 'ok' | 'error') => void;
}

/** A failure as a sentence (the server's own zh/en text when it sent one). */
export function explain(context: CountyContext, error: unknown): string {
  if (error instanceof NetworkError) return context.t('network');
  if (error instanceof ApiError) {
    const details = error.details.map((d) => pick(d, context.lang)).join('；');
    const text = error.text ? pick(error.text, context.lang) : context.t('httpOther', { status: error.status });
    return details ? `${text}：${details}` : text;
  }
  return context.t('failed') + (error instanceof Error ? error.message : String(error));
}

/** Runs an action, showing its failure instead of throwing (buttons call this). */
export async function guarded(context: CountyContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    context.say(explain(context, error), 'error');
  }
}

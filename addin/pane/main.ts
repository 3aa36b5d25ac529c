/**
 * The pane's entry (pane.js): inside Excel it starts the pane on the Excel host adapter with core
 * in a Web Worker; opened anywhere else it says what the page is and how to install the add-in.
 */
import { createExcelHost } from '../host/excel/index';
import { startPane } from './app';
import { engineClient } from './engine/client';
import { langOf, pick, translator } from './i18n';
import { byId, translatePage } from './view';
import { offerCountySignIn } from '../county/standalone';

interface OfficeLike {
  onReady(): Promise<{ host: string | null }>;
  HostType: { Excel: string };
  context?: { displayLanguage?: string };
}

/** The "what is this page" view, optionally with why the pane cannot run here. */
function showOutside(reason?: string): void {
  const lang = langOf(navigator.language);
  const t = translator(lang);
  translatePage(t, lang);
  if (reason) byId('outside-body').textContent = `${reason} ${t('outsideBody')}`;
  byId('loading').hidden = true;
  byId('outside').hidden = false;
  // County officers can work here without Excel (reports download as .xlsx).
  if (!document.getElementById('county-signin')) offerCountySignIn({ parent: byId('outside'), t, lang, origin: location.origin, storage: localStorage });
}

async function boot(): Promise<void> {
  const office = (globalThis as unknown as { Office?: OfficeLike }).Office;
  // office.js did not load (no network, or a plain browser tab with it blocked): not in Office.
  if (!office || typeof office.onReady !== 'function') return showOutside();
  const info = await office.onReady();
  if (info.host !== office.HostType.Excel) return showOutside();
  let host;
  try {
    host = createExcelHost();
  } catch (error) {
    const text = (error as { text?: { zh: string; en: string } }).text;
    const lang = langOf(office.context?.displayLanguage);
    return showOutside(text ? pick(text, lang) : translator(lang)('oldExcel'));
  }
  const engine = engineClient(new Worker(new URL('engine.js', document.baseURI)));
  const pane = await startPane({ host, engine, storage: localStorage, origin: location.origin });
  // Tests and the bench read timings and wait for idle through this (it holds no secret).
  (globalThis as { __rosterPane?: unknown }).__rosterPane = pane;
}

boot().catch((error) => {
  showOutside(String(error instanceof Error ? error.message : error));
});

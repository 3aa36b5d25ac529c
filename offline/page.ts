/**
 * The offline check page: pick or drop an .xlsx, read and check it in a Web Worker (the same
 * xlsx adapter and core as the command line), show the summary and the issues, offer the report
 * workbook and an annotated copy. The only request it ever makes is GET /api/v1/criteria, with
 * a token the user typed, to use the county's current criteria; the file is never sent.
 */
import { profiles } from '../core/criteria/profiles/index';
import { say, type Lang, type TextKey } from './i18n';
import type { CheckedView, FromEngine, IssueLine, ToEngine } from './protocol';

declare const __ENGINE_SOURCE__: string;

const MAX_SHOWN = 500;
const TOKEN_KEY = 'roster-check.offline.token';
const LANG_KEY = 'roster-check.offline.lang';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let lang: Lang = initialLang();
let criteria: { document: unknown | null; version: number | null; name: { zh: string; en: string } | null } = { document: null, version: null, name: null };
let criteriaTried = false;
let view: CheckedView | null = null;
let currentFile: File | null = null;
let started = 0;

function initialLang(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  const saved = safeStorage()?.getItem(LANG_KEY);
  return (q ?? saved ?? 'zh').startsWith('en') ? 'en' : 'zh';
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const engine = new Worker(URL.createObjectURL(new Blob([__ENGINE_SOURCE__], { type: 'text/javascript' })));
const send = (m: ToEngine, transfer: Transferable[] = []) => engine.postMessage(m, transfer);

function t(key: TextKey, ...args: (string | number)[]): string {
  return say(lang, key, ...args);
}

/** Static texts: every element with data-t gets its string. */
function renderTexts(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t as TextKey);
  $<HTMLInputElement>('period').placeholder = t('periodHint');
  const profile = $<HTMLSelectElement>('profile');
  const chosen = profile.value || 'default';
  profile.innerHTML = '';
  for (const [key, doc] of Object.entries(profiles)) profile.append(new Option((doc as { name: { zh: string; en: string } }).name[lang], key, false, key === chosen));
  renderCriteria();
  if (view) renderView();
}

function builtInName(): string {
  const doc = profiles[$<HTMLSelectElement>('profile').value || 'default'] as { name: { zh: string; en: string } };
  return doc.name[lang];
}

function renderCriteria(): void {
  const line = $('criteria');
  if (criteria.document && criteria.name) line.textContent = t('criteriaServer', criteria.version ?? '?', criteria.name[lang]);
  else line.textContent = criteriaTried ? t('criteriaOffline', builtInName()) : t('criteriaBuiltIn', builtInName());
  $('profile-row').hidden = !!criteria.document;
}

/** The county's current criteria, when served by the county's Worker and a token was given. */
async function loadCriteria(): Promise<void> {
  const token = safeStorage()?.getItem(TOKEN_KEY) ?? '';
  criteriaTried = false;
  if (!token || !/^https?:$/.test(location.protocol)) return renderCriteria();
  criteriaTried = true;
  try {
    const res = await fetch(new URL('/api/v1/criteria', location.href), { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (!res.ok) throw new Error(String(res.status));
    const body = (await res.json()) as { version: number; document: { name: { zh: string; en: string } } };
    criteria = { document: body.document, version: body.version, name: body.document.name };
  } catch {
    criteria = { document: null, version: null, name: null };
  }
  renderCriteria();
}

function showError(text: string): void {
  const box = $('error');
  box.textContent = text;
  box.hidden = !text;
}

async function checkFile(file: File): Promise<void> {
  currentFile = file;
  view = null;
  showError('');
  $('result').hidden = true;
  $('progress').textContent = t('reading', t('households'), 0);
  started = performance.now();
  const bytes = await file.arrayBuffer();
  const period = $<HTMLInputElement>('period').value.trim() || null;
  const label = criteria.document && criteria.name ? t('criteriaServer', criteria.version ?? '?', criteria.name[lang]) : t('criteriaBuiltIn', builtInName());
  send(
    { op: 'check', bytes, fileName: file.name, criteria: criteria.document, profile: $<HTMLSelectElement>('profile').value || 'default', criteriaLabel: label, period },
    [bytes],
  );
}

function onEngine(e: MessageEvent<FromEngine>): void {
  const m = e.data;
  if (m.op === 'progress') {
    $('progress').textContent = m.phase === 'check' ? t('checking') : t('reading', t(m.phase), Math.floor(m.fraction * 100));
  } else if (m.op === 'checked') {
    view = m.view;
    view.ms = Math.round(performance.now() - started);
    document.body.dataset.checkedMs = String(view.ms);
    renderView();
  } else if (m.op === 'file') {
    const name = currentFile?.name.replace(/\.xlsx$/i, '') ?? 'roster';
    const suffix = m.kind === 'report' ? (lang === 'zh' ? '校验报告' : 'report') : lang === 'zh' ? '已标注' : 'annotated';
    const url = URL.createObjectURL(new Blob(m.parts as BlobPart[], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.${suffix}.xlsx`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    for (const id of ['download-report', 'download-annotated']) $<HTMLButtonElement>(id).disabled = false;
  } else {
    $('progress').textContent = '';
    showError(m.message[lang]);
    for (const id of ['download-report', 'download-annotated']) $<HTMLButtonElement>(id).disabled = false;
  }
}

function renderView(): void {
  if (!view) return;
  const v = view;
  const s = v.summary;
  $('progress').textContent = t('done', v.fileName, (v.ms / 1000).toFixed(1));
  $('summary').textContent = t('summary', s.households, s.persons, s.errors, s.warnings, t(v.eligibleKey === 'exitEligible' ? 'eligibleExit' : 'eligibleRisk'), s.eligible, s.risk[1], s.risk[2], s.risk[3]);
  $('sheets').textContent = t('sheetsUsed', v.sheets.households, v.sheets.members ?? t('none'), v.referenceDate);
  showError(v.fatal.length ? t('unreadableRoster', v.fatal.map((f) => f[lang]).join('；')) : '');
  fillFilter('f-township', v.lines.map((l) => l.township ?? ''));
  fillFilter('f-rule', v.lines.map((l) => l.rule));
  const sev = $<HTMLSelectElement>('f-severity');
  const keep = sev.value;
  sev.innerHTML = '';
  sev.append(new Option(t('all'), ''), new Option(t('error'), 'error'), new Option(t('warning'), 'warning'));
  sev.value = keep;
  $('result').hidden = false;
  renderIssues();
}

function fillFilter(id: string, values: string[]): void {
  const select = $<HTMLSelectElement>(id);
  const keep = select.value;
  select.innerHTML = '';
  select.append(new Option(t('all'), ''));
  for (const v of [...new Set(values)].filter(Boolean).sort()) select.append(new Option(v, v));
  select.value = [...select.options].some((o) => o.value === keep) ? keep : '';
}

function renderIssues(): void {
  if (!view) return;
  const town = $<HTMLSelectElement>('f-township').value;
  const rule = $<HTMLSelectElement>('f-rule').value;
  const sev = $<HTMLSelectElement>('f-severity').value;
  const match = (l: IssueLine) => (!town || l.township === town) && (!rule || l.rule === rule) && (!sev || l.severity === sev);
  const lines = view.lines.filter(match);
  const body = $('issues-body');
  body.textContent = '';
  const frag = document.createDocumentFragment();
  for (const l of lines.slice(0, MAX_SHOWN)) {
    const tr = document.createElement('tr');
    tr.className = l.severity;
    for (const c of [l.sheet, l.row ?? '', l.column, l.householdId ?? '', l.township ?? '', l.rule, t(l.severity), l.message[lang]]) {
      const td = document.createElement('td');
      td.textContent = String(c);
      tr.append(td);
    }
    frag.append(tr);
  }
  body.append(frag);
  $('issues-count').textContent = !lines.length ? t('noIssues') : lines.length > MAX_SHOWN ? t('shown', lines.length, MAX_SHOWN) : t('count', lines.length);
}

function download(kind: 'report' | 'annotated'): void {
  if (!view || !currentFile) return;
  for (const id of ['download-report', 'download-annotated']) $<HTMLButtonElement>(id).disabled = true;
  $('progress').textContent = t('preparing');
  if (kind === 'report') send({ op: 'report', lang });
  else void currentFile.arrayBuffer().then((bytes) => send({ op: 'annotate', bytes }, [bytes]));
}

function wire(): void {
  engine.onmessage = onEngine;
  engine.onerror = (e) => showError(t('failed', e.message));
  const input = $<HTMLInputElement>('file');
  input.addEventListener('change', () => input.files?.[0] && void checkFile(input.files[0]));
  const zone = $('drop');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = e.dataTransfer?.files?.[0];
    if (file) void checkFile(file);
  });
  for (const id of ['f-township', 'f-rule', 'f-severity']) $(id).addEventListener('change', renderIssues);
  $('download-report').addEventListener('click', () => download('report'));
  $('download-annotated').addEventListener('click', () => download('annotated'));
  $('profile').addEventListener('change', renderCriteria);
  $('lang').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    safeStorage()?.setItem(LANG_KEY, lang);
    renderTexts();
  });
  $<HTMLInputElement>('token').value = safeStorage()?.getItem(TOKEN_KEY) ?? '';
  $('connect').addEventListener('click', () => {
    safeStorage()?.setItem(TOKEN_KEY, $<HTMLInputElement>('token').value.trim());
    void loadCriteria();
  });
  $('county').hidden = !/^https?:$/.test(location.protocol);
}

wire();
renderTexts();
void loadCriteria();

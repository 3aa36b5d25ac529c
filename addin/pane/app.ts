/**
 * The clerk's task pane: connection, period, sheets, 校验 / 清除标记 / 上报 / 插入模板, the
 * summary, 下一处/上一处 and a selected cell's reasons. Written only against the HostAdapter
 * (addin/host/types.ts) and the engine Web Worker — never against Excel itself.
 *
 * @example
 * await startPane({ host: excelHost(), engine: engineClient(new Worker('engine.js')), storage: localStorage, origin: location.origin });
 */
import type { RosterSheet, SheetMarks } from '../../core/marks/types';
import type { HostAdapter, ResultSheetSpec, SheetInfo } from '../host/types';
import { apiClient, NetworkError, type KeyValueStore, type Principal, type StoredCriteria } from './api';
import type { EngineClient } from './engine/client';
import type { CriteriaFacts, RosterView } from './engine/protocol';
import { ClerkMessage, explainFailure } from './explain';
import { langOf, pick, translator, type Lang, type Translate } from './i18n';
import { MarksIndex, type MarkPlace } from './marks-index';
import { defaultPeriod, normalisePeriod } from './period';
import { byId, hideResults, renderPosition, renderReasons, renderReceipt, renderSummary, showMessage, showProgress, translatePage } from './view';

export interface PaneDeps {
  host: HostAdapter;
  engine: EngineClient;
  storage: KeyValueStore;
  /** The pane's own origin: the Worker URL by default. */
  origin: string;
  fetch?: typeof fetch;
  /** Waits between submission retries (tests shorten them). */
  retryDelays?: number[];
}

const KEY_URL = 'roster-check.url';
const KEY_TOKEN = 'roster-check.token';
const KEY_PERIOD = 'roster-check.period.';

/** What the last validation read and found; null before the first and after 清除标记. */
interface Roster {
  names: { households: string; members: string | null };
  /** Rows of each sheet as the engine holds them (grows when the clerk types below the last row). */
  rows: Record<RosterSheet, number>;
  period: string;
  criteriaVersion: number | null;
  view: RosterView;
}

/** Timings of the last validation and re-check, for the bench (never the token or data). */
export interface PaneTimings {
  validate?: { totalMs: number; readMs: number; engineMs: number; coreMs: number; marksMs: number; sheetsMs: number };
  recheck?: { totalMs: number; readMs: number; engineMs: number; marksMs: number };
}

export class Pane {
  readonly lang: Lang;
  readonly t: Translate;
  private criteria: { facts: CriteriaFacts; stored: StoredCriteria | null; source: 'server' | 'cached' | 'builtin' } | null = null;
  private principal: Principal | null = null;
  private roster: Roster | null = null;
  private marks = new MarksIndex();
  private position = -1;
  private selected: MarkPlace | null = null;
  /** The sheets 自动识别 found at the last validation, named in the pickers. */
  private detected: { households: string | null; members: string | null } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private busy = false;
  private sheetsTimer: ReturnType<typeof setTimeout> | null = null;
  readonly timings: PaneTimings = {};
  /** Re-checks done after edits (tests and the bench wait for the next one). */
  rechecks = 0;

  constructor(private readonly deps: PaneDeps) {
    this.lang = langOf(deps.host.displayLanguage());
    this.t = translator(this.lang);
  }

  private get api() {
    return apiClient({
      baseUrl: byId<HTMLInputElement>('worker-url').value.trim() || this.deps.origin,
      token: byId<HTMLInputElement>('token').value.trim(),
      storage: this.deps.storage,
      fetch: this.deps.fetch,
      retryDelays: this.deps.retryDelays,
    });
  }

  /** Wires the page and loads criteria; resolves when the pane is ready to use. */
  async start(): Promise<void> {
    translatePage(this.t, this.lang);
    byId<HTMLInputElement>('worker-url').value = this.deps.storage.getItem(KEY_URL) ?? this.deps.origin;
    byId<HTMLInputElement>('token').value = this.deps.storage.getItem(KEY_TOKEN) ?? '';
    this.wire();
    byId('app').hidden = false;
    byId('loading').hidden = true;
    await this.deps.host.onEdit((event) => void this.enqueue(() => this.recheck(event.range)));
    await this.deps.host.onSelection((event) => this.selectedByClerk(event));
    await this.connect(false);
    await this.refreshSheets();
  }

  private wire(): void {
    byId('connection-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.exclusive(() => this.connect(true));
    });
    byId('validate').addEventListener('click', () => void this.exclusive(() => this.validate()));
    byId('clear').addEventListener('click', () => void this.exclusive(() => this.clear()));
    byId('submit').addEventListener('click', () => void this.exclusive(() => this.submit()));
    byId('template').addEventListener('click', () => void this.exclusive(() => this.template()));
    byId('next').addEventListener('click', () => void this.walk(1));
    byId('previous').addEventListener('click', () => void this.walk(-1));
    byId('period').addEventListener('change', () => this.savePeriod());
    byId('household-sheet').addEventListener('focus', () => void this.refreshSheets());
  }

  /** One action at a time (edits queue behind it); a click while busy says so. */
  private async exclusive(action: () => Promise<void>): Promise<void> {
    if (this.busy) {
      showMessage(this.t('busy'));
      return;
    }
    this.busy = true;
    // Disabling the focused button drops keyboard focus to <body>; it is given back afterwards.
    const focused = document.activeElement;
    for (const id of ['validate', 'clear', 'submit', 'template']) byId<HTMLButtonElement>(id).disabled = true;
    try {
      await this.enqueue(action);
    } finally {
      this.busy = false;
      for (const id of ['validate', 'clear', 'submit', 'template']) byId<HTMLButtonElement>(id).disabled = false;
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && focused instanceof HTMLElement && focused !== document.body && focused.isConnected) focused.focus();
    }
  }

  private enqueue(action: () => Promise<void>): Promise<void> {
    const run = this.queue.then(action).catch((error) => this.fail(error));
    this.queue = run;
    return run;
  }

  private fail(error: unknown): void {
    showProgress(null);
    showMessage(this.explain(error), 'error');
  }

  /** A failure as a sentence a clerk understands (never the token). */
  explain(error: unknown): string {
    return explainFailure(error, this.t, this.lang);
  }

  // ── Connection and criteria ────────────────────────────────────────────────────────────

  private async connect(saveInput: boolean): Promise<void> {
    const t = this.t;
    if (saveInput) {
      this.deps.storage.setItem(KEY_URL, byId<HTMLInputElement>('worker-url').value.trim());
      this.deps.storage.setItem(KEY_TOKEN, byId<HTMLInputElement>('token').value.trim());
      showMessage(t('connecting'));
    }
    this.principal = null;
    const hasToken = byId<HTMLInputElement>('token').value.trim() !== '';
    // A refused token means the server answered: the criteria line must not say it is unreachable.
    let refused = false;
    if (hasToken) {
      try {
        this.principal = await this.api.me();
      } catch (error) {
        refused = !(error instanceof NetworkError);
        if (refused) showMessage(this.explain(error), 'error');
      }
    }
    this.showConnection();
    await this.showCounty();
    await this.loadCriteria(hasToken && !refused);
    if (saveInput && this.principal) showMessage(byId('connection-state').textContent ?? '', 'ok');
  }

  /** County mode (addin/county, built as county.js): mounted for county and admin tokens only. */
  countyWorkbench: { unmount(): void } | null = null;

  private async showCounty(): Promise<void> {
    this.countyWorkbench?.unmount();
    this.countyWorkbench = null;
    const role = this.principal?.role;
    if (role !== 'county' && role !== 'admin') return;
    try {
      // A separate bundle, loaded by URL: clerks never download it, and the pane's JS stays small.
      const county = (await import(/* @vite-ignore */ new URL('county.js', document.baseURI).href)) as typeof import('../county/index');
      this.countyWorkbench = await county.mountCounty({
        parent: byId('app'),
        host: this.deps.host,
        role,
        t: this.t,
        lang: this.lang,
        connection: () => ({ baseUrl: byId<HTMLInputElement>('worker-url').value.trim() || this.deps.origin, token: byId<HTMLInputElement>('token').value.trim() }),
        fetch: this.deps.fetch,
      });
    } catch (error) {
      showMessage(this.explain(error), 'error');
    }
  }

  private showConnection(): void {
    const t = this.t;
    const p = this.principal;
    byId('connection-state').textContent = p
      ? t('connectedAs', { role: t(`role_${p.role}`), township: p.township ? ` · ${p.township}` : '' })
      : t('notConnected');
    (byId('connection') as HTMLDetailsElement).open = !p;
  }

  /** Server criteria (If-None-Match, cached), else the cached copy, else core's built-in default. */
  private async loadCriteria(online: boolean): Promise<void> {
    let choice: { source: 'server' | 'cached' | 'builtin'; criteria: StoredCriteria | null };
    if (online) {
      try {
        choice = await this.api.criteria();
      } catch {
        choice = this.offlineCriteria();
      }
    } else choice = this.offlineCriteria();
    const facts = await this.deps.engine.call({ op: 'criteria', document: choice.criteria?.document ?? null });
    const changedProfile = this.criteria?.facts.profile !== facts.profile;
    this.criteria = { facts, stored: choice.criteria, source: choice.source };
    this.showCriteria(online);
    if (changedProfile) this.showPeriod();
  }

  private offlineCriteria(): { source: 'cached' | 'builtin'; criteria: StoredCriteria | null } {
    try {
      const raw = this.deps.storage.getItem('roster-check.criteria');
      if (raw) return { source: 'cached', criteria: JSON.parse(raw) as StoredCriteria };
    } catch {
      // A damaged cache is as good as none.
    }
    return { source: 'builtin', criteria: null };
  }

  /** Where the criteria come from; `online`: a connection was tried (else there is no token). */
  private showCriteria(online: boolean): void {
    const { t } = this;
    const c = this.criteria!;
    const profile = t(c.facts.profile === 'monitoring' ? 'profile_monitoring' : 'profile_default');
    const stored = c.stored;
    const facts: Record<string, string | number> = stored ? { version: stored.version, profile, date: stored.createdAt.slice(0, 10) } : { profile };
    const line =
      c.source === 'server'
        ? t('criteriaServer', facts)
        : c.source === 'cached'
          ? t(online ? 'criteriaCached' : 'criteriaCachedLocal', facts)
          : t(online ? 'criteriaBuiltin' : 'criteriaBuiltinLocal', facts);
    byId('criteria-line').textContent = line;
  }

  private showPeriod(): void {
    const kind = this.criteria!.facts.periodKind;
    const saved = this.deps.storage.getItem(KEY_PERIOD + kind);
    const input = byId<HTMLInputElement>('period');
    input.value = saved ?? defaultPeriod(kind);
    byId('period-hint').textContent = kind === 'year' ? this.t('periodHintYear', { example: defaultPeriod('year') }) : this.t('periodHintMonth', { example: defaultPeriod('month') });
  }

  private savePeriod(): void {
    const kind = this.criteria?.facts.periodKind ?? 'year';
    const period = normalisePeriod(kind, byId<HTMLInputElement>('period').value);
    if (period) this.deps.storage.setItem(KEY_PERIOD + kind, period);
  }

  private period(): string {
    const kind = this.criteria!.facts.periodKind;
    const text = byId<HTMLInputElement>('period').value;
    const period = normalisePeriod(kind, text);
    if (!period) {
      byId('period').focus();
      const hint = this.t(kind === 'year' ? 'periodHintYear' : 'periodHintMonth', { example: defaultPeriod(kind) });
      throw new ClerkMessage(this.t('periodInvalid', { text, hint }));
    }
    return period;
  }

  // ── Sheets ─────────────────────────────────────────────────────────────────────────────

  private async rosterSheets(): Promise<SheetInfo[]> {
    return (await this.deps.host.listSheets()).filter((s) => !s.ownedByAddin && s.visible);
  }

  /** Refills the sheet pickers, keeping the clerk's choice when the sheet still exists. */
  private async refreshSheets(): Promise<void> {
    const sheets = await this.rosterSheets();
    const fill = (id: string, withNone: boolean) => {
      const select = byId<HTMLSelectElement>(id);
      const keep = select.value;
      const options = [new Option(this.t('auto'), '')];
      if (withNone) options.push(new Option(this.t('none'), '\u0000none'));
      for (const s of sheets) options.push(new Option(s.name, s.name));
      select.replaceChildren(...options);
      select.value = options.some((o) => o.value === keep) ? keep : '';
    };
    fill('household-sheet', false);
    fill('member-sheet', true);
    this.labelDetected();
  }

  private labelDetected(): void {
    for (const [id, part] of [['household-sheet', 'households'], ['member-sheet', 'members']] as const) {
      // After a validation "自动识别" names what it used: a sheet, or 无 (one row per person).
      const found = this.detected ? (this.detected[part] ?? this.t('none')) : null;
      const auto = byId<HTMLSelectElement>(id).options[0];
      if (auto) auto.text = found ? this.t('autoFound', { name: found }) : this.t('auto');
    }
  }

  /** The clerk's choice, or the sheets found by their headers. */
  private async chooseSheets(): Promise<{ households: string; members: string | null } | null> {
    const sheets = await this.rosterSheets();
    const hhChoice = byId<HTMLSelectElement>('household-sheet').value;
    const memChoice = byId<HTMLSelectElement>('member-sheet').value;
    const scan = this.criteria!.facts.headerScanRows;
    const heads = await Promise.all(
      sheets
        .filter((s) => s.rowCount > 0 && s.columnCount > 0)
        .map(async (s) => ({
          name: s.name,
          head: await this.deps.host.readRange({ sheet: s.name, row: 1, column: 0, rowCount: Math.min(scan, s.rowCount), columnCount: s.columnCount }),
        })),
    );
    const found = await this.deps.engine.call({ op: 'detect', sheets: heads });
    // The pickers say which sheets "自动识别" found, so the clerk sees what is being checked.
    this.detected = { households: found.households, members: found.members === found.households ? null : found.members };
    this.labelDetected();
    const households = hhChoice || found.households;
    if (!households) return null;
    let members = memChoice === '\u0000none' ? null : memChoice || found.members;
    if (members === households) members = null;
    return { households, members };
  }

  // ── 校验 Validate ──────────────────────────────────────────────────────────────────────

  async validate(): Promise<void> {
    const { t, deps } = this;
    const t0 = performance.now();
    if (!this.criteria) await this.loadCriteria(false);
    const period = this.period();
    showProgress(0);
    hideResults();
    const names = await this.chooseSheets();
    if (!names) {
      showProgress(null);
      showMessage(t('noRoster', { min: this.criteria!.facts.headerMinMatches }), 'error');
      return;
    }
    const info = new Map((await deps.host.listSheets()).map((s) => [s.name, s]));
    const totalRows = (info.get(names.households)?.rowCount ?? 0) + (names.members ? (info.get(names.members)?.rowCount ?? 0) : 0) || 1;
    let before = 0;
    const read = async (sheet: string) =>
      deps.host.readSheet(sheet, {
        onProgress: (done, total) => {
          showMessage(t('reading', { sheet, done, total }));
          showProgress(((before + done) / totalRows) * 60);
        },
      });
    const households = await read(names.households);
    before = households.length;
    // The household sheet goes to the engine while the member sheet is read.
    const sent = deps.engine.call({ op: 'table', part: 'households', table: households });
    const members = names.members ? await read(names.members) : null;
    await sent;
    const tRead = performance.now();
    showMessage(t('checking'));
    showProgress(65);
    const view = await deps.engine.call({
      op: 'evaluate',
      request: { households: null, members, names, period, expectedTownship: this.principal?.role === 'clerk' ? this.principal.township : null },
    });
    const tEngine = performance.now();
    this.roster = { names, rows: { households: households.length, members: members?.length ?? 0 }, period, criteriaVersion: this.criteria!.stored?.version ?? null, view };
    // The engine builds the result sheets while the marks are painted.
    const sheets = this.resultSheets();
    showMessage(t('painting'));
    showProgress(75);
    this.marks.clear();
    await this.paint(view, true);
    const tMarks = performance.now();
    showMessage(t('writingSheets'));
    showProgress(85);
    await this.writeResultSheets(await sheets);
    const tEnd = performance.now();
    this.timings.validate = { totalMs: tEnd - t0, readMs: tRead - t0, engineMs: tEngine - tRead, coreMs: view.coreMs, marksMs: tMarks - tEngine, sheetsMs: tEnd - tMarks };
    showProgress(null);
    this.showRoster(view);
    showMessage(view.unreadable ? t('unreadable') + view.sheetIssues.filter((s) => s.fatal).map((s) => pick(s.message, this.lang)).join('；') : t('done', { ms: Math.round(tEnd - t0) }), view.unreadable ? 'error' : 'ok');
  }

  /** Paints the marks of the sheets that changed (all of them on a full validation). */
  private async paint(view: RosterView, full: boolean): Promise<void> {
    const { names } = this.roster!;
    const painted: { sheet: string; marks: SheetMarks }[] = [];
    for (const part of ['households', 'members'] as RosterSheet[]) {
      const marks = view.marks[part];
      const sheet = part === 'households' ? names.households : names.members;
      if (!sheet || !marks) continue;
      if (!full && !view.changed.includes(part)) continue;
      painted.push({ sheet, marks });
      this.marks.set(sheet, marks);
    }
    if (painted.length > 0) await this.deps.host.paintMarks(painted);
  }

  private resultSheets() {
    const roster = this.roster!;
    const { t } = this;
    const criteria = roster.criteriaVersion === null ? t('builtinCriteria') : t('versionN', { version: roster.criteriaVersion });
    const n = roster.view.counts.errors + roster.view.counts.warnings + roster.view.sheetIssues.length;
    return this.deps.engine.call({
      op: 'resultSheets',
      options: {
        lang: this.lang,
        checkTitle: t('checkTitle', { n, criteria, period: roster.period }),
        scoreTitle: t('scoreTitle', { n: roster.view.households, criteria, period: roster.period }),
      },
    });
  }

  private async writeResultSheets(sheets?: { check: ResultSheetSpec; score: ResultSheetSpec }): Promise<void> {
    const { check, score } = sheets ?? (await this.resultSheets());
    await this.deps.host.writeResultSheet(check);
    await this.deps.host.writeResultSheet(score);
  }

  private showRoster(view: RosterView): void {
    renderSummary({ summary: view.summary, counts: view.counts, outcome: this.criteria!.facts.outcome, sheetIssues: view.sheetIssues, ruleMessages: view.ruleMessages }, this.t, this.lang);
    const total = this.marks.list().length;
    if (this.position >= total) this.position = total - 1;
    renderPosition(this.position, total, this.t);
    if (this.selected) this.showReasons(this.selected);
  }

  // ── Marks follow the fixes ─────────────────────────────────────────────────────────────

  /** After an edit in a roster sheet: read only the changed cells, re-check, repaint what changed. */
  private async recheck(range: { sheet: string; row: number; column: number; rowCount: number; columnCount: number }): Promise<void> {
    const roster = this.roster;
    if (!roster) return;
    const part: RosterSheet | null = range.sheet === roster.names.households ? 'households' : range.sheet === roster.names.members ? 'members' : null;
    if (!part) return;
    const t0 = performance.now();
    // A paste of a whole block is cheaper to read again whole; rows inserted or deleted (the
    // sheet's row count is not what the edit explains) move every row after them: read again.
    const expected = Math.max(roster.rows[part], range.row + range.rowCount - 1);
    const sheet = (await this.deps.host.listSheets()).find((s) => s.name === range.sheet);
    if (range.rowCount * range.columnCount > 50_000 || !sheet || sheet.rowCount !== expected) {
      await this.validate();
      this.rechecks++;
      return;
    }
    roster.rows[part] = expected;
    const values = await this.deps.host.readRange(range);
    const tRead = performance.now();
    const view = await this.deps.engine.call({ op: 'patch', patch: { sheet: part, row: range.row, column: range.column, values } });
    const tEngine = performance.now();
    roster.view = { ...view, marks: { households: view.marks.households ?? roster.view.marks.households, members: view.marks.members ?? roster.view.marks.members } };
    await this.paint(view, false);
    const tEnd = performance.now();
    this.timings.recheck = { totalMs: tEnd - t0, readMs: tRead - t0, engineMs: tEngine - tRead, marksMs: tEnd - tEngine };
    this.rechecks++;
    this.showRoster(roster.view);
    showMessage(this.t('rechecked'), 'ok');
    this.scheduleResultSheets();
  }

  /** Result sheets follow an edit too, once the clerk pauses (a rewrite per keystroke is waste). */
  private scheduleResultSheets(): void {
    if (this.sheetsTimer) clearTimeout(this.sheetsTimer);
    this.sheetsTimer = setTimeout(() => {
      this.sheetsTimer = null;
      if (this.roster) void this.enqueue(() => this.writeResultSheets());
    }, 800);
  }

  /** Settles pending edits and result-sheet rewrites (tests and the bench wait on it). */
  async idle(): Promise<void> {
    while (this.sheetsTimer) await new Promise((r) => setTimeout(r, 50));
    await this.queue;
  }

  // ── Walking and reasons ────────────────────────────────────────────────────────────────

  private async walk(direction: 1 | -1): Promise<void> {
    const list = this.marks.list();
    if (list.length === 0) return;
    const current = this.position >= 0 ? list[this.position] : this.selected;
    const index = current && this.position >= 0 ? (this.position + direction + list.length) % list.length : this.marks.indexAfter(current, direction);
    this.position = index;
    const place = list[index];
    renderPosition(index, list.length, this.t);
    await this.deps.host.selectCell(place);
    this.showReasons(place);
  }

  /** A selection the clerk made: the walk goes on from there (unless it is the walk's own). */
  private selectedByClerk(place: MarkPlace): void {
    const current = this.position >= 0 ? this.marks.list()[this.position] : null;
    if (!current || current.sheet !== place.sheet || current.row !== place.row || current.column !== place.column) {
      this.position = -1;
      if (this.roster) renderPosition(-1, this.marks.list().length, this.t);
    }
    this.showReasons(place);
  }

  private showReasons(place: MarkPlace): void {
    this.selected = place;
    if (!this.roster) return;
    const reasons = this.marks.reasonsAt(place.sheet, place.row, place.column);
    renderReasons(place, reasons, this.t, this.lang);
  }

  // ── 清除标记 Clear ─────────────────────────────────────────────────────────────────────

  async clear(): Promise<void> {
    if (this.sheetsTimer) clearTimeout(this.sheetsTimer);
    this.sheetsTimer = null;
    await this.deps.host.clearAll();
    this.roster = null;
    this.marks.clear();
    this.position = -1;
    hideResults();
    showMessage(this.t('cleared'), 'ok');
  }

  // ── 上报 Submit ────────────────────────────────────────────────────────────────────────

  async submit(): Promise<void> {
    const { t } = this;
    const token = byId<HTMLInputElement>('token').value.trim();
    if (!token) throw new ClerkMessage(t('needToken'));
    if (!this.principal) await this.connect(false);
    const p = this.principal;
    if (!p) throw new ClerkMessage(t('http401'));
    if (p.role !== 'clerk' || !p.township) throw new ClerkMessage(t('needClerk'));
    if (!this.roster) throw new ClerkMessage(t('validateFirst'));
    // The criteria may have changed since this validation: then the clerk sees the new marks first.
    const before = this.roster.criteriaVersion;
    await this.loadCriteria(true);
    const now = this.criteria!.stored?.version ?? null;
    if (this.criteria!.source === 'server' && now !== before) {
      await this.validate();
      showMessage(t('criteriaChanged', { old: before ?? t('builtinCriteria'), new: now ?? '' }), 'error');
      return;
    }
    if (this.roster.view.unreadable) throw new ClerkMessage(t('unreadableNoSubmit'));
    const body = await this.deps.engine.call({ op: 'submissionBody', period: this.roster.period, township: p.township });
    showProgress(50);
    const { receipt, replayed } = await this.api.submit(body, {
      onAttempt: (n) => showMessage(t('submitting', { attempt: n })),
      onRetry: (ms) => showMessage(t('submitRetry', { s: Math.round(ms / 1000) })),
    });
    showProgress(null);
    renderReceipt(receipt, replayed, t, this.lang);
    showMessage(t('submittedShort'), 'ok');
  }

  // ── 插入模板 Template ──────────────────────────────────────────────────────────────────

  async template(): Promise<void> {
    if (!this.criteria) await this.loadCriteria(false);
    const specs = this.criteria!.facts.template;
    const existing = new Set((await this.deps.host.listSheets()).map((s) => s.name));
    const clash = specs.map((s) => s.name).filter((n) => existing.has(n));
    if (clash.length > 0) throw new ClerkMessage(this.t('templateExists', { names: clash.join('、') }));
    await this.deps.host.writeTemplate(specs);
    await this.refreshSheets();
    showMessage(this.t('templateDone', { names: specs.map((s) => s.name).join('、') }), 'ok');
  }
}

export async function startPane(deps: PaneDeps): Promise<Pane> {
  const pane = new Pane(deps);
  await pane.start();
  return pane;
}

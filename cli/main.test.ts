import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCriteria, defaultCriteria, evaluateRoster } from '../core/index';
import { marksOf } from '../core/marks/index';
import type { Table } from '../core/types';
import { generateRoster } from '../bench/roster';
import { main, type Io } from './main';
import { writeRosterWorkbook } from './testing/workbooks';
import { openWorkbook } from './xlsx/read';
import { readZipDirectory } from './xlsx/zip';

const dir = mkdtempSync(join(tmpdir(), 'roster-cli-'));
const criteria = compileCriteria(defaultCriteria);
const asExcel = (t: Table): Table => t.map((r) => r.map((v) => (v === '' ? null : v)));
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: { ROSTER_CHECK_CACHE: join(dir, 'cache'), ...env }, tty: false };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const clean = generateRoster(40, 21, { dirtyRate: 0 });
const dirty = generateRoster(120, 22, { dirtyRate: 0.3 });
const files = { clean: join(dir, 'in', '江边乡-clean.xlsx'), dirty: join(dir, 'in', '新哨镇-dirty.xlsx'), bad: join(dir, 'in', 'notes.xlsx') };

beforeAll(async () => {
  mkdirSync(join(dir, 'in'));
  await writeRosterWorkbook(files.clean, { households: clean.households, members: clean.members, titleRows: ['花名册'], merge: true });
  await writeRosterWorkbook(files.dirty, { households: dirty.households, members: dirty.members });
  writeFileSync(files.bad, 'not a workbook');
});

describe('roster-check check', () => {
  it('prints one summary line per file and exits 0 when no errors', async () => {
    const expected = evaluateRoster(criteria, { households: [['花名册'], ...asExcel(clean.households)], members: [['花名册'], ...asExcel(clean.members)] });
    expect(expected.households.every((h) => h.issues.every((i) => i.severity !== 'error'))).toBe(true);
    const r = await cli(['check', files.clean, '--period', '2020']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^江边乡-clean\.xlsx：40 户，\d+ 人，错误 0，警告 \d+，可脱贫 \d+ 户，风险等级 一级 \d+ \/ 二级 \d+ \/ 三级 \d+$/);
    expect(r.err).toContain('评价标准：内置');
  });

  it('exits 1 when errors were found, and --json prints core\'s full results', async () => {
    const r = await cli(['check', files.dirty, '--period', '2020', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    const want = evaluateRoster(criteria, { households: asExcel(dirty.households), members: asExcel(dirty.members), period: '2020' });
    expect(json.result).toEqual(JSON.parse(JSON.stringify(want)));
    expect(json.summary.errors).toBeGreaterThan(0);
    expect(json.criteria).toEqual({ kind: 'builtin', version: null, profile: 'default' });
  });

  it('exits 2 for an unreadable file, still checking the others in a folder', async () => {
    const r = await cli(['check', join(dir, 'in'), '--period', '2020', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.out.split('\n')).toHaveLength(2);
    expect(r.err).toContain('notes.xlsx: cannot be read. Not an .xlsx file (it is not a zip archive)');
  });

  it('exits 2 for bad usage: unknown option, no file, a period that is none, an unknown profile', async () => {
    expect((await cli(['check', files.clean, '--frobnicate'])).code).toBe(2);
    expect((await cli(['check'])).code).toBe(2);
    const period = await cli(['check', files.clean, '--period', '2020-13']);
    expect(period.code).toBe(2);
    expect(period.err).toContain('期间“2020-13”无效');
    expect((await cli(['check', files.clean, '--profile', 'nope'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('--out writes the report workbook and an annotated copy; the original is never written', async () => {
    const before = sha(files.dirty);
    const out = join(dir, 'out');
    const r = await cli(['check', files.dirty, '--period', '2020', '--out', out]);
    expect(r.code).toBe(1);
    expect(sha(files.dirty)).toBe(before);
    expect(readdirSync(out).sort()).toEqual(['新哨镇-dirty.已标注.xlsx', '新哨镇-dirty.校验报告.xlsx']);
    const want = evaluateRoster(criteria, { households: asExcel(dirty.households), members: asExcel(dirty.members), period: '2020' });
    const marks = marksOf(want);

    const report = await openWorkbook(readFileSync(join(out, '新哨镇-dirty.校验报告.xlsx')));
    expect(report.sheets.map((s) => s.name)).toEqual(['校验结果', '评分结果', '汇总']);
    const lines = await report.readSheet(report.sheets[0]);
    const reasons = [marks.households, marks.members].reduce((n, m) => n + m.cells.reduce((k, c) => k + c.reasons.length, 0) + m.rows.reduce((k, c) => k + c.reasons.length, 0), 0);
    expect(lines.length - 1).toBe(reasons + want.sheetIssues.length);
    expect(lines[0]).toEqual(['工作表', '行', '户编号', '列', '规则', '严重程度', '说明', '定位']);
    const first = marks.households.cells[0];
    expect(lines[1].slice(0, 2)).toEqual(['户表', first.row]);
    const scores = await report.readSheet(report.sheets[1]);
    expect(scores.length - 1).toBe(want.households.length);
    expect(scores[1][0]).toBe(want.households[0].householdId);
    const summary = await report.readSheet(report.sheets[2]);
    expect(summary[0]).toEqual(['文件：新哨镇-dirty.xlsx']);

    // The annotated copy: every part of the original byte for byte but the marked sheets and styles.
    const original = readZipDirectory(readFileSync(files.dirty));
    const copy = readZipDirectory(readFileSync(join(out, '新哨镇-dirty.已标注.xlsx')));
    expect([...copy.keys()]).toEqual([...original.keys()]);
    for (const [name, e] of original) {
      const changed = name === 'xl/styles.xml' || name === 'xl/worksheets/sheet1.xml' || name === 'xl/worksheets/sheet2.xml';
      if (!changed) expect(copy.get(name)!.crc).toBe(e.crc);
    }
    const annotated = await openWorkbook(readFileSync(join(out, '新哨镇-dirty.已标注.xlsx')));
    const source = await openWorkbook(readFileSync(files.dirty));
    for (let k = 0; k < 2; k++) expect(await annotated.readSheet(annotated.sheets[k])).toEqual(await source.readSheet(source.sheets[k]));
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '新哨镇-dirty.已标注.xlsx'));
    const cf = (wb.getWorksheet('户表') as unknown as { conditionalFormattings: { ref: string; rules: { formulae: string[] }[] }[] }).conditionalFormattings;
    expect(cf.length).toBeGreaterThan(0);
    expect(cf[0].rules[0].formulae).toEqual(['TRUE']);
    const firstCell = `${String.fromCharCode(65 + (first.column % 26))}`;
    expect(cf.map((c) => c.ref).join(' ')).toContain(`${first.column < 26 ? firstCell : ''}`);
  });

  it('--out that cannot be written: exit 2 with the reason, nothing half-written', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const r = await cli(['check', files.clean, '--out', blocker]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`无法写入 ${blocker}`);
    const readOnly = join(dir, 'ro');
    mkdirSync(readOnly);
    writeFileSync(join(readOnly, '江边乡-clean.校验报告.xlsx'), 'old');
    (await import('node:fs')).mkdirSync(join(readOnly, '江边乡-clean.已标注.xlsx')); // a folder in the way of the copy
    const r2 = await cli(['check', files.clean, '--out', readOnly]);
    expect(r2.code).toBe(2);
    expect(readdirSync(readOnly).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('--criteria FILE and --profile: the monitoring criteria refused against --profile default', async () => {
    const file = join(dir, 'criteria.json');
    writeFileSync(file, JSON.stringify(defaultCriteria));
    const ok = await cli(['check', files.clean, '--criteria', file, '--period', '2020']);
    expect(ok.code).toBe(0);
    expect(ok.err).toContain(`评价标准：${file}`);
    const bad = join(dir, 'bad-criteria.json');
    writeFileSync(bad, JSON.stringify({ ...defaultCriteria, schema: 'nope' }));
    const r = await cli(['check', files.clean, '--criteria', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('评价标准有误');
    expect((await cli(['check', files.clean, '--criteria', file, '--profile', 'monitoring'])).code).toBe(2);
  });
});

/** A stand-in for the county service: records every request, answers from a script. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

function fakeService(answer: (req: Seen, n: number) => { status: number; body?: unknown; headers?: Record<string, string>; text?: string }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      const a = answer(s, seen.length);
      const type = a.text !== undefined ? 'text/csv; charset=utf-8' : 'application/json';
      res.writeHead(a.status, { 'content-type': type, ...a.headers });
      res.end(a.text ?? (a.body === undefined ? '' : JSON.stringify(a.body)));
    });
  });
  return new Promise<{ url: string; seen: Seen[]; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, seen, close: () => server.close() });
    }),
  );
}

const TOKEN = 'rc_test_token_value_that_must_never_be_printed';

describe('roster-check against the county service', () => {
  const servers: { close: () => void }[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('check --server --token uses the current criteria, remembers them, and works offline from the cache', async () => {
    const svc = await fakeService((req) =>
      req.headers['if-none-match'] === '"criteria-v7"' ? { status: 304 } : { status: 200, body: { version: 7, document: defaultCriteria }, headers: { etag: '"criteria-v7"' } },
    );
    servers.push(svc);
    const env = { ROSTER_CHECK_SERVER: svc.url, ROSTER_CHECK_TOKEN: TOKEN, ROSTER_CHECK_CACHE: join(dir, 'cache-server') };
    const a = await cli(['check', files.clean, '--period', '2020'], env);
    expect(a.code).toBe(0);
    expect(a.err).toContain('县服务第 7 版');
    expect(svc.seen[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    const b = await cli(['check', files.clean, '--period', '2020'], env);
    expect(b.code).toBe(0);
    expect(svc.seen[1].headers['if-none-match']).toBe('"criteria-v7"');
    svc.close();
    const c = await cli(['check', files.clean, '--period', '2020'], env);
    expect(c.code).toBe(0);
    expect(c.err).toContain('使用缓存的第 7 版');
    for (const r of [a, b, c]) expect(r.out + r.err).not.toContain(TOKEN);
  });

  it('submit sends the tables once under one Idempotency-Key, retrying a failed attempt', async () => {
    let posts = 0;
    const svc = await fakeService((req) => {
      if (req.url === '/api/v1/criteria') return { status: 200, body: { version: 3, document: defaultCriteria }, headers: { etag: '"criteria-v3"' } };
      posts++;
      if (posts === 1) return { status: 503, body: { zh: '忙', en: 'busy' } };
      return { status: 201, body: { id: 'sub-1', township: '江边乡', period: '2020', criteriaVersion: 3, households: 40, rowsWithErrors: 0, sheetIssues: [] } };
    });
    servers.push(svc);
    const r = await cli(['submit', files.clean, '--period', '2020', '--township', '江边乡', '--server', svc.url, '--token', TOKEN]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('已提交 江边乡 2020：提交编号 sub-1');
    expect(r.err).toContain('第 1 次重试');
    const submissions = svc.seen.filter((s) => s.url === '/api/v1/submissions');
    expect(submissions).toHaveLength(2);
    expect(submissions[0].headers['idempotency-key']).toBeTruthy();
    expect(submissions[1].headers['idempotency-key']).toBe(submissions[0].headers['idempotency-key']);
    const body = JSON.parse(submissions[1].body);
    expect(body.period).toBe('2020');
    expect(body.township).toBe('江边乡');
    const trim = (t: Table) => t.map((r) => r.slice(0, r.reduce((n: number, v, i) => (v === null || v === undefined ? n : i + 1), 0)));
    expect(trim(body.households)).toEqual(trim([['花名册'], ...asExcel(clean.households)]));
    expect(r.out + r.err).not.toContain(TOKEN);
  }, 30_000);

  it('submit without a server, or without a period, is bad usage', async () => {
    expect((await cli(['submit', files.clean, '--period', '2020'])).code).toBe(2);
    expect((await cli(['submit', files.clean, '--server', 'http://127.0.0.1:9', '--token', TOKEN])).code).toBe(2);
  });

  it('tokens create|list|revoke', async () => {
    const svc = await fakeService((req) => {
      if (req.method === 'POST') return { status: 201, body: { id: 't9', token: 'rc_new_secret', role: 'clerk', township: '江边乡', label: 'x', createdAt: '', createdBy: null, revokedAt: null } };
      if (req.method === 'GET') return { status: 200, body: [{ id: 't9', role: 'clerk', township: '江边乡', label: '江边乡 文书', createdAt: '2026-01-01', revokedAt: null }] };
      return { status: 204 };
    });
    servers.push(svc);
    const env = { ROSTER_CHECK_SERVER: svc.url, ROSTER_CHECK_TOKEN: TOKEN };
    const created = await cli(['tokens', 'create', '--role', 'clerk', '--township', '江边乡', '--label', '江边乡 文书'], env);
    expect(created.code).toBe(0);
    expect(created.out).toContain('rc_new_secret');
    expect(JSON.parse(svc.seen[0].body)).toEqual({ role: 'clerk', township: '江边乡', label: '江边乡 文书' });
    const list = await cli(['tokens', 'list'], env);
    expect(list.out).toContain('t9\tclerk\t江边乡\t江边乡 文书');
    const revoked = await cli(['tokens', 'revoke', 't9'], env);
    expect(revoked.code).toBe(0);
    expect(svc.seen[2]).toMatchObject({ method: 'DELETE', url: '/api/v1/admin/tokens/t9' });
    for (const r of [created, list, revoked]) expect(r.out + r.err).not.toContain(TOKEN);
  });

  it('criteria publish shows core\'s problems in Chinese without sending; a valid one goes with If-Match', async () => {
    const svc = await fakeService((req) => {
      if (req.method === 'GET') return { status: 200, body: { version: 4, document: defaultCriteria }, headers: { etag: '"criteria-v4"' } };
      if (req.method === 'PUT') return { status: 200, body: { version: 5 } };
      return { status: 200, body: { townships: [{ township: '江边乡', households: 10, exitEligible: 2, riskLevel: 1, score: 3, any: 4 }], total: { households: 10, exitEligible: 2, riskLevel: 1, score: 3, any: 4 } } };
    });
    servers.push(svc);
    const env = { ROSTER_CHECK_SERVER: svc.url, ROSTER_CHECK_TOKEN: TOKEN };
    const bad = join(dir, 'publish-bad.json');
    writeFileSync(bad, JSON.stringify({ ...defaultCriteria, parameters: { ...defaultCriteria.parameters, income_line: 'abc' }, rules: [{ id: 'x', kind: 'nope' }] }));
    const refused = await cli(['criteria', 'publish', bad], env);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/评价标准有误：\n {2}rules/);
    expect(svc.seen).toHaveLength(0);
    const good = join(dir, 'publish-good.json');
    writeFileSync(good, JSON.stringify(defaultCriteria));
    const published = await cli(['criteria', 'publish', good, '--note', '收入线调整'], env);
    expect(published.code).toBe(0);
    expect(published.out).toBe('已发布评价标准第 5 版');
    const put = svc.seen.find((s) => s.method === 'PUT')!;
    expect(put.headers['if-match']).toBe('"criteria-v4"');
    expect(JSON.parse(put.body).note).toBe('收入线调整');
    const diff = await cli(['criteria', 'diff', good, '--period', '2020'], env);
    expect(diff.code).toBe(0);
    expect(svc.seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/criteria/preview' });
    expect(diff.out).toContain('江边乡\t10\t2\t1\t3\t4');
    const got = await cli(['criteria', 'get', '--out', join(dir, 'current.json')], env);
    expect(got.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'current.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(defaultCriteria)));
  });

  it('report summary|issues|duplicates|dynamics to .csv, .xlsx and JSON; a refused request exits 2 with its Chinese text', async () => {
    const svc = await fakeService((req) => {
      if (req.url.startsWith('/api/v1/reports/summary')) return req.url.includes('format=csv') ? { status: 200, text: '\ufeff乡镇,户数\r\n江边乡,40\r\n' } : { status: 200, body: { period: '2020' } };
      if (req.url.startsWith('/api/v1/reports/duplicates')) return { status: 200, body: { period: '2020', count: 1, persons: [{ idMasked: '5325********1234', townships: ['江边乡', '新哨镇'], occurrences: [{ township: '江边乡', householdId: 'A1', row: 3 }, { township: '新哨镇', householdId: 'B7', row: 9 }] }] } };
      if (req.url.startsWith('/api/v1/reports/dynamics')) {
        const c = { households: 1, persons: 2 };
        const m = { new: c, removed: c, exited: c, returned: c, moved: c };
        return { status: 200, body: { from: '2019', to: '2020', townships: { 江边乡: m }, total: m, unmatched: { from: 0, to: 1 } } };
      }
      return { status: 403, body: { zh: '无权查看其他乡镇', en: 'forbidden' } };
    });
    servers.push(svc);
    const env = { ROSTER_CHECK_SERVER: svc.url, ROSTER_CHECK_TOKEN: TOKEN };
    const csv = join(dir, 'summary.csv');
    expect((await cli(['report', 'summary', '--period', '2020', '--out', csv], env)).code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe('\ufeff乡镇,户数\r\n江边乡,40\r\n');
    const xlsx = join(dir, 'summary.xlsx');
    expect((await cli(['report', 'summary', '--period', '2020', '--out', xlsx], env)).code).toBe(0);
    const book = await openWorkbook(readFileSync(xlsx));
    expect(await book.readSheet(book.sheets[0])).toEqual([['乡镇', '户数'], ['江边乡', '40']]);
    const dup = join(dir, 'dup.xlsx');
    expect((await cli(['report', 'duplicates', '--period', '2020', '--out', dup], env)).code).toBe(0);
    const d = await openWorkbook(readFileSync(dup));
    expect((await d.readSheet(d.sheets[0]))[2]).toEqual(['5325********1234', '新哨镇', 'B7', 9]);
    const dyn = await cli(['report', 'dynamics', '--from', '2019', '--to', '2020'], env);
    expect(JSON.parse(dyn.out).unmatched).toEqual({ from: 0, to: 1 });
    const refused = await cli(['report', 'issues', '--period', '2020', '--township', '新哨镇'], env);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('县服务返回 403：无权查看其他乡镇');
    expect(existsSync(join(dir, 'nothing.xlsx'))).toBe(false);
  });
});

describe('npx roster-check (the bin, in its own process)', () => {
  it('runs from package.json\'s bin and returns the exit codes', async () => {
    const run = promisify(execFile);
    const bin = join(import.meta.dirname, 'bin.mjs');
    const ok = await run(process.execPath, [bin, 'check', files.clean, '--period', '2020']);
    expect(ok.stdout).toContain('江边乡-clean.xlsx：40 户');
    const codes: number[] = [];
    for (const f of [files.dirty, files.bad]) {
      try {
        await run(process.execPath, [bin, 'check', f]);
        codes.push(0);
      } catch (e) {
        codes.push((e as { code: number }).code);
      }
    }
    expect(codes).toEqual([1, 2]);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    expect(pkg.bin['roster-check']).toBe('cli/bin.mjs');
  }, 60_000);
});

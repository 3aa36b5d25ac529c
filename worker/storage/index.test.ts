import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { d1Storage, jsonChunks, MAX_BOUND_PARAMETERS, TooManyParametersError } from './index';

describe('d1Storage', () => {
  const storage = d1Storage(env.DB);

  it('runs first/all/run and reports changes', async () => {
    await storage.prepare('CREATE TABLE t (a INTEGER, b TEXT)').run();
    const { changes } = await storage.prepare('INSERT INTO t VALUES (?, ?), (?, ?)').bind(1, 'x', 2, 'y').run();
    expect(changes).toBe(2);
    expect(await storage.prepare('SELECT b FROM t WHERE a = ?').bind(2).first<{ b: string }>()).toEqual({ b: 'y' });
    expect(await storage.prepare('SELECT a FROM t ORDER BY a').all<{ a: number }>()).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('runs a batch as one transaction: a failing statement undoes the others', async () => {
    await storage.prepare('CREATE TABLE u (a INTEGER PRIMARY KEY)').run();
    await expect(
      storage.batch([storage.prepare('INSERT INTO u VALUES (1)'), storage.prepare('INSERT INTO u VALUES (1)')]),
    ).rejects.toThrow();
    expect(await storage.prepare('SELECT COUNT(*) AS n FROM u').first<{ n: number }>()).toEqual({ n: 0 });
  });

  it('refuses more bound parameters than D1 allows before D1 does', () => {
    const values = Array.from({ length: MAX_BOUND_PARAMETERS + 1 }, () => 1);
    expect(() => storage.prepare('SELECT 1').bind(...values)).toThrow(TooManyParametersError);
  });

  it('inserts many rows through one json_each parameter', async () => {
    await storage.prepare('CREATE TABLE v (a INTEGER, b TEXT)').run();
    const rows = Array.from({ length: 5_000 }, (_, i) => [i, `名${i}`]);
    const chunks = jsonChunks(rows, 20_000);
    expect(chunks.length).toBeGreaterThan(1);
    await storage.batch(
      chunks.map((chunk) =>
        storage.prepare("INSERT INTO v SELECT value ->> '$[0]', value ->> '$[1]' FROM json_each(?)").bind(chunk),
      ),
    );
    expect(await storage.prepare('SELECT COUNT(*) AS n, MAX(a) AS m FROM v').first()).toEqual({ n: 5_000, m: 4_999 });
    expect(await storage.prepare('SELECT b FROM v WHERE a = 42').first()).toEqual({ b: '名42' });
  });
});

describe('jsonChunks', () => {
  it('keeps every chunk within the byte limit and every row once', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ i, text: '乡镇'.repeat(i % 7) }));
    const chunks = jsonChunks(rows, 2_000);
    for (const chunk of chunks) expect(new TextEncoder().encode(chunk).length).toBeLessThanOrEqual(2_000);
    expect(chunks.flatMap((chunk) => JSON.parse(chunk))).toEqual(rows);
    expect(jsonChunks([])).toEqual([]);
    expect(() => jsonChunks([{ text: 'x'.repeat(3_000) }], 2_000)).toThrow(RangeError);
  });
});

describe('utf8Length', () => {
  it('matches TextEncoder for ASCII, CJK and astral characters', async () => {
    const { utf8Length } = await import('./index');
    for (const text of ['', 'abc', '新哨镇', 'é', '𠀀x', '{"a":"弥勒市 2020"}']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
